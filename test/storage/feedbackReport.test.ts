import { buildReport } from '../../src/feedback/buildReport';
import type { Database } from '../../src/store/database';
import { testDatabaseTargets } from '../helpers/testDatabases';
import {
  createTestOrg,
  insertHandovers,
  insertHistory,
  insertLeads,
  insertOutcomes,
} from '../unit/feedback/feedbackFixtures';

const NOW = new Date('2024-02-01T00:00:00Z');
const day = (d: number, h = 0) => `2024-01-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00Z`;

/*
 * Eight leads with known paths (times in January 2024, day/hour):
 * A web     mql 1/10 (85 A) → sal 1/12 → sql 2/10 → won 5/10 ($1000)   hand-over u1 due 1/14
 * B web     mql 1/20 (62 B) → sal 2/00 → sql 3/20 → lost 4/00           hand-over u2 due 2/00
 * C event   mql 2/00 (58 B) → recycled 3/00 "no budget"                  hand-over u1 due 2/04
 * D event   nurture (30 C)
 * E partner mql 1/04 (90 A) → sql 1/06 (converted) → won 10/00 ($500)  hand-over u2, no deadline
 * F web     disqualified by scoring (0 D)
 * G web     mql 3/00 (70 B), untouched, due 3/08: leaking
 * H web     new, first seen 2024-03-01
 */
async function seed(db: Database): Promise<number> {
  const orgId = await createTestOrg(db);
  await insertLeads(db, orgId, [
    { id: 'A', status: 'won', score: 88, grade: 'A', ownerId: 'u1', source: 'web', firstSeenAt: day(1) },
    { id: 'B', status: 'lost', score: 60, grade: 'B', ownerId: 'u2', source: 'web', firstSeenAt: day(1) },
    { id: 'C', status: 'recycled', score: 40, grade: 'C', ownerId: 'u1', source: 'event', firstSeenAt: day(1) },
    { id: 'D', status: 'nurture', score: 30, grade: 'C', source: 'event', firstSeenAt: day(1) },
    { id: 'E', status: 'won', score: 90, grade: 'A', ownerId: 'u2', source: 'partner', firstSeenAt: day(1) },
    { id: 'F', status: 'disqualified', score: 0, grade: 'D', source: 'web', firstSeenAt: day(1) },
    {
      id: 'G',
      status: 'mql',
      score: 70,
      grade: 'B',
      source: 'web',
      firstSeenAt: day(1),
      mqlAt: day(3),
      slaDueAt: day(3, 8),
    },
    { id: 'H', status: 'new', source: 'web', firstSeenAt: '2024-03-01T00:00:00Z' },
  ]);
  await insertHistory(db, orgId, [
    { id: 'A', to: 'mql', at: day(1, 10), score: 85, grade: 'A' },
    { id: 'A', to: 'sal', at: day(1, 12), cause: 'rep' },
    { id: 'A', to: 'sql', at: day(2, 10), cause: 'conversion' },
    { id: 'A', to: 'won', at: day(5, 10), cause: 'opportunity' },
    { id: 'B', to: 'mql', at: day(1, 20), score: 62, grade: 'B' },
    { id: 'B', to: 'sal', at: day(2), cause: 'rep' },
    { id: 'B', to: 'sql', at: day(3, 20), cause: 'rep' },
    { id: 'B', to: 'lost', at: day(4), cause: 'opportunity' },
    { id: 'C', to: 'mql', at: day(2), score: 58, grade: 'B' },
    { id: 'C', to: 'recycled', at: day(3), cause: 'rep', detail: 'no budget' },
    { id: 'D', to: 'nurture', at: day(1, 1), score: 30, grade: 'C' },
    { id: 'E', to: 'mql', at: day(1, 4), score: 90, grade: 'A' },
    { id: 'E', to: 'sql', at: day(1, 6), cause: 'conversion' },
    { id: 'F', to: 'disqualified', at: day(1, 1), score: 0, grade: 'D' },
    { id: 'G', to: 'mql', at: day(3), score: 70, grade: 'B' },
  ]);
  await insertOutcomes(db, orgId, [
    { id: 'A', kind: 'won', at: day(5, 10), amount: 1000, currency: 'USD' },
    { id: 'B', kind: 'lost', at: day(4), reason: 'price' },
    { id: 'C', kind: 'recycled', at: day(3), reason: 'no budget' },
    { id: 'E', kind: 'won', at: day(10), amount: 500, currency: 'USD' },
  ]);
  await insertHandovers(db, orgId, [
    { id: 'A', ownerId: 'u1', at: day(1, 10), dueAt: day(1, 14) },
    { id: 'B', ownerId: 'u2', at: day(1, 20), dueAt: day(2) },
    { id: 'C', ownerId: 'u1', at: day(2), dueAt: day(2, 4) },
    { id: 'E', ownerId: 'u2', at: day(1, 4), dueAt: null },
  ]);
  return orgId;
}

