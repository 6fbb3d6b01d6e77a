import { definitionSchema, type DefinitionInput } from '../../../src/definition/definitionSchema';
import { loadShippedDefinition } from '../../../src/definition/loadDefinition';
import { ENGAGEMENT_TYPES, type EngagementType } from '../../../src/domain/engagement';
import type { LeadStatus } from '../../../src/domain/status';
import { compileDefinition, type CompiledDefinition } from '../../../src/scoring/compileDefinition';
import { formatReasons, type FormatReasonsOptions } from '../../../src/scoring/formatReasons';
import type { Contribution } from '../../../src/scoring/reasonCollector';
import { scoreLead, type ScoreResult } from '../../../src/scoring/scoreLead';
import { NOW, event, facts, lead, testDefinitionInput } from './fixtures';
import { formatReasons as formatReasonsReference } from './formatReasonsReference';

/** Deterministic pseudo-random numbers (mulberry32): a failure names its seed and case, and replays. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rnd = () => number;
const int = (rnd: Rnd, min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));
const pick = <T>(rnd: Rnd, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
const maybe = <T>(rnd: Rnd, p: number, value: () => T): T | undefined => (rnd() < p ? value() : undefined);

const WORDS = [
  'Acme',
  'demo',
  'pedido',
  'facturación',
  'ñandú',
  'CEO',
  'São Paulo',
  '—',
  'x',
  'muy largo texto de razón',
];
/** Texts of any length, with accents, dashes and a non-BMP character (two UTF-16 units). */
function text(rnd: Rnd): string {
  const n = int(rnd, 0, 9);
  const words = Array.from({ length: n }, () => pick(rnd, WORDS));
  if (rnd() < 0.1) words.push('🚀');
  return words.join(' ');
}

/** The test definition with random points, scales, weights, MQL rules and fast lanes. */
function randomDefinition(rnd: Rnd): CompiledDefinition {
  const def: DefinitionInput = testDefinitionInput();
  for (const c of [...def.fit.criteria!, ...def.qualification!.criteria!])
    for (const b of c.bands) b.points = int(rnd, -20, 40);
  if (rnd() < 0.5) def.fit.maxPoints = int(rnd, 20, 200);
  for (const rule of Object.values(def.engagement.events) as { points: number; cap?: number }[]) {
    rule.points = int(rnd, -10, 60) || 1;
    rule.cap = int(rnd, 1, 90);
  }
  def.engagement.maxPoints = int(rnd, 10, 200);
  const a = int(rnd, 0, 5);
  def.score = { fitWeight: a, engagementWeight: a === 0 ? int(rnd, 1, 7) : int(rnd, 0, 7) };
  def.status!.mql = {
    minGrade: pick(rnd, ['A', 'B', 'C', 'D'] as const),
    minEngagement: int(rnd, 0, 80),
    requireComplete: rnd() < 0.7,
  };
  if (rnd() < 0.3) def.status!.fastLane = [];
  else if (rnd() < 0.5)
    def.status!.fastLane!.push({
      code: 'any_call',
      events: ['inbound_call', 'meeting'],
      withinDays: int(rnd, 1, 60),
      minGrade: pick(rnd, ['A', 'B', 'C', 'D'] as const),
      requireComplete: rnd() < 0.5,
      en: 'a call or a meeting',
      es: 'una llamada o una reunión',
    });
  def.reasons = { max: int(rnd, 1, 10) };
  return compileDefinition(definitionSchema.parse(def));
}

const STATUSES: (LeadStatus | null)[] = [null, null, null, 'nurture', 'mql', 'sal', 'sql', 'recycled', 'disqualified'];

