import type { ScoreResult } from './scoreLead';

export type ReasonLanguage = 'en' | 'es';

export interface FormatReasonsOptions {
  language: ReasonLanguage | 'both';
  /** The CRM field's length (e.g. 255 for a Salesforce Text field); the text never exceeds it. */
  maxLength: number;
}

const FIELD_LABELS: Record<string, { en: string; es: string }> = {
  firstName: { en: 'first name', es: 'nombre' },
  lastName: { en: 'last name', es: 'apellido' },
  email: { en: 'email', es: 'correo' },
  phone: { en: 'phone', es: 'teléfono' },
  mobilePhone: { en: 'mobile', es: 'móvil' },
  title: { en: 'job title', es: 'cargo' },
  company: { en: 'company', es: 'empresa' },
  website: { en: 'website', es: 'web' },
  industry: { en: 'industry', es: 'sector' },
  employees: { en: 'employees', es: 'empleados' },
  annualRevenue: { en: 'annual revenue', es: 'facturación' },
  country: { en: 'country', es: 'país' },
  state: { en: 'state', es: 'provincia' },
  city: { en: 'city', es: 'ciudad' },
  leadSource: { en: 'lead source', es: 'origen' },
};

const WORDS = {
  en: { score: 'Score', missing: 'Missing', or: ' or ' },
  es: { score: 'Puntuación', missing: 'Faltan', or: ' o ' },
} as const;

const ELLIPSIS = '…';

function points(p: number): string {
  return p > 0 ? `+${p}` : String(p);
}

/** Labels come from the definition (a handful): each is translated once per language. */
const MISSING_LABELS = { en: new Map<string, string>(), es: new Map<string, string>() };
const MISSING_LABELS_MAX = 1_000;

function missingLabel(label: string, language: ReasonLanguage): string {
  const cache = MISSING_LABELS[language];
  const cached = cache.get(label);
  if (cached !== undefined) return cached;
  const text = label
    .split('|')
    .map((f) => FIELD_LABELS[f]?.[language] ?? f)
    .join(WORDS[language].or);
  if (cache.size < MISSING_LABELS_MAX) cache.set(label, text);
  return text;
}

/** Adds items while they fit; a cut is marked with an ellipsis, never inside an item. */
function fit(head: string, items: string[], maxLength: number): string {
  if (head.length > maxLength) return head.slice(0, Math.max(0, maxLength - 1)) + ELLIPSIS;
  let out = head;
  for (let i = 0; i < items.length; i++) {
    const sep = i === 0 ? ': ' : '; ';
    const candidate = out + sep + items[i];
    // keep room for "; …" unless this is the last item
    const room = i === items.length - 1 ? maxLength : maxLength - sep.length - ELLIPSIS.length;
    if (candidate.length <= room) {
      out = candidate;
      continue;
    }
    return out.length + sep.length + ELLIPSIS.length <= maxLength ? out + sep + ELLIPSIS : out;
  }
  return out;
}

function formatOne(result: ScoreResult, language: ReasonLanguage, maxLength: number): string {
  const words = WORDS[language];
  const head = `${words.score} ${result.score} (${result.grade})`;
  const items: string[] = [];
  if (result.statusReason) items.push(result.statusReason[language]);
  for (const r of result.reasons) {
    if (result.statusReason && r.code === result.statusReason.code) continue;
    items.push(`${points(r.points)} ${r[language]}`);
  }
  if (result.missingRequired.length > 0) {
    items.push(`${words.missing}: ${result.missingRequired.map((m) => missingLabel(m, language)).join(', ')}`);
  }
  return fit(head, items, maxLength);
}

/**
 * The text leadloop writes into the CRM's reasons field, e.g.
 * "Puntuación 82 (A): +20 Director de Marketing (decisor); +15 Empresa de 200–999 empleados".
 * The most important reasons come first, so a cut drops the least important ones.
 * `both` gives English then Spanish, each in half the room.
 */
export function formatReasons(result: ScoreResult, options: FormatReasonsOptions): string {
  const max = Math.max(1, Math.floor(options.maxLength));
  if (options.language !== 'both') return formatOne(result, options.language, max);
  const sep = ' | ';
  const half = Math.floor((max - sep.length) / 2);
  if (half < 10) return formatOne(result, 'en', max);
  return formatOne(result, 'en', half) + sep + formatOne(result, 'es', max - half - sep.length);
}
