import type { EngagementEvent } from '../../../src/domain/engagement';
import type { CanonicalLead } from '../../../src/domain/lead';
import type { LeadStatus } from '../../../src/domain/status';
import { scoreLead, type ScoreInput } from '../../../src/scoring/scoreLead';
import { NOW, compileTest, event, facts, lead } from './fixtures';

const compiled = compileTest();

/** Fit 100 (A) with the test definition and a corporate email. */
const A_FIT: Partial<CanonicalLead> = { employees: 250, industry: 'software', country: 'ES', title: 'CEO' };
/** Fit 60 (B). */
const B_FIT: Partial<CanonicalLead> = { employees: 250, industry: 'software' };

function run(
  fields: Partial<CanonicalLead>,
  events: EngagementEvent[],
  currentStatus: LeadStatus | null = null,
  extra: Partial<ScoreInput> = {},
) {
  return scoreLead(compiled, {
    lead: lead(fields),
    enrichment: facts({ emailType: 'corporate' }),
    events,
    currentStatus,
    now: NOW,
    ...extra,
  });
}

describe('qualification: thresholds, fast lane, nurture and disqualified', () => {
  it.each<[string, Partial<CanonicalLead>, EngagementEvent[], LeadStatus | null, LeadStatus, string, boolean]>([
    [
      'grade B + engagement ≥ 30 + complete → mql',
      B_FIT,
      [event('demo_request', 0)],
      null,
      'mql',
      'mql_threshold',
      false,
    ],
    [
      'engagement just below the threshold → nurture',
      B_FIT,
      [event('form_submit', 0)],
      null,
      'nurture',
      'nurture:below_threshold',
      false,
    ],
    [
      'grade C with high engagement → nurture',
      { employees: 250 },
      [event('demo_request', 0)],
      null,
      'nurture',
      'nurture:below_threshold',
      false,
    ],
    [
      'would qualify but required fields are missing → nurture',
      { ...B_FIT, company: null },
      [event('demo_request', 0)],
      null,
      'nurture',
      'nurture:incomplete',
      false,
    ],
    [
      'fast lane: recent demo request with an A fit',
      A_FIT,
      [event('demo_request', 3)],
      null,
      'mql',
      'fast_lane:demo_a',
      true,
    ],
    [
      'fast lane window passed (20 days > 14)',
      A_FIT,
      [event('demo_request', 20)],
      null,
      'nurture',
      'nurture:below_threshold',
      false,
    ],
    ['fast lane needs grade A', B_FIT, [event('demo_request', 30)], null, 'nurture', 'nurture:below_threshold', false],
    [
      'fast lane needs complete required fields',
      { ...A_FIT, lastName: null },
      [event('demo_request', 1)],
      null,
      'nurture',
      'nurture:incomplete',
      false,
    ],
    [
      'soft floor: no fit, no engagement → disqualified',
      { employees: 5 },
      [],
      null,
      'disqualified',
      'disqualified:low_fit',
      false,
    ],
    [
      'an mql whose engagement decayed falls back to nurture',
      B_FIT,
      [event('demo_request', 30)],
      'mql',
      'nurture',
      'nurture:below_threshold',
      false,
    ],
    [
      'a disqualified lead that qualifies again → mql',
      B_FIT,
      [event('demo_request', 0)],
      'disqualified',
      'mql',
      'mql_threshold',
      false,
    ],
  ])('%s', (_name, fields, events, current, status, cause, fastLane) => {
    const result = run(fields, events, current);
    expect({ status: result.proposedStatus, cause: result.statusCause, fastLane: result.fastLane }).toEqual({
      status,
      cause,
      fastLane,
    });
  });

  it('explains a fast lane in both languages', () => {
    expect(run(A_FIT, [event('demo_request', 1)]).statusReason).toEqual({
      code: 'demo_a',
      en: 'fast en',
      es: 'fast es',
    });
  });
});

