import fc from 'fast-check';
import { definitionSchema, type DefinitionInput } from '../../../src/definition/definitionSchema';
import { loadShippedDefinition } from '../../../src/definition/loadDefinition';
import { ENGAGEMENT_TYPES } from '../../../src/domain/engagement';
import { compileDefinition } from '../../../src/scoring/compileDefinition';
import { apportion } from '../../../src/scoring/explainScore';
import { formatReasons, readerLanguage } from '../../../src/scoring/formatReasons';
import { scoreLead, type ScoreInput, type ScoreResult } from '../../../src/scoring/scoreLead';
import { NOW, event, facts, lead, testDefinitionInput } from './fixtures';

const shipped = compileDefinition(loadShippedDefinition('default'));
const score = (input: Partial<ScoreInput> & Pick<ScoreInput, 'lead'>, def = shipped) =>
  scoreLead(def, { events: [], currentStatus: null, now: NOW, ...input });

/** The reported lead: an A profile, no engagement. */
const A_NO_ENGAGEMENT = () =>
  score({
    lead: lead({
      employees: 755,
      title: 'CEO',
      industry: 'Software',
      country: 'US',
      website: 'acme.example',
      leadSource: 'Web',
      phone: '+1 415 555 0100',
    }),
    enrichment: facts({ emailType: 'corporate', phoneValid: true }),
  });

interface Parsed {
  score: number;
  grade: string;
  fit: number;
  engagement: number;
  /** Weights as written (normalised) or the definition's, with the divisor. */
  formula: ((fit: number, engagement: number) => number) | null;
  fitItems: number[];
  engagementItems: number[];
}

const num = (s: string) => Number(s.replace(',', '.'));
const signed = (s: string) => (s.startsWith('−') ? -Number(s.slice(1)) : Number(s));

/** Reads the text back as a rep would: the formula, then each section's items. */
function parse(text: string, language: 'en' | 'es'): Parsed {
  const [S, F, E] = language === 'en' ? ['Score', 'fit', 'engagement'] : ['Puntuación', 'perfil', 'interés'];
  const lines = text.split('\n');
  const plain = new RegExp(`^${S} (\\d+) = ${F} (\\d+) \\(([ABCD])\\) × ([\\d.,]+) \\+ ${E} (\\d+) × ([\\d.,]+)$`).exec(
    lines[0]!,
  );
  const weighted = new RegExp(
    `^${S} (\\d+) = \\(${F} (\\d+) \\(([ABCD])\\) × ([\\d.,]+) \\+ ${E} (\\d+) × ([\\d.,]+)\\) / ([\\d.,]+)$`,
  ).exec(lines[0]!);
  const zeroed = new RegExp(`^${S} (\\d+), \\S+ ([ABCD]): `).exec(lines[0]!);
  const section = (title: string) => {
    const at = lines.findIndex((l) => l.startsWith(`${title} `));
    const total = Number(/^\S+ (\d+):/.exec(lines[at]!)![1]);
    const items: number[] = [];
    for (const line of lines.slice(at + 1)) {
      const m = /^([+−]\d+) /.exec(line);
      if (!m) break;
      items.push(signed(m[1]!));
    }
    return { total, items };
  };
  const fit = section(F[0]!.toUpperCase() + F.slice(1));
  const engagement = section(E[0]!.toUpperCase() + E.slice(1));
  const m = plain ?? weighted;
  return {
    score: Number((m ?? zeroed)![1]),
    grade: (m ? m[3] : zeroed![2])!,
    fit: fit.total,
    engagement: engagement.total,
    formula: plain
      ? (f, e) => f * num(plain[4]!) + e * num(plain[6]!)
      : weighted
        ? (f, e) => (f * num(weighted[4]!) + e * num(weighted[6]!)) / num(weighted[7]!)
        : null,
    fitItems: fit.items,
    engagementItems: engagement.items,
  };
}

