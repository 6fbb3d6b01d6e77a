import { Readable } from 'node:stream';
import { getLeadTimeline } from '../../src/feedback/getLeadTimeline';
import { importOutcomes, importOutcomesFromApi } from '../../src/feedback/importOutcomes';
import { readOutcomeRows } from '../../src/feedback/readOutcomeRows';
import type { Database } from '../../src/store/database';
import { testDatabaseTargets } from '../helpers/testDatabases';
import { createTestOrg, insertHistory, insertLeads } from '../unit/feedback/feedbackFixtures';

const CSV = [
  'lead_id,kind,occurred_at,amount,currency,reason,source_id',
  'L1,won,2024-03-01T10:00:00Z,"12,500.50",eur,,OPP-1',
  'L2,lost,2024-03-02,,,,',
  'L3,won,yesterday,100,USD,,OPP-3',
  'L4,recycled,2024-03-03T09:00:00+01:00,,,not ready this year,',
  ',lost,2024-03-04T00:00:00Z,,,,',
  'L1,bought,2024-03-05T00:00:00Z,,,,',
  'NOPE,won,2024-03-05T00:00:00Z,5,USD,,OPP-9',
  'L5,won,2024-03-06T00:00:00Z,abc,USD,,OPP-5',
].join('\n');

const rowsOf = (text: string, format: 'csv' | 'jsonl') => readOutcomeRows(Readable.from([text]), format);