describe('lifecycle guard', () => {
  it.each<LeadStatus>(['sal', 'sql', 'won', 'lost'])('keeps %s, whatever the score', (current) => {
    for (const [fields, events] of [
      [{}, []],
      [A_FIT, [event('demo_request', 0)]],
    ] as const) {
      const result = run(fields, [...events], current);
      expect([result.proposedStatus, result.statusCause, result.fastLane]).toEqual([current, 'sales_owned', false]);
    }
  });

  it('does not zero a sales-owned lead on a hard disqualifier, but still names it', () => {
    const result = run({ ...B_FIT, unsubscribed: true }, [], 'sql');
    expect(result).toMatchObject({ proposedStatus: 'sql', statusCause: 'sales_owned', fit: 60, grade: 'B' });
    expect(result.score).toBeGreaterThan(0);
    expect(result.reasons[0]!.code).toBe('unsubscribed');
  });

  it('a converted lead belongs to sales', () => {
    expect(run({ ...A_FIT, isConverted: true }, [event('demo_request', 0)], 'mql')).toMatchObject({
      proposedStatus: 'sql',
      statusCause: 'converted',
    });
  });

  it.each<[string, Partial<ScoreInput>, LeadStatus, string]>([
    [
      'a rep disqualified it: kept, whatever the score',
      { disqualifiedBySales: true },
      'disqualified',
      'sales_disqualified',
    ],
    [
      'leadloop disqualified it earlier: scoring decides again',
      { disqualifiedBySales: false },
      'mql',
      'fast_lane:demo_a',
    ],
  ])('%s', (_name, extra, status, cause) => {
    const result = run(A_FIT, [event('demo_request', 0)], 'disqualified', extra);
    expect([result.proposedStatus, result.statusCause]).toEqual([status, cause]);
  });

  describe('recycled lead: nurture through the cool-off, then only new engagement counts', () => {
    const at = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * 86_400_000).toISOString();
    it.each<[string, number, number, EngagementEvent[], LeadStatus, string]>([
      [
        'in the cool-off, even with a demo request after the return',
        30,
        10,
        [event('demo_request', 2)],
        'nurture',
        'nurture:cool_off',
      ],
      [
        'after the cool-off, engagement dated inside it does not count',
        5,
        10,
        [event('demo_request', 7)],
        'nurture',
        'nurture:recycled',
      ],
      ['after the cool-off, new engagement: mql again', 5, 10, [event('demo_request', 2)], 'mql', 'fast_lane:demo_a'],
      [
        'default cool-off (30 days) still running at day 29',
        -1,
        29,
        [event('demo_request', 1)],
        'nurture',
        'nurture:cool_off',
      ],
      ['default cool-off over at day 31', -1, 31, [event('demo_request', 0)], 'mql', 'fast_lane:demo_a'],
    ])('%s', (_name, coolOffDays, returnedDaysAgo, events, status, cause) => {
      const def = compileTest((d) => {
        if (coolOffDays >= 0) (d.status as { recycle?: { coolOffDays: number } }).recycle = { coolOffDays };
      });
      const result = scoreLead(def, {
        lead: lead(A_FIT),
        enrichment: facts({ emailType: 'corporate' }),
        events,
        currentStatus: 'recycled',
        now: NOW,
        recycledAt: at(returnedDaysAgo),
      });
      expect([result.proposedStatus, result.statusCause]).toEqual([status, cause]);
    });
  });

  describe('recycled lead re-enters marketing (no cool-off)', () => {
    const compiled = compileTest((d) => {
      (d.status as { recycle?: { coolOffDays: number } }).recycle = { coolOffDays: 0 };
    });
    const run = (
      fields: Partial<CanonicalLead>,
      events: EngagementEvent[],
      currentStatus: LeadStatus | null,
      extra: Partial<ScoreInput> = {},
    ) =>
      scoreLead(compiled, {
        lead: lead(fields),
        enrichment: facts({ emailType: 'corporate' }),
        events,
        currentStatus,
        now: NOW,
        ...extra,
      });
    const recycledAt = new Date(NOW.getTime() - 10 * 86_400_000).toISOString();

    it.each<[string, Partial<CanonicalLead>, EngagementEvent[], LeadStatus, string]>([
      ['old engagement does not count: nurture', B_FIT, [event('demo_request', 11)], 'nurture', 'nurture:recycled'],
      ['no soft disqualification for a recycled lead', {}, [], 'nurture', 'nurture:recycled'],
      ['new engagement after the recycle: mql again', B_FIT, [event('demo_request', 2)], 'mql', 'mql_threshold'],
      ['fast lane after the recycle', A_FIT, [event('demo_request', 2)], 'mql', 'fast_lane:demo_a'],
      [
        'a hard disqualifier still applies',
        { ...B_FIT, unsubscribed: true },
        [],
        'disqualified',
        'disqualified:unsubscribed',
      ],
    ])('%s', (_name, fields, events, status, cause) => {
      const result = run(fields, events, 'recycled', { recycledAt });
      expect([result.proposedStatus, result.statusCause]).toEqual([status, cause]);
    });

    it.each<[string, Partial<CanonicalLead>, EngagementEvent[]]>([
      ['old engagement', B_FIT, [event('demo_request', 11)]],
      ['low fit, no engagement (the soft floor)', {}, []],
    ])('scoring it again after it moved to nurture gives the same result (%s)', (_name, fields, events) => {
      const first = run(fields, events, 'recycled', { recycledAt });
      const again = run(fields, events, first.proposedStatus, { recycledAt });
      expect([again.proposedStatus, again.statusCause, again.score]).toEqual([
        first.proposedStatus,
        first.statusCause,
        first.score,
      ]);
    });

    it('without a recycle time every event counts, decayed', () => {
      expect(run(B_FIT, [event('demo_request', 11)], 'recycled').engagement).toBe(19);
    });
  });
});

describe('score formula', () => {
  it.each([
    [{ fitWeight: 1, engagementWeight: 1 }, 55],
    [{ fitWeight: 3, engagementWeight: 1 }, 53],
    [{ fitWeight: 1, engagementWeight: 0 }, 50],
  ])('fit 50, engagement 60, weights %j → %i', (weights, expected) => {
    const c = compileTest((d) => {
      d.score = weights;
    });
    const result = scoreLead(c, {
      lead: lead(B_FIT),
      events: [event('demo_request', 0), event('demo_request', 0)],
      currentStatus: null,
      now: NOW,
    });
    expect(result.score).toBe(expected);
  });
});
