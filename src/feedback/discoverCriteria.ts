import type { Criterion, Definition } from '../definition/definitionSchema';
import { foldText } from '../scoring/compileMatcher';

/** How discovery reads the columns of a file. */
export interface DiscoveryOptions {
  /** Quantile bands of a numeric column (at most). */
  numericBands?: number;
  /** Values rarer than this share of the rows (and than `minValueRows`) are pooled into "other". */
  minValueShare?: number;
  minValueRows?: number;
  /** Values of one categorical column kept apart, at most. */
  maxValues?: number;
}

const DEFAULTS = { numericBands: 5, minValueShare: 0.01, minValueRows: 10, maxValues: 15 };
const TEXT_LIMIT = 200;

/** A CSV cell read as a number ("1,200" and " 45 " too), else undefined. */
function numberOf(value: string): number | undefined {
  const text = value.trim().replace(/[\s,](?=\d{3}\b)/g, '');
  if (text === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function slug(text: string, max: number): string {
  const s = foldText(text)
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, max);
  return /^[a-z]/.test(s) ? s : `c_${s}`.slice(0, max);
}

const clip = (text: string) => (text.length > TEXT_LIMIT ? `${text.slice(0, TEXT_LIMIT - 1)}…` : text);

/** Round a cut point to 3 significant digits so bands read well (12,345.6 → 12,300). */
function roundCut(v: number): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  const magnitude = 10 ** (Math.floor(Math.log10(Math.abs(v))) - 2);
  return Math.round(v / magnitude) * magnitude;
}

function numericCriterion(
  column: string,
  numbers: number[],
  bands: number,
  code: (suffix: string) => string,
): Criterion {
  const sorted = [...numbers].sort((a, b) => a - b);
  const cuts: number[] = [];
  for (let q = 1; q < bands; q++) {
    const cut = roundCut(sorted[Math.min(sorted.length - 1, Math.floor((q * sorted.length) / bands))]!);
    if (cut > (cuts[cuts.length - 1] ?? -Infinity) && cut < sorted[sorted.length - 1]!) cuts.push(cut);
  }
  const fmt = (v: number) => v.toLocaleString('en-US');
  const fmtEs = (v: number) => v.toLocaleString('es-ES');
  const list: Criterion['bands'] = [
    {
      code: code('unknown'),
      points: 0,
      present: false,
      en: clip(`${column} unknown`),
      es: clip(`${column} desconocido`),
    },
  ];
  cuts.forEach((cut, i) => {
    const low = cuts[i - 1];
    list.push({
      code: code(`up_to_${slug(String(cut), 20)}`),
      points: 0,
      max: cut,
      en: clip(low === undefined ? `${column} up to ${fmt(cut)}` : `${column} over ${fmt(low)} up to ${fmt(cut)}`),
      es: clip(
        low === undefined ? `${column} hasta ${fmtEs(cut)}` : `${column} de más de ${fmtEs(low)} hasta ${fmtEs(cut)}`,
      ),
    });
  });
  const top = cuts[cuts.length - 1];
  list.push({
    code: code(top === undefined ? 'known' : 'above'),
    points: 0,
    otherwise: true,
    en: clip(top === undefined ? `${column} known` : `${column} over ${fmt(top)}`),
    es: clip(top === undefined ? `${column} conocido` : `${column} de más de ${fmtEs(top)}`),
  });
  return { signal: 'attribute', attribute: column, bands: list };
}

function categoricalCriterion(
  column: string,
  values: string[],
  o: typeof DEFAULTS,
  rows: number,
  code: (suffix: string) => string,
): Criterion {
  const counts = new Map<string, { label: string; n: number }>();
  for (const v of values) {
    const key = foldText(v);
    const entry = counts.get(key);
    if (entry) entry.n++;
    else counts.set(key, { label: v.trim(), n: 1 });
  }
  const floor = Math.max(o.minValueRows, o.minValueShare * rows);
  const kept = [...counts.values()]
    .filter((c) => c.n >= floor)
    .sort((a, b) => b.n - a.n || (a.label < b.label ? -1 : 1))
    .slice(0, o.maxValues);
  const used = new Set<string>();
  const list: Criterion['bands'] = [
    {
      code: code('unknown'),
      points: 0,
      present: false,
      en: clip(`${column} unknown`),
      es: clip(`${column} desconocido`),
    },
  ];
  for (const value of kept) {
    let suffix = `is_${slug(value.label, 30)}`;
    while (used.has(suffix)) suffix += '_';
    used.add(suffix);
    list.push({
      code: code(suffix),
      points: 0,
      in: [value.label],
      en: clip(`${column} is ${value.label}`),
      es: clip(`${column} es ${value.label}`),
    });
  }
  list.push({
    code: code('other'),
    points: 0,
    otherwise: true,
    en: clip(`${column}: another value`),
    es: clip(`${column}: otro valor`),
  });
  return { signal: 'attribute', attribute: column, bands: list };
}

/**
 * Criteria built from the columns of a file: a column whose values are (nearly all)
 * numbers becomes quantile bands with round cut points; any other column one band per
 * frequent value, rare values pooled into "another value"; every column also has a band
 * for "unknown". Points are 0 here: calibration fits them. Codes, English and Spanish
 * reason texts are generated from the column and the band.
 */
export function discoverCriteria(
  columns: { name: string; values: (string | null)[] }[],
  options: DiscoveryOptions = {},
): Criterion[] {
  const o = { ...DEFAULTS, ...options };
  const prefixes = new Set<string>();
  const criteria: Criterion[] = [];
  for (const column of columns) {
    const present = column.values.filter((v): v is string => v !== null && v.trim() !== '');
    if (present.length === 0) continue;
    let prefix = slug(column.name, 30);
    while (prefixes.has(prefix)) prefix += '_';
    prefixes.add(prefix);
    const code = (suffix: string) => `${prefix}_${suffix}`.slice(0, 63);
    const numbers = present.map(numberOf).filter((n): n is number => n !== undefined);
    const distinct = new Set(numbers).size;
    const numeric = numbers.length >= 0.95 * present.length && distinct > o.numericBands;
    const criterion = numeric
      ? numericCriterion(column.name, numbers, o.numericBands, code)
      : categoricalCriterion(column.name, present, o, column.values.length, code);
    // a column with one value and nothing else says nothing
    if (criterion.bands.length > 2 || numeric) criteria.push(criterion);
  }
  return criteria;
}

/** A complete definition around discovered criteria: fit only, no required fields, grades from shares. */
export function discoveredDefinition(name: string, criteria: Criterion[], description: string): Definition {
  return {
    name,
    version: 1,
    description,
    regions: {},
    fields: { required: [], desirable: [] },
    fit: { criteria },
    qualification: { criteria: [] },
    negative: [],
    disqualifiers: [],
    engagement: { halfLifeDays: 30, maxPoints: 100, events: {} },
    grades: { A: 75, B: 50, C: 25 },
    score: { fitWeight: 1, engagementWeight: 0 },
    status: { mql: { minGrade: 'B', minEngagement: 0, requireComplete: false }, fastLane: [] },
    reasons: { max: 5 },
  };
}
