import type { ScoreSummary } from '../domain/score';
import type { CanonicalLead } from '../domain/lead';
import { fieldLabel } from '../scoring/formatReasons';

/** What the task says around the score: for whom, by when, where, and whether the lead came back. */
export interface HandoverContext {
  /** The SLA deadline (ISO instant). */
  dueAt: string;
  language: 'en' | 'es' | 'both';
  /** The rep's IANA time zone (their CRM setting, else the team's); the deadline is shown in it. */
  timeZone?: string;
  /** The lead's page in the CRM. */
  link?: string;
  /** Sales returned this lead to marketing earlier: when and why. */
  returned?: { at: string; reason: string | null };
}

const WORDS = {
  en: {
    subject: (who: string, grade: string, score: number) =>
      `leadloop: follow up ${who} — grade ${grade}, score ${score}`,
    headline: (who: string) => `${who} became a marketing-qualified lead.`,
    profile: 'Profile',
    why: 'Why it qualified (top reasons)',
    missing: 'Still missing',
    complete: 'Required fields: complete.',
    due: 'Follow up by',
    link: 'Open the lead',
    employees: 'employees',
    returned: (at: string, reason: string | null) =>
      `It came back: sales returned it to marketing on ${at}${reason ? ` (why: ${reason})` : ''}; it qualified again on what it did since.`,
  },
  es: {
    subject: (who: string, grade: string, score: number) =>
      `leadloop: contactar a ${who} — perfil ${grade}, puntuación ${score}`,
    headline: (who: string) => `${who} es ahora un lead calificado por marketing (MQL).`,
    profile: 'Perfil',
    why: 'Por qué califica (motivos principales)',
    missing: 'Falta',
    complete: 'Campos obligatorios: completos.',
    due: 'Contactar antes de',
    link: 'Abrir el lead',
    employees: 'empleados',
    returned: (at: string, reason: string | null) =>
      `Ha vuelto: ventas lo devolvió a marketing el ${at}${reason ? ` (motivo: ${reason})` : ''}; volvió a calificar por lo que hizo desde entonces.`,
  },
} as const;

/** `2026-11-23 15:00 Europe/Madrid`: the same shape in both languages, in the rep's time zone. */
export function formatDue(iso: string, timeZone = 'UTC'): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(new Date(iso));
  } catch {
    // a time zone this runtime does not know: UTC, said so
    return formatDue(iso, 'UTC');
  }
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')} ${timeZone}`;
}

export function leadName(lead: CanonicalLead): string {
  const who = [lead.firstName, lead.lastName].filter(Boolean).join(' ') || lead.email || lead.externalId;
  return lead.company ? `${who} (${lead.company})` : who;
}

/** The reasons to call now: what counts for the lead, strongest first. */
export function topReasons(result: ScoreSummary, count: number): ScoreSummary['reasons'] {
  return result.reasons
    .filter((r) => r.points > 0)
    .sort((a, b) => b.points - a.points)
    .slice(0, count);
}

function section(lead: CanonicalLead, result: ScoreSummary, ctx: HandoverContext, lang: 'en' | 'es'): string {
  const w = WORDS[lang];
  const who = leadName(lead);
  const profile = [
    lead.title,
    lead.industry,
    typeof lead.employees === 'number' ? `${lead.employees} ${w.employees}` : undefined,
    [lead.city, lead.country].filter(Boolean).join(', ') || undefined,
    lead.email,
    lead.phone ?? lead.mobilePhone,
    lead.leadSource,
  ].filter((x): x is string => typeof x === 'string' && x !== '');
  const lines = [
    w.headline(who),
    `${w.profile}: ${profile.join(' · ') || '—'}`,
    `${w.why}:`,
    ...topReasons(result, 3).map((r) => `  +${r.points} ${r[lang]}`),
    ...(ctx.returned ? [w.returned(ctx.returned.at.slice(0, 10), ctx.returned.reason)] : []),
    result.missingRequired.length
      ? `${w.missing}: ${result.missingRequired.map((f) => fieldLabel(f, lang)).join(', ')}`
      : w.complete,
    `${w.due}: ${formatDue(ctx.dueAt, ctx.timeZone)}`,
    ...(ctx.link ? [`${w.link}: ${ctx.link}`] : []),
  ];
  return lines.join('\n');
}

/**
 * The task a rep gets with a new MQL, in their language: who the lead is and why now (the top
 * three reasons), whether it came back from marketing and why it had left, what the
 * definition still misses, the deadline in the rep's time zone and a link to the lead.
 */
export function buildHandoverTask(
  lead: CanonicalLead,
  result: ScoreSummary,
  ctx: HandoverContext,
): { subject: string; description: string } {
  const who = leadName(lead);
  if (ctx.language === 'both') {
    return {
      subject: WORDS.en.subject(who, result.grade, result.score).slice(0, 255),
      description: `${section(lead, result, ctx, 'en')}\n\n${section(lead, result, ctx, 'es')}`,
    };
  }
  return {
    subject: WORDS[ctx.language].subject(who, result.grade, result.score).slice(0, 255),
    description: section(lead, result, ctx, ctx.language),
  };
}