/** A random lead scored through a definition: the shapes the product produces. */
function scoredLead(rnd: Rnd, def: CompiledDefinition): ScoreResult {
  const currentStatus = pick(rnd, STATUSES);
  return scoreLead(def, {
    lead: lead({
      employees: maybe(rnd, 0.8, () => int(rnd, 0, 5000)),
      industry: pick(rnd, [undefined, 'Software', 'Retail', 'Tecnología']),
      country: pick(rnd, [undefined, 'ES', 'US', 'MX']),
      title: pick(rnd, [undefined, 'CEO', 'Estudiante', 'Analyst', 'Director Comercial']),
      website: pick(rnd, [undefined, 'acme.example']),
      email: pick(rnd, ['ana@acme.example', 'x@rival.example', 'ana@gmail.com', undefined]),
      company: pick(rnd, [undefined, 'Acme']),
      lastName: pick(rnd, [undefined, 'Ruiz']),
      phone: pick(rnd, [undefined, '+34 912 345 678']),
      unsubscribed: rnd() < 0.05,
      ...(rnd() < 0.2
        ? {
            qualification: {
              budget: pick(rnd, ['approved', 'planned', 'none'] as const),
              decisionMaker: rnd() < 0.5,
              timeline: pick(rnd, ['immediate', 'quarter', 'year'] as const),
            },
          }
        : {}),
    }),
    enrichment: facts({
      emailType: pick(rnd, ['corporate', 'free', 'disposable', 'role']),
      phoneValid: rnd() < 0.5,
      ...(rnd() < 0.1 ? { mxAcceptsMail: false } : {}),
    }),
    events: Array.from({ length: int(rnd, 0, 25) }, () => event(pick(rnd, ENGAGEMENT_TYPES), int(rnd, 0, 200))),
    currentStatus,
    now: NOW,
    ...(currentStatus === 'recycled' || rnd() < 0.05
      ? { recycledAt: new Date(NOW.getTime() - int(rnd, 0, 40) * 86_400_000) }
      : {}),
    ...(currentStatus === 'disqualified' && rnd() < 0.5 ? { disqualifiedBySales: true } : {}),
  });
}

const CAUSES = [
  'mql_threshold',
  'sales_owned',
  'sales_disqualified',
  'converted',
  'disqualified:low_fit',
  'disqualified:competitor',
  'nurture:recycled',
  'nurture:cool_off',
  'nurture:below_threshold',
  'fast_lane:demo_a',
  'unknown_cause',
];

/**
 * A scored lead with its contributions, texts, statuses and missing fields replaced at random:
 * many or no items, long and short texts, fractional points, every status cause. Stresses the
 * fitting far beyond the shipped definition's shapes.
 */
function mutated(rnd: Rnd, base: ScoreResult): ScoreResult {
  const contributions: Contribution[] = Array.from({ length: int(rnd, 0, 18) }, (_, i) => {
    const part = rnd() < 0.55 ? 'fit' : rnd() < 0.93 ? 'engagement' : 'disqualifier';
    const points = rnd() < 0.5 ? int(rnd, -30, 60) : Math.round((rnd() * 90 - 30) * 1000) / 1000;
    return { part, code: `c${i % 7}_${int(rnd, 0, 3)}`, points, en: text(rnd), es: text(rnd) };
  });
  const proposedStatus = pick(rnd, ['nurture', 'mql', 'disqualified', 'sal', 'sql'] as const);
  const missing = ['company', 'lastName', 'email|phone', 'leadSource', 'unknownField', 'website|mobilePhone'];
  const fit = int(rnd, 0, 100);
  const engagement = int(rnd, 0, 100);
  return {
    ...base,
    fit,
    engagement,
    score: int(rnd, 0, 100),
    grade: pick(rnd, ['A', 'B', 'C', 'D'] as const),
    proposedStatus,
    statusCause: pick(rnd, CAUSES),
    ...(rnd() < 0.5 ? { statusReason: { code: 'r', en: text(rnd), es: text(rnd) } } : { statusReason: undefined }),
    missingRequired: missing.filter(() => rnd() < 0.25),
    definitionVersion: rnd() < 0.5 ? base.definitionVersion : `v${int(rnd, 1, 99_999)}#${text(rnd)}`,
    breakdown: {
      ...base.breakdown,
      contributions,
      maxFitPoints: pick(rnd, [1, 7, 100, 133.3]),
      maxEngagementPoints: pick(rnd, [1, 9, 100, 250]),
      fitBeforeDisqualifier: rnd() < 0.8 ? fit : int(rnd, 0, 100),
      ...(rnd() < 0.5 ? { countsFrom: new Date(NOW.getTime() - int(rnd, 0, 30) * 86_400_000).toISOString() } : {}),
    },
  };
}

