import type { EngagementType } from '../domain/engagement';
import { explainScore, type Need, type ScoreExplanation, type ShownPoints } from './explainScore';
import type { ScoreResult } from './scoreLead';

export type ReasonLanguage = 'en' | 'es';

export interface FormatReasonsOptions {
  language: ReasonLanguage | 'both';
  /** The CRM field's length (e.g. 255 for a Salesforce Text field); the text never exceeds it. */
  maxLength: number;
}

type Words = Record<ReasonLanguage, string>;

export const FIELD_LABELS: Record<string, Words> = {
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

/** One and several of each event type, as a rep would say it. */
const EVENT_NAMES: Record<EngagementType, { en: [string, string]; es: [string, string] }> = {
  form_submit: { en: ['form submission', 'form submissions'], es: ['formulario enviado', 'formularios enviados'] },
  demo_request: { en: ['demo request', 'demo requests'], es: ['solicitud de demo', 'solicitudes de demo'] },
  content_download: {
    en: ['content download', 'content downloads'],
    es: ['descarga de contenido', 'descargas de contenido'],
  },
  webinar_attended: { en: ['webinar attended', 'webinars attended'], es: ['webinar asistido', 'webinars asistidos'] },
  event_attended: { en: ['event attended', 'events attended'], es: ['evento asistido', 'eventos asistidos'] },
  email_click: { en: ['email click', 'email clicks'], es: ['clic en un correo', 'clics en correos'] },
  email_open: { en: ['email open', 'email opens'], es: ['correo abierto', 'correos abiertos'] },
  inbound_call: { en: ['inbound call', 'inbound calls'], es: ['llamada entrante', 'llamadas entrantes'] },
  pricing_page_visit: {
    en: ['pricing page visit', 'pricing page visits'],
    es: ['visita a precios', 'visitas a precios'],
  },
  website_visit: { en: ['website visit', 'website visits'], es: ['visita a la web', 'visitas a la web'] },
  meeting: { en: ['meeting', 'meetings'], es: ['reunión', 'reuniones'] },
  outbound_call: { en: ['outbound call', 'outbound calls'], es: ['llamada saliente', 'llamadas salientes'] },
  campaign_response: {
    en: ['campaign response', 'campaign responses'],
    es: ['respuesta a campaña', 'respuestas a campañas'],
  },
  unsubscribe: { en: ['unsubscribe', 'unsubscribes'], es: ['baja', 'bajas'] },
  connected_call: { en: ['call with sales', 'calls with sales'], es: ['llamada con ventas', 'llamadas con ventas'] },
  sales_email: { en: ['e-mail from sales', 'e-mails from sales'], es: ['correo de ventas', 'correos de ventas'] },
};

const W = {
  en: {
    score: 'Score',
    fit: 'fit',
    engagement: 'engagement',
    Fit: 'Fit',
    Engagement: 'Engagement',
    grade: 'Grade',
    gradeBasis: 'the grade is on fit only',
    noFit: 'nothing in the profile scores yet',
    noEngagement: 'no counted activity yet',
    more: (n: number) => `from ${n} more`,
    missing: 'Missing',
    or: ' or ',
    eg: 'e.g.',
    now: 'now',
    toMql: 'Nurture — to become an MQL it needs:',
    needFit: (min: number, g: string, now: number) => `fit ≥ ${min} for grade ${g} (now ${now})`,
    needEngagement: (min: number, now: number) => `engagement ≥ ${min} (now ${now})`,
    needComplete: 'the required fields (see Missing)',
    atOnce: 'or at once —',
    within: (d: number) => `within ${d} days`,
    disqualified: 'disqualified',
    gradeWord: 'grade',
    definition: 'Definition',
  },
  es: {
    score: 'Puntuación',
    fit: 'perfil',
    engagement: 'interés',
    Fit: 'Perfil',
    Engagement: 'Interés',
    grade: 'Grado',
    gradeBasis: 'el grado depende solo del perfil',
    noFit: 'nada del perfil puntúa aún',
    noEngagement: 'sin actividad que cuente aún',
    more: (n: number) => `de ${n} más`,
    missing: 'Faltan',
    or: ' o ',
    eg: 'p. ej.',
    now: 'ahora',
    toMql: 'Nutrición — para ser MQL necesita:',
    needFit: (min: number, g: string, now: number) => `perfil ≥ ${min} para grado ${g} (ahora ${now})`,
    needEngagement: (min: number, now: number) => `interés ≥ ${min} (ahora ${now})`,
    needComplete: 'los campos obligatorios (ver Faltan)',
    atOnce: 'o de inmediato —',
    within: (d: number) => `en ${d} días`,
    disqualified: 'descalificado',
    gradeWord: 'grado',
    definition: 'Definición',
  },
} as const;

/** What the status means to a rep, by the status cause's stem. */
const STATUS_LINES: Record<string, Words> = {
  mql_threshold: {
    en: 'MQL: the profile, the engagement and the required fields meet the definition',
    es: 'MQL: perfil, interés y campos obligatorios cumplen la definición',
  },
  sales_owned: {
    en: 'Sales owns this lead: leadloop keeps its status',
    es: 'Este lead es de ventas: leadloop mantiene su estado',
  },
  sales_disqualified: {
    en: 'Disqualified by sales: it stays so until a rep reopens it',
    es: 'Descalificado por ventas: sigue así hasta que un comercial lo reabra',
  },
  converted: { en: 'Converted by sales', es: 'Convertido por ventas' },
  'disqualified:low_fit': {
    en: 'Disqualified: fit and engagement are both too low to nurture',
    es: 'Descalificado: perfil e interés demasiado bajos para nutrir',
  },
  'nurture:recycled': {
    en: 'Returned to marketing: it qualifies again only through new engagement',
    es: 'Devuelto a marketing: vuelve a calificar solo con nuevo interés',
  },
  'nurture:cool_off': {
    en: 'Returned to marketing: in its cool-off, engagement counts again from',
    es: 'Devuelto a marketing: en pausa, el interés vuelve a contar desde',
  },
};

const points = (p: number) => (p > 0 ? `+${p}` : p < 0 ? `−${-p}` : '0');

function number(value: number, language: ReasonLanguage): string {
  const text = String(Math.round(value * 1000) / 1000);
  return language === 'es' ? text.replace('.', ',') : text;
}

export function fieldLabel(label: string, language: ReasonLanguage): string {
  return label
    .split('|')
    .map((f) => FIELD_LABELS[f]?.[language] ?? f)
    .join(W[language].or);
}

function formula(x: ScoreExplanation, language: ReasonLanguage): string {
  const w = W[language];
  if (x.disqualifier)
    return `${w.score} ${x.score}, ${w.gradeWord} ${x.grade}: ${w.disqualified} — ${x.disqualifier[language]}`;
  const fit = `${w.fit} ${x.fit} (${x.grade})`;
  const engagement = `${w.engagement} ${x.engagement}`;
  if (x.definitionWeights) {
    const { fit: a, engagement: b } = x.definitionWeights;
    return `${w.score} ${x.score} = (${fit} × ${number(a, language)} + ${engagement} × ${number(b, language)}) / ${number(a + b, language)}`;
  }
  return `${w.score} ${x.score} = ${fit} × ${number(x.weights.fit, language)} + ${engagement} × ${number(x.weights.engagement, language)}`;
}

function needLine(need: Need, language: ReasonLanguage): string {
  const w = W[language];
  switch (need.kind) {
    case 'fit':
      return `- ${w.needFit(need.minFit, need.grade, need.fit)}`;
    case 'engagement': {
      const examples = need.examples.map((e) => `${e.count} ${EVENT_NAMES[e.type][language][e.count === 1 ? 0 : 1]}`);
      return `- ${w.needEngagement(need.minEngagement, need.engagement)}${examples.length ? ` — ${w.eg} ${examples.join(w.or)}` : ''}`;
    }
    case 'complete':
      return `- ${w.needComplete}`;
    case 'fastLane':
      return `- ${w.atOnce} ${need[language]} (${w.within(need.withinDays)})`;
  }
}

/** What the status means, then the lines of the needs shown (level 1 leaves out the fast lanes). */
function statusLines(result: ScoreResult, needLines: string[], language: ReasonLanguage): string[] {
  const cause = result.statusCause;
  if (cause.startsWith('fast_lane:') && result.statusReason) return [`MQL: ${result.statusReason[language]}`];
  if (cause === 'nurture:cool_off')
    return [`${STATUS_LINES[cause]![language]} ${(result.breakdown.countsFrom ?? '').slice(0, 10)}`];
  const fixed = STATUS_LINES[cause];
  const lines = fixed ? [fixed[language]] : [];
  if (needLines.length) lines.push(W[language].toMql, ...needLines);
  return lines;
}

/**
 * One section's lines, built once: the header (with and without the words after an empty
 * section's total), the item lines, and for each number of items shown the line that merges
 * the rest so the section still adds up ("+7 from 3 more"), built on first use.
 */
class Section {
  readonly header: string;
  readonly bareHeader: string;
  readonly lines: string[];
  /** chars[k]: the characters of the first k item lines. */
  private readonly chars: number[];
  private readonly rest: (string | undefined)[] = [];

  constructor(
    private readonly list: ShownPoints[],
    title: string,
    total: number,
    emptyText: string,
    private readonly language: ReasonLanguage,
  ) {
    this.bareHeader = `${title} ${total}:`;
    this.header = list.length ? this.bareHeader : `${this.bareHeader} ${emptyText}`;
    this.lines = list.map((i) => `${points(i.points)} ${i[language]}`);
    this.chars = [0];
    for (const line of this.lines) this.chars.push(this.chars[this.chars.length - 1]! + line.length);
  }

  /** The merged line when the first `shown` items are listed (`shown` < the number of items). */
  restLine(shown: number): string {
    let line = this.rest[shown];
    if (line === undefined) {
      // summed in list order, as a rep reads them, so the total is the same number every time
      let sum = 0;
      for (let i = shown; i < this.list.length; i++) sum += this.list[i]!.points;
      line = `${points(sum)} ${W[this.language].more(this.list.length - shown)}`;
      this.rest[shown] = line;
    }
    return line;
  }

  /** Characters of the item lines (and merged line) with at most `shown` items, not counting line breaks. */
  charsAt(shown: number): number {
    const n = this.lines.length;
    return shown >= n ? this.chars[n]! : this.chars[shown]! + this.restLine(shown).length;
  }

  /** Number of lines with at most `shown` items. */
  countAt(shown: number): number {
    const n = this.lines.length;
    return shown >= n ? n : shown + 1;
  }

  /** Appends the item lines (and merged line) with at most `shown` items. */
  pushAt(out: string[], shown: number): void {
    const n = this.lines.length;
    for (let i = 0; i < Math.min(shown, n); i++) out.push(this.lines[i]!);
    if (shown < n) out.push(this.restLine(shown));
  }
}

/**
 * How much of the text outside the sections' items is kept: 0 is the whole text; 1 leaves out
 * the grade line, the fast lanes and the definition version; 2 the status lines; 3 also the
 * missing fields and the words after an empty section's total.
 */
type Level = 0 | 1 | 2 | 3;
const LEVELS: readonly Level[] = [0, 1, 2, 3];

/** Every line of one language's text, each built once. */
interface Parts {
  formula: string;
  grade: string | undefined;
  fit: Section;
  engagement: Section;
  /** statusAt[level] for levels 0 and 1. */
  statusAt: [string[], string[]];
  missing: string | undefined;
  definition: string;
}

function partsOf(result: ScoreResult, x: ScoreExplanation, language: ReasonLanguage): Parts {
  const w = W[language];
  const needs = x.needs.map((n) => needLine(n, language));
  const shortNeeds = needs.filter((_, i) => x.needs[i]!.kind !== 'fastLane');
  const status0 = statusLines(result, needs, language);
  return {
    formula: formula(x, language),
    grade: x.disqualifier
      ? undefined
      : x.gradeFloor === undefined
        ? `${w.grade} D: ${w.fit} ${x.fit} < ${result.breakdown.grades.C} (${w.gradeBasis})`
        : `${w.grade} ${x.grade}: ${w.fit} ${x.fit} ≥ ${x.gradeFloor} (${w.gradeBasis})`,
    fit: new Section(x.fitItems, w.Fit, x.fit, w.noFit, language),
    engagement: new Section(x.engagementItems, w.Engagement, x.engagement, w.noEngagement, language),
    statusAt: [status0, shortNeeds.length === needs.length ? status0 : statusLines(result, shortNeeds, language)],
    missing: result.missingRequired.length
      ? `${w.missing}: ${result.missingRequired.map((m) => fieldLabel(m, language)).join(', ')}`
      : undefined,
    // the version the score was computed with (the lead card shows it)
    definition: `${w.definition} ${result.definitionVersion}`,
  };
}

/** The text's lines at one level with at most `shown` items per section, in text order. */
function linesAt(p: Parts, level: Level, shown: number): string[] {
  const lines = [p.formula];
  if (level === 0 && p.grade !== undefined) lines.push(p.grade);
  lines.push(level === 3 ? p.fit.bareHeader : p.fit.header);
  p.fit.pushAt(lines, shown);
  lines.push(level === 3 ? p.engagement.bareHeader : p.engagement.header);
  p.engagement.pushAt(lines, shown);
  if (level === 0 || level === 1) lines.push(...p.statusAt[level]);
  if (level < 3 && p.missing !== undefined) lines.push(p.missing);
  if (level === 0) lines.push(p.definition);
  return lines;
}

const charsOf = (lines: string[]) => lines.reduce((n, l) => n + l.length, 0);

/**
 * Whole lines that fit in `max` characters: fewer items per section first, then fewer lines,
 * then the sections. Every line is built once; each candidate's length is a sum of the
 * lengths of linesAt's lines, and only the text chosen is joined.
 */
function formatOne(result: ScoreResult, x: ScoreExplanation, language: ReasonLanguage, max: number): string {
  const p = partsOf(result, x, language);
  // characters and lines outside the sections' items, per level
  const frameChars = [0, 0, 0, 0];
  const frameCount = [0, 0, 0, 0];
  for (const level of LEVELS) {
    const status = level === 0 || level === 1 ? p.statusAt[level] : [];
    const grade = level === 0 && p.grade !== undefined ? [p.grade] : [];
    const missing = level < 3 && p.missing !== undefined ? [p.missing] : [];
    const definition = level === 0 ? [p.definition] : [];
    const headers =
      level === 3
        ? p.fit.bareHeader.length + p.engagement.bareHeader.length
        : p.fit.header.length + p.engagement.header.length;
    frameChars[level] =
      p.formula.length + headers + charsOf(grade) + charsOf(status) + charsOf(missing) + charsOf(definition);
    frameCount[level] = 3 + grade.length + status.length + missing.length + definition.length;
  }
  const most = Math.max(x.fitItems.length, x.engagementItems.length);
  // the top three items of each section weigh more than the optional lines; below that, the
  // optional lines go before the last items. `tried`: every level was tried with that many
  // items shown or more, and none fitted.
  let tried = most + 1;
  for (const fewest of [Math.min(3, most), Math.min(1, most), 0]) {
    for (const level of LEVELS) {
      for (let shown = tried - 1; shown >= fewest; shown--) {
        const count = frameCount[level]! + p.fit.countAt(shown) + p.engagement.countAt(shown);
        const chars = frameChars[level]! + p.fit.charsAt(shown) + p.engagement.charsAt(shown) + count - 1;
        if (chars <= max) return linesAt(p, level, shown).join('\n');
      }
    }
    tried = Math.min(tried, fewest);
  }
  // not even the sections' totals fit: as many whole lines as fit, from the first
  const lines = linesAt(p, 3, 0);
  let kept = 0;
  let chars = 0;
  for (const line of lines) {
    const next = chars + line.length + (kept > 0 ? 1 : 0);
    if (next > max) break;
    chars = next;
    kept++;
  }
  if (kept) return lines.slice(0, kept).join('\n');
  // a field shorter than the formula line: its words that fit, marked as cut
  let out = '';
  for (const word of p.formula.split(' ')) {
    const next = out ? `${out} ${word}` : word;
    if (next.length + 1 > max) break;
    out = next;
  }
  return out ? `${out}…` : p.formula.slice(0, max);
}

/**
 * The text leadloop writes into the CRM's reasons field: first the arithmetic a rep can check
 * ("Score 51 = fit 85 (A) × 0.6 + engagement 0 × 0.4"), the grade's basis, the fit items that
 * sum to the fit, the engagement items (decayed and capped) that sum to the engagement, what
 * the status means and what would make the lead an MQL, and the missing required fields.
 * Lines are never cut: when the field is short, the smallest items merge into one line per
 * section ("+7 from 3 more"), so every section still adds up. `both` gives English, a blank
 * line, then Spanish, each in half the room.
 */
export function formatReasons(result: ScoreResult, options: FormatReasonsOptions): string {
  const max = Math.max(1, Math.floor(options.maxLength));
  const x = explainScore(result);
  if (options.language !== 'both') return formatOne(result, x, options.language, max);
  const sep = '\n\n';
  const half = Math.floor((max - sep.length) / 2);
  if (half < 40) return formatOne(result, x, 'en', max);
  return formatOne(result, x, 'en', half) + sep + formatOne(result, x, 'es', max - half - sep.length);
}

/** The reader's language from a CRM language key (`es`, `es_MX`, `en_US`, `en_us`); undefined when neither. */
export function readerLanguage(crmLanguage: string | null | undefined): ReasonLanguage | undefined {
  const key = crmLanguage?.trim().toLowerCase();
  if (!key) return undefined;
  if (key === 'es' || key.startsWith('es_') || key.startsWith('es-')) return 'es';
  if (key === 'en' || key.startsWith('en_') || key.startsWith('en-')) return 'en';
  return undefined;
}