describe.each(testDatabaseTargets())('report on $name', (target) => {
  let db: Database;
  let orgId: number;
  beforeAll(async () => {
    db = await target.open();
    orgId = await seed(db);
  });
  afterAll(async () => {
    await db.close();
  });

  it('counts every lead in every stage it reached, with stage conversion and median times', async () => {
    const report = await buildReport(db, orgId, { now: NOW });
    expect(report.funnel).toEqual({
      new: 8,
      nurture: 1,
      mql: 5,
      sal: 3,
      sql: 3,
      won: 2,
      lost: 1,
      recycled: 1,
      disqualified: 1,
    });
    expect(report.steps).toEqual([
      { from: 'new', to: 'mql', conversionRate: 0.625, timedLeads: 5, medianHours: 20 },
      { from: 'mql', to: 'sal', conversionRate: 0.6, timedLeads: 2, medianHours: 3 },
      { from: 'sal', to: 'sql', conversionRate: 1, timedLeads: 2, medianHours: 33 },
      { from: 'sql', to: 'won', conversionRate: 0.6667, timedLeads: 2, medianHours: 141 },
    ]);
    expect(report.mqlToWonRate).toBe(0.4);
  });

  it('breaks conversion and revenue down by hand-over grade, hand-over score band and source, with costs', async () => {
    const report = await buildReport(db, orgId, { now: NOW, costs: { web: 400, event: 300, tradeshow: 100 } });
    expect(report.byGrade).toEqual({
      A: { leads: 2, won: 2, lost: 0, conversionRate: 1, winRate: 1, revenue: 1500 },
      B: { leads: 3, won: 0, lost: 1, conversionRate: 0, winRate: 0, revenue: 0 },
      C: { leads: 1, won: 0, lost: 0, conversionRate: 0, winRate: null, revenue: 0 },
      D: { leads: 1, won: 0, lost: 0, conversionRate: 0, winRate: null, revenue: 0 },
      '(none)': { leads: 1, won: 0, lost: 0, conversionRate: 0, winRate: null, revenue: 0 },
    });
    expect(
      Object.fromEntries(Object.entries(report.byScoreBand).map(([k, v]) => [k, [v.leads, v.won, v.revenue]])),
    ).toEqual({
      '0-19': [1, 0, 0],
      '20-39': [1, 0, 0],
      '40-59': [1, 0, 0],
      '60-79': [2, 0, 0],
      '80-100': [2, 2, 1500],
      '(unscored)': [1, 0, 0],
    });
    expect(report.bySource).toEqual({
      web: {
        leads: 5,
        won: 1,
        lost: 1,
        conversionRate: 0.2,
        winRate: 0.5,
        revenue: 1000,
        cost: 400,
        costPerLead: 80,
        costPerWon: 400,
        roi: 1.5,
      },
      event: {
        leads: 2,
        won: 0,
        lost: 0,
        conversionRate: 0,
        winRate: null,
        revenue: 0,
        cost: 300,
        costPerLead: 150,
        costPerWon: null,
        roi: -1,
      },
      partner: { leads: 1, won: 1, lost: 0, conversionRate: 1, winRate: 1, revenue: 500 },
      tradeshow: {
        leads: 0,
        won: 0,
        lost: 0,
        conversionRate: null,
        winRate: null,
        revenue: 0,
        cost: 100,
        costPerLead: null,
        costPerWon: null,
        roi: -1,
      },
    });
    expect(report.currencies).toEqual(['USD']);
  });

  it('measures SLA compliance, leaking leads, response times per rep and recycle reasons', async () => {
    const report = await buildReport(db, orgId, { now: NOW });
    expect(report.sla).toEqual({
      handovers: 5,
      withSla: 4,
      met: 2,
      breached: 2,
      pending: 0,
      complianceRate: 0.5,
      leaking: {
        count: 1,
        leads: [{ externalId: 'G', ownerId: null, dueAt: day(3, 8).replace('Z', '.000Z'), hoursOverdue: 688 }],
      },
      recordedBreaches: 0,
    });
    expect(report.responseTimes).toEqual([
      { ownerId: '(unassigned)', handovers: 1, touched: 0, medianHours: null, met: 0, breached: 1 },
      { ownerId: 'u1', handovers: 2, touched: 2, medianHours: 13, met: 1, breached: 1 },
      { ownerId: 'u2', handovers: 2, touched: 2, medianHours: 3, met: 1, breached: 0 },
    ]);
    expect(report.recycleReasons).toEqual([{ reason: 'no budget', count: 1 }]);
    // a deadline still ahead is pending, not breached
    const early = await buildReport(db, orgId, { now: new Date(day(3, 1)) });
    expect(early.sla).toMatchObject({ met: 2, breached: 1, pending: 1, leaking: { count: 0, leads: [] } });
  });

  it('restricts everything to leads first seen since a date', async () => {
    const report = await buildReport(db, orgId, { now: NOW, since: new Date('2024-02-01T00:00:00Z') });
    expect(report.funnel).toEqual({
      new: 1,
      nurture: 0,
      mql: 0,
      sal: 0,
      sql: 0,
      won: 0,
      lost: 0,
      recycled: 0,
      disqualified: 0,
    });
    expect(report.bySource).toEqual({
      web: { leads: 1, won: 0, lost: 0, conversionRate: 0, winRate: null, revenue: 0 },
    });
    expect(report.sla).toMatchObject({ handovers: 0, complianceRate: null });
    expect(report.recycleReasons).toEqual([]);
    expect(report.since).toBe('2024-02-01T00:00:00.000Z');
  });

  it.each([
    ['an org with no leads', []],
    [
      'leads but no outcomes',
      [
        { id: 'X1', status: 'nurture', score: 20, grade: 'C', source: 'web' },
        { id: 'X2', status: 'mql', score: 75, grade: 'A', source: 'web' },
      ],
    ],
  ])('gives zeros and nulls, never NaN, for %s', async (_label, leads) => {
    const emptyOrg = await createTestOrg(db);
    await insertLeads(db, emptyOrg, leads);
    const report = await buildReport(db, emptyOrg, { now: NOW });
    expect(JSON.stringify(report)).not.toMatch(/NaN|Infinity/);
    expect(report.funnel.won).toBe(0);
    expect(report.funnel.new).toBe(leads.length);
    expect(report.steps.map((s) => s.medianHours)).toEqual([null, null, null, null]);
    expect(report.mqlToWonRate).toBe(leads.length ? 0 : null);
    expect(report.sla.complianceRate).toBeNull();
    expect(report.byScoreBand['0-19']).toEqual({
      leads: 0,
      won: 0,
      lost: 0,
      conversionRate: null,
      winRate: null,
      revenue: 0,
    });
  });

  it('handles one class only: every closed lead lost', async () => {
    const lostOrg = await createTestOrg(db);
    await insertLeads(db, lostOrg, [
      { id: 'L1', status: 'lost', source: 'web' },
      { id: 'L2', status: 'lost', source: 'web' },
    ]);
    const report = await buildReport(db, lostOrg, { now: NOW });
    expect(report.bySource['web']).toEqual({ leads: 2, won: 0, lost: 2, conversionRate: 0, winRate: 0, revenue: 0 });
    expect(report.funnel).toMatchObject({ lost: 2, won: 0, mql: 0 });
  });
});