describe.each(testDatabaseTargets())('outcome import on $name', (target) => {
  let db: Database;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db.close();
  });

  async function orgWithLeads(): Promise<number> {
    const orgId = await createTestOrg(db);
    await insertLeads(
      db,
      orgId,
      ['L1', 'L2', 'L3', 'L4', 'L5'].map((id) => ({ id, status: 'mql', score: 70, grade: 'B' })),
    );
    await insertHistory(db, orgId, [
      { id: 'L1', from: 'new', to: 'mql', at: '2024-02-01T00:00:00Z', score: 70, grade: 'B', version: 'default@1#abc' },
    ]);
    return orgId;
  }

  it('applies several outcomes of one lead in one import in time order: last status, last recycling kept', async () => {
    const orgId = await orgWithLeads();
    await db.query(`UPDATE leads SET sla_due_at = '2024-03-10T00:00:00Z' WHERE org_id = $1 AND external_id = 'L2'`, [
      orgId,
    ]);
    const jsonl = [
      { lead_id: 'L2', kind: 'accepted', occurred_at: '2024-03-01T00:00:00Z', source_id: 'a' },
      { lead_id: 'L2', kind: 'recycled', occurred_at: '2024-03-03T00:00:00Z', source_id: 'b' },
      { lead_id: 'L2', kind: 'accepted', occurred_at: '2024-03-05T00:00:00Z', source_id: 'c' },
      { lead_id: 'L3', kind: 'recycled', occurred_at: '2024-03-02T00:00:00Z', source_id: 'd' },
    ]
      .map((o) => JSON.stringify(o))
      .join('\n');
    const result = await importOutcomes(db, orgId, rowsOf(jsonl, 'jsonl'), { origin: 'import' });
    expect(result).toMatchObject({ accepted: 4, statusChanges: 4, errors: [] });
    const { rows } = await db.query<{
      external_id: string;
      status: string;
      recycled_at: Date | null;
      sla_due_at: Date | null;
    }>(
      `SELECT external_id, status, recycled_at, sla_due_at FROM leads WHERE org_id = $1 AND external_id IN ('L2', 'L3') ORDER BY external_id`,
      [orgId],
    );
    expect(
      rows.map((r) => [r.external_id, r.status, r.recycled_at && new Date(r.recycled_at).toISOString(), r.sla_due_at]),
    ).toEqual([
      ['L2', 'sal', '2024-03-03T00:00:00.000Z', null],
      ['L3', 'recycled', '2024-03-02T00:00:00.000Z', null],
    ]);
  });

  it('stores the good rows, names line and field of the bad ones, and applies status changes', async () => {
    const orgId = await orgWithLeads();
    const result = await importOutcomes(db, orgId, rowsOf(CSV, 'csv'), { origin: 'import' });
    expect(result).toMatchObject({ accepted: 3, duplicates: 0, statusChanges: 3, errorCount: 5 });
    expect(result.errors).toEqual([
      { line: 4, field: 'occurred_at', message: expect.stringContaining('ISO-8601') },
      { line: 6, field: 'lead_id', message: 'is required' },
      { line: 7, field: 'kind', message: expect.stringContaining('accepted, qualified') },
      { line: 8, field: 'lead_id', message: expect.stringContaining('no lead "NOPE"') },
      { line: 9, field: 'amount', message: '"abc" is not a number' },
    ]);
    const { rows } = await db.query<{ external_id: string; status: string }>(
      'SELECT external_id, status FROM leads WHERE org_id = $1 ORDER BY external_id',
      [orgId],
    );
    expect(rows.map((r) => [r.external_id, r.status])).toEqual([
      ['L1', 'won'],
      ['L2', 'lost'],
      ['L3', 'mql'],
      ['L4', 'recycled'],
      ['L5', 'mql'],
    ]);

    const timeline = await getLeadTimeline(db, orgId, 'L1');
    expect(timeline).toMatchObject({
      status: 'won',
      handover: { at: '2024-02-01T00:00:00.000Z', score: 70, grade: 'B', definitionVersion: 'default@1#abc' },
      finalOutcome: { kind: 'won', amount: 12500.5, currency: 'EUR', sourceId: 'OPP-1', origin: 'import' },
    });
    expect(timeline!.history.map((h) => [h.from, h.to, h.cause])).toEqual([
      ['new', 'mql', 'scoring'],
      ['mql', 'won', 'import'],
    ]);
    expect((await getLeadTimeline(db, orgId, 'L4'))?.finalOutcome?.reason).toBe('not ready this year');
    expect(await getLeadTimeline(db, orgId, 'missing')).toBeNull();
  });

  it('is idempotent: importing the same file again stores nothing and changes no status', async () => {
    const orgId = await orgWithLeads();
    await importOutcomes(db, orgId, rowsOf(CSV, 'csv'), { origin: 'import' });
    const again = await importOutcomes(db, orgId, rowsOf(CSV, 'csv'), { origin: 'import', batchSize: 2 });
    expect(again).toMatchObject({ accepted: 0, duplicates: 3, statusChanges: 0 });
    const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM outcomes WHERE org_id = $1', [orgId]);
    expect(Number(rows[0]!.n)).toBe(3);
    const history = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM lead_status_history WHERE org_id = $1 AND cause = 'import'`,
      [orgId],
    );
    expect(Number(history.rows[0]!.n)).toBe(3);
  });

  it('reads JSON lines, with broken lines reported and duplicates inside one file counted once', async () => {
    const orgId = await orgWithLeads();
    const text = [
      '{"leadExternalId":"L2","kind":"accepted","occurredAt":"2024-03-01T00:00:00Z","sourceId":"status:Working"}',
      '{not json',
      '',
      '{"lead_id":"L2","kind":"accepted","occurred_at":"2024-03-01T00:00:00Z","source_id":"status:Working"}',
      '[1,2]',
      '{"lead_id":"L2","kind":"won","occurred_at":"2024-04-01T00:00:00Z","source_id":"OPP-2","amount":900}',
    ].join('\n');
    const result = await importOutcomes(db, orgId, rowsOf(text, 'jsonl'), { origin: 'import' });
    expect(result).toMatchObject({ accepted: 2, duplicates: 1, statusChanges: 2 });
    expect(result.errors.map((e) => [e.line, e.field])).toEqual([
      [2, '(row)'],
      [5, '(row)'],
    ]);
    expect((await getLeadTimeline(db, orgId, 'L2'))?.history.map((h) => h.to)).toEqual(['sal', 'won']);
  });

  it('serves the API: accepted, duplicates and errors by position', async () => {
    const orgId = await orgWithLeads();
    const body = {
      outcomes: [
        {
          leadExternalId: 'L3',
          kind: 'won',
          occurredAt: '2024-05-01T00:00:00Z',
          sourceId: 'OPP-3',
          amount: 50,
          currency: 'USD',
        },
        { leadExternalId: 'L3', kind: 'won', occurredAt: 'soon', sourceId: 'OPP-4' },
        'junk',
      ],
    };
    const first = await importOutcomesFromApi(db, orgId, body);
    expect(first).toEqual({
      accepted: 1,
      duplicates: 0,
      statusChanges: 1,
      errors: [
        { line: 2, field: 'occurred_at', message: expect.any(String) },
        { line: 3, field: '(row)', message: 'expected an object' },
      ],
    });
    expect(await importOutcomesFromApi(db, orgId, body.outcomes.slice(0, 1))).toMatchObject({
      accepted: 0,
      duplicates: 1,
      errors: [],
    });
    expect((await importOutcomesFromApi(db, orgId, { nope: 1 })).errors[0]).toMatchObject({ field: 'outcomes' });
    const { rows } = await db.query<{ origin: string; cause: string }>(
      `SELECT o.origin, h.cause FROM outcomes o JOIN lead_status_history h ON h.org_id = o.org_id AND h.external_id = o.external_id AND h.to_status = 'won' WHERE o.org_id = $1`,
      [orgId],
    );
    expect(rows).toEqual([{ origin: 'api', cause: 'api' }]);
  });
});
