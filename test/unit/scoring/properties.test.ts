import fc from 'fast-check';
import { ENGAGEMENT_TYPES } from '../../../src/domain/engagement';
import { LEAD_STATUSES, isSalesStatus } from '../../../src/domain/status';
import { loadShippedDefinition } from '../../../src/definition/loadDefinition';
import { compileDefinition } from '../../../src/scoring/compileDefinition';
import { formatReasons } from '../../../src/scoring/formatReasons';
import { scoreLead, type ScoreInput } from '../../../src/scoring/scoreLead';

const compiled = [
  compileDefinition(loadShippedDefinition('default')),
  compileDefinition(loadShippedDefinition('consultoria-es')),
];
const NOW = new Date('2026-03-01T00:00:00.000Z');

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const text = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('CEO', 'Jefe de Ventas', 'Estudiante', 'Software', 'ES', 'gmail.com', ''),
);

const inputArb: fc.Arbitrary<ScoreInput> = fc.record({
  lead: fc.record({
    crm: fc.constant('salesforce' as const),
    externalId: fc.constant('00Q1'),
    modifiedAt: fc.constant('2026-01-01T00:00:00.000Z'),
    lastName: maybe(fc.option(text, { nil: null })),
    company: maybe(text),
    email: maybe(fc.oneof(text, fc.emailAddress())),
    phone: maybe(text),
    title: maybe(text),
    website: maybe(text),
    industry: maybe(text),
    country: maybe(fc.oneof(text, fc.constantFrom('ES', 'MX', 'US', 'es'))),
    employees: maybe(fc.option(fc.nat(100_000), { nil: null })),
    unsubscribed: maybe(fc.boolean()),
    isConverted: maybe(fc.boolean()),
    qualification: maybe(
      fc.record({
        budget: maybe(fc.constantFrom('unknown', 'none', 'planned', 'approved' as const)),
        decisionMaker: maybe(fc.boolean()),
        timeline: maybe(fc.constantFrom('unknown', 'immediate', 'quarter', 'half_year', 'year', 'none' as const)),
        urgencyEvent: maybe(text),
      }),
    ),
  }),
  events: fc.array(
    fc.record({
      externalId: fc.constant('e'),
      leadExternalId: fc.constant('00Q1'),
      type: fc.constantFrom(...ENGAGEMENT_TYPES),
      occurredAt: fc.integer({ min: -400, max: 5 }).map((d) => new Date(NOW.getTime() + d * 86_400_000).toISOString()),
    }),
    { maxLength: 30 },
  ),
  currentStatus: fc.option(fc.constantFrom(...LEAD_STATUSES), { nil: null }),
  now: fc.constant(NOW),
}) as fc.Arbitrary<ScoreInput>;

describe.each(compiled.map((c) => [c.name, c] as const))('properties of scoreLead with %s', (_name, def) => {
  it('keeps every number in range and reasons sorted by impact', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = scoreLead(def, input);
        for (const v of [r.fit, r.engagement, r.score]) expect(Number.isInteger(v) && v >= 0 && v <= 100).toBe(true);
        expect(r.completeness).toBeGreaterThanOrEqual(0);
        expect(r.completeness).toBeLessThanOrEqual(1);
        expect(r.reasons.length).toBeLessThanOrEqual(def.reasonsMax);
        for (let i = 1; i < r.reasons.length; i++)
          expect(Math.abs(r.reasons[i - 1]!.points)).toBeGreaterThanOrEqual(Math.abs(r.reasons[i]!.points));
        expect(formatReasons(r, { language: 'both', maxLength: 255 }).length).toBeLessThanOrEqual(255);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(inputArb, (input) => expect(scoreLead(def, input)).toEqual(scoreLead(def, structuredClone(input)))),
      { numRuns: 200 },
    );
  });

  it('gives the same result when event times come pre-parsed (occurredAtMs, as the sync reads them)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const parsed = {
          ...input,
          events: input.events.map((e) => ({ ...e, occurredAtMs: Date.parse(e.occurredAt) })),
        };
        expect(scoreLead(def, parsed)).toEqual(scoreLead(def, input));
      }),
      { numRuns: 200 },
    );
  });

  it('never proposes a marketing status for a lead sales owns', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = scoreLead(def, input);
        if (input.currentStatus && input.currentStatus !== 'recycled' && isSalesStatus(input.currentStatus))
          expect(r.proposedStatus).toBe(input.currentStatus);
        expect(r.proposedStatus).not.toBe('new');
      }),
      { numRuns: 300 },
    );
  });
});