describe('formatReasons: the arithmetic a rep can check', () => {
  it('starts with the formula; the grade is on fit; the items add up to fit and engagement; says what is missing for an MQL', () => {
    const result = A_NO_ENGAGEMENT();
    const text = formatReasons(result, { language: 'en', maxLength: 32_000 });
    const lines = text.split('\n');
    expect(lines[0]).toBe(`Score ${result.score} = fit ${result.fit} (A) × 0.6 + engagement 0 × 0.4`);
    expect(lines[1]).toBe(`Grade A: fit ${result.fit} ≥ 75 (the grade is on fit only)`);
    const parsed = parse(text, 'en');
    expect(parsed.fitItems.reduce((a, b) => a + b, 0)).toBe(result.fit);
    expect(lines).toContain('Engagement 0: no counted activity yet');
    expect(text).toContain(
      'Nurture — to become an MQL it needs:\n- engagement ≥ 25 (now 0) — e.g. 1 demo request or 1 inbound call',
    );
    // the fast lanes the lead's grade allows, from the definition
    expect(text).toContain('- or at once — Fast lane: demo request with an A fit (within 30 days)');
  });

  it('says the same in Spanish', () => {
    const text = formatReasons(A_NO_ENGAGEMENT(), { language: 'es', maxLength: 32_000 });
    expect(text.split('\n')[0]).toMatch(/^Puntuación \d+ = perfil \d+ \(A\) × 0,6 \+ interés 0 × 0,4$/);
    expect(text).toContain('- interés ≥ 25 (ahora 0) — p. ej. 1 solicitud de demo o 1 llamada entrante');
  });

  it.each<[string, Partial<ScoreInput>, RegExp]>([
    [
      'missing required fields',
      { lead: lead({ company: undefined, leadSource: undefined, employees: 300, title: 'CEO' }) },
      /\nMissing: company, lead source\nDefinition default@1#[0-9a-f]{8}$/,
    ],
    [
      'a hard disqualifier zeroes the score and says why',
      { lead: lead({ email: 'x@competitor-one.example' }) },
      /^Score 0, grade D: disqualified — Competitor \(competitor-one\.example\)\n/,
    ],
    [
      'a rep disqualified it',
      { lead: lead(), currentStatus: 'disqualified', disqualifiedBySales: true },
      /\nDisqualified by sales: it stays so until a rep reopens it/,
    ],
    [
      'engagement decays: the shown items add up',
      { lead: lead(), events: [event('demo_request', 20), event('email_open', 3), event('email_open', 9)] },
      /\nEngagement \d+:\n\+\d+ Requested a demo\n/,
    ],
  ])('%s', (_name, input, pattern) => {
    expect(formatReasons(score({ lead: lead(), ...input }), { language: 'en', maxLength: 32_000 })).toMatch(pattern);
  });

  it("writes the definition's own weights when the normalised ones are not round", () => {
    const def = compileDefinition(
      definitionSchema.parse({ ...testDefinitionInput(), score: { fitWeight: 2, engagementWeight: 1 } }),
    );
    const result = score({ lead: lead({ employees: 250 }), events: [event('form_submit', 0)] }, def);
    expect(formatReasons(result, { language: 'en', maxLength: 1000 }).split('\n')[0]).toBe(
      `Score ${result.score} = (fit ${result.fit} (${result.grade}) × 2 + engagement ${result.engagement} × 1) / 3`,
    );
  });

  it.each([120, 200, 255, 400])(
    'never cuts a line within %i characters, and the sections still add up',
    (maxLength) => {
      const result = score({
        lead: lead({
          employees: 755,
          title: 'CEO',
          industry: 'Software',
          country: 'US',
          website: 'acme.example',
          leadSource: 'Web',
        }),
        enrichment: facts({ emailType: 'corporate', phoneValid: true }),
        events: [event('webinar_attended', 3), event('email_click', 2), event('pricing_page_visit', 1)],
      });
      const full = formatReasons(result, { language: 'en', maxLength: 32_000 }).split('\n');
      const text = formatReasons(result, { language: 'en', maxLength });
      expect(text.length).toBeLessThanOrEqual(maxLength);
      for (const line of text.split('\n'))
        expect(full.includes(line) || / from \d+ more$/.test(line) || /^(Fit|Engagement) \d+:$/.test(line)).toBe(true);
      const parsed = parse(text, 'en');
      expect(parsed.fitItems.reduce((a, b) => a + b, 0)).toBe(parsed.fit);
      expect(parsed.engagementItems.reduce((a, b) => a + b, 0)).toBe(parsed.engagement);
    },
  );

  it.each([10, 30, 60])(
    'keeps whole lines (or whole words of the first) in a tiny field of %i characters',
    (maxLength) => {
      const result = A_NO_ENGAGEMENT();
      const full = formatReasons(result, { language: 'en', maxLength: 32_000 });
      const text = formatReasons(result, { language: 'en', maxLength });
      expect(text.length).toBeLessThanOrEqual(maxLength);
      for (const line of text.split('\n'))
        expect(full.includes(line.replace(/…$/, '')) || /^(Fit|Engagement) \d+:$/.test(line)).toBe(true);
    },
  );

  it('writes both languages, English first, within the limit', () => {
    const text = formatReasons(A_NO_ENGAGEMENT(), { language: 'both', maxLength: 2000 });
    expect(text.length).toBeLessThanOrEqual(2000);
    expect(text).toMatch(/^Score \d+ = [\s\S]*\n\nPuntuación \d+ = /);
  });

  it.each<[string | null, 'en' | 'es' | undefined]>([
    ['es', 'es'],
    ['es_MX', 'es'],
    ['es_ES', 'es'],
    ['en_US', 'en'],
    ['en_us', 'en'],
    ['fr', undefined],
    [null, undefined],
  ])('reads the CRM language %s as %s', (key, language) => {
    expect(readerLanguage(key)).toBe(language);
  });

  it.each<[number[], number, number[]]>([
    [[33.4, 33.3, 33.3], 100, [34, 33, 33]],
    [[0.4, 0.4, 0.4], 1, [1, 0, 0]],
    [[-12.6, 40.2], 28, [-12, 40]],
    [[], 0, []],
  ])('apportions %j to %i as %j', (exact, target, shown) => {
    expect(apportion(exact, target)).toEqual(shown);
  });
});