/** Field lengths around the ones CRMs use, the `both` split (40 per language) and tiny fields. */
function randomOptions(rnd: Rnd): FormatReasonsOptions {
  const language = pick(rnd, ['en', 'es', 'both'] as const);
  const r = rnd();
  const maxLength =
    r < 0.3
      ? pick(rnd, [80, 81, 82, 83, 84, 120, 126, 127, 128, 253, 254, 255, 256, 257, 1000, 32_000])
      : r < 0.5
        ? int(rnd, 1, 90)
        : int(rnd, 90, 700);
  return { language, maxLength: rnd() < 0.05 ? maxLength + 0.5 : maxLength };
}

const shipped = compileDefinition(loadShippedDefinition('default'));

describe('formatReasons matches the pre-rewrite formatter byte for byte', () => {
  const seed = 26;
  const rnd = random(seed);
  const definitions = [shipped, ...Array.from({ length: 40 }, () => randomDefinition(rnd))];

  it('over 5,000 seeded random leads, definitions, languages and field lengths', () => {
    for (let i = 0; i < 5_000; i++) {
      const base = scoredLead(rnd, pick(rnd, definitions));
      const result = rnd() < 0.4 ? mutated(rnd, base) : base;
      const options = randomOptions(rnd);
      const expected = formatReasonsReference(result, options);
      const actual = formatReasons(result, options);
      // the case number and options reproduce a difference (the seed is fixed)
      if (actual !== expected) expect({ case: i, options, text: actual }).toEqual({ case: i, options, text: expected });
    }
  });

  it('at every field length from 1 to 300 and around the whole text, in each language and both', () => {
    const cases: ScoreResult[] = [];
    for (let i = 0; i < 16; i++) {
      const base = scoredLead(rnd, pick(rnd, definitions));
      cases.push(i % 2 ? mutated(rnd, base) : base);
    }
    const differing: string[] = [];
    let compared = 0;
    cases.forEach((result, i) => {
      for (const language of ['en', 'es', 'both'] as const) {
        const whole = formatReasonsReference(result, { language, maxLength: 100_000 }).length;
        const lengths = new Set<number>();
        for (let n = 1; n <= Math.min(300, whole + 3); n++) lengths.add(n);
        for (let n = Math.max(1, whole - 3); n <= whole + 3; n++) lengths.add(n);
        for (const maxLength of lengths) {
          const options = { language, maxLength };
          if (formatReasons(result, options) !== formatReasonsReference(result, options))
            differing.push(`case ${i} ${language} ${maxLength}`);
          compared++;
        }
      }
    });
    expect(differing).toEqual([]);
    expect(compared).toBeGreaterThan(5_000);
  });

  it.each<[string, EngagementType[]]>([
    ['no engagement', []],
    ['one demo request', ['demo_request']],
    ['many kinds of engagement', [...ENGAGEMENT_TYPES, ...ENGAGEMENT_TYPES]],
  ])('at the bench and sync limits (255 both = 126 + 127), shipped definition, %s', (_name, types) => {
    for (const fields of [{}, { employees: 755, title: 'CEO', industry: 'Software', country: 'US' }]) {
      const result = scoreLead(shipped, {
        lead: lead(fields),
        enrichment: facts({ emailType: 'corporate', phoneValid: true }),
        events: types.map((t, i) => event(t, i)),
        currentStatus: null,
        now: NOW,
      });
      for (const maxLength of [40, 82, 83, 84, 125, 126, 127, 128, 254, 255, 256, 32_000])
        for (const language of ['en', 'es', 'both'] as const)
          expect(formatReasons(result, { language, maxLength })).toBe(
            formatReasonsReference(result, { language, maxLength }),
          );
    }
  });
});
