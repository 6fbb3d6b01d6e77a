import type { CanonicalLead } from '../domain/lead';
import type { ScoreLike } from '../sync/syncTypes';

const FIELD_NAMES: Record<string, [en: string, es: string]> = {
  lastName: ['last name', 'apellido'], firstName: ['first name', 'nombre'], company: ['company', 'empresa'], email: ['email', 'email'],
  phone: ['phone', 'teléfono'], 'email|phone': ['email or phone', 'email o teléfono'], leadSource: ['lead source', 'origen'],
  title: ['job title', 'cargo'], website: ['website', 'web'], industry: ['industry', 'sector'], employees: ['employees', 'empleados'], country: ['country', 'país'],
};

const name = (field: string, i: 0 | 1) => FIELD_NAMES[field]?.[i] ?? field;

/**
 * The task a rep gets with a new MQL: who it is, why it qualified (the top reasons),
 * what the definition still misses, and the deadline — in English, Spanish or both.
 */
export function buildHandoverTask(lead: CanonicalLead, result: ScoreLike, dueAt: string, language: 'en' | 'es' | 'both'): { subject: string; description: string } {
  const who = [lead.firstName, lead.lastName].filter(Boolean).join(' ') || lead.email || lead.externalId;
  const at = lead.company ? ` (${lead.company})` : '';
  const subjects = {
    en: `leadloop: follow up ${who}${at} — grade ${result.grade}, score ${result.score}`,
    es: `leadloop: contactar a ${who}${at} — perfil ${result.grade}, puntuación ${result.score}`,
  };
  const profile = [
    lead.title, lead.company, lead.industry, typeof lead.employees === 'number' ? `${lead.employees} employees/empleados` : undefined,
    [lead.city, lead.country].filter(Boolean).join(', ') || undefined, lead.email, lead.phone ?? lead.mobilePhone, lead.leadSource,
  ].filter((x): x is string => typeof x === 'string' && x !== '');
  const top = result.reasons.filter((r) => r.points > 0).slice(0, 5);
  const section = (lang: 'en' | 'es') => {
    const i = lang === 'en' ? 0 : 1;
    const lines = [
      lang === 'en' ? `${who}${at} became a marketing-qualified lead.` : `${who}${at} es ahora un lead calificado por marketing (MQL).`,
      `${lang === 'en' ? 'Profile' : 'Perfil'}: ${profile.join(' · ') || '—'}`,
      `${lang === 'en' ? 'Why it qualified' : 'Por qué califica'}:`,
      ...top.map((r) => `  ${r.points > 0 ? '+' : ''}${r.points} ${lang === 'en' ? r.en : r.es}`),
      result.missingRequired.length
        ? `${lang === 'en' ? 'Still missing' : 'Falta'}: ${result.missingRequired.map((f) => name(f, i as 0 | 1)).join(', ')}`
        : lang === 'en' ? 'Required fields: complete.' : 'Campos obligatorios: completos.',
      `${lang === 'en' ? 'Follow up by' : 'Contactar antes de'}: ${dueAt.replace('T', ' ').slice(0, 16)} UTC`,
    ];
    return lines.join('\n');
  };
  if (language === 'both') return { subject: subjects.en.slice(0, 255), description: `${section('en')}\n\n${section('es')}` };
  return { subject: subjects[language].slice(0, 255), description: section(language) };
}