/** Random definitions: the test definition with random points, scales and weights. */
const definitionArb: fc.Arbitrary<DefinitionInput> = fc
  .record({
    bandPoints: fc.array(fc.integer({ min: -20, max: 40 }), { minLength: 20, maxLength: 20 }),
    maxPoints: fc.option(fc.integer({ min: 20, max: 200 }), { nil: undefined }),
    engagement: fc.array(
      fc.record({ points: fc.integer({ min: -10, max: 60 }), cap: fc.integer({ min: 1, max: 90 }) }),
      { minLength: 3, maxLength: 3 },
    ),
    engagementMax: fc.integer({ min: 10, max: 200 }),
    weights: fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })).filter(([a, b]) => a + b > 0),
  })
  .map(({ bandPoints, maxPoints, engagement, engagementMax, weights }) => {
    const def = testDefinitionInput();
    let k = 0;
    for (const c of [...def.fit.criteria!, ...def.qualification!.criteria!])
      for (const b of c.bands) b.points = bandPoints[k++ % bandPoints.length]!;
    if (maxPoints) def.fit.maxPoints = maxPoints;
    const events = def.engagement.events as Record<string, { points: number; cap?: number }>;
    Object.values(events).forEach((rule, i) =>
      Object.assign(rule, engagement[i]!, { points: engagement[i]!.points || 1 }),
    );
    def.engagement.maxPoints = engagementMax;
    def.score = { fitWeight: weights[0], engagementWeight: weights[1] };
    return def;
  });

const leadArb = fc.record({
  employees: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined }),
  industry: fc.constantFrom(undefined, 'software', 'retail'),
  country: fc.constantFrom(undefined, 'ES', 'US'),
  title: fc.constantFrom(undefined, 'CEO', 'Estudiante', 'Analyst'),
  website: fc.constantFrom(undefined, 'acme.example'),
  email: fc.constantFrom('ana@acme.example', 'x@rival.example', 'ana@gmail.com'),
  company: fc.constantFrom(undefined, 'Acme'),
});

const eventsArb = fc.array(
  fc.record({ type: fc.constantFrom(...ENGAGEMENT_TYPES), daysAgo: fc.integer({ min: 0, max: 200 }) }),
  { maxLength: 25 },
);

describe('property: the written reasons add up', () => {
  it('over random leads and definitions: the listed points sum to the fit and engagement shown, and the formula gives the score', () => {
    fc.assert(
      fc.property(
        definitionArb,
        leadArb,
        eventsArb,
        fc.constantFrom<'en' | 'es'>('en', 'es'),
        fc.integer({ min: 120, max: 4000 }),
        (defInput, fields, evs, language, maxLength) => {
          const def = compileDefinition(definitionSchema.parse(defInput));
          const result: ScoreResult = scoreLead(def, {
            lead: lead(fields),
            enrichment: facts({ emailType: fields.email.endsWith('gmail.com') ? 'free' : 'corporate' }),
            events: evs.map((e) => event(e.type, e.daysAgo)),
            currentStatus: null,
            now: NOW,
          });
          const text = formatReasons(result, { language, maxLength });
          expect(text.length).toBeLessThanOrEqual(maxLength);
          const parsed = parse(text, language);
          expect(parsed.score).toBe(result.score);
          expect(parsed.grade).toBe(result.grade);
          expect(parsed.engagement).toBe(result.engagement);
          expect(parsed.fitItems.reduce((a, b) => a + b, 0)).toBe(parsed.fit);
          expect(parsed.engagementItems.reduce((a, b) => a + b, 0)).toBe(parsed.engagement);
          if (parsed.formula) {
            expect(parsed.fit).toBe(result.fit);
            const value = parsed.formula(parsed.fit, parsed.engagement);
            // a value within a hair of .5 may round either way in floating point
            if (Math.abs((value % 1) - 0.5) > 1e-6)
              expect(Math.min(100, Math.max(0, Math.round(value)))).toBe(result.score);
          } else {
            expect(result.score).toBe(0);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
