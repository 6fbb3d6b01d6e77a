import { createRoutingStore } from '../../src/routing/routingStore';
import { pickRoundRobin } from '../../src/routing/pickRoundRobin';
import type { Database } from '../../src/store/database';
import { testDatabaseTargets } from '../helpers/testDatabases';
import { createTestOrg } from '../unit/feedback/feedbackFixtures';

describe.each(testDatabaseTargets())('routing counters on $name', (target) => {
  let db: Database;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db.close();
  });

  async function turn(
    store: ReturnType<typeof createRoutingStore>,
    day: string,
    caps: Record<string, number | null> = {},
  ) {
    const keys = ['ana', 'bea', 'cris'];
    const capacity: Record<string, number> = { ana: 2, bea: 1, cris: 1 };
    return store.takeTurn('team', keys, day, (counters) => {
      const pick = pickRoundRobin(
        keys.map((k) => ({
          key: k,
          userId: k,
          capacity: capacity[k]!,
          dailyCap: caps[k] ?? null,
          isActive: true,
          total: counters.get(k)?.total ?? 0,
          today: counters.get(k)?.today ?? 0,
        })),
      );
      return pick ? { memberKey: pick.key } : null;
    });
  }

  it('keeps turns fair across runs and concurrent callers, and resets daily counts each local day', async () => {
    const orgId = await createTestOrg(db);
    // two "workers" taking turns at once: the row lock serialises them
    const a = createRoutingStore(db, orgId);
    const b = createRoutingStore(db, orgId);
    await Promise.all(Array.from({ length: 40 }, (_, i) => turn(i % 2 ? a : b, '2026-11-23')));
    const { rows } = await db.query<{ member_key: string; total: number; today: number }>(
      'SELECT member_key, total, today FROM routing_counters WHERE org_id = $1 ORDER BY member_key',
      [orgId],
    );
    expect(rows.map((r) => [r.member_key, Number(r.total), Number(r.today)])).toEqual([
      ['ana', 20, 20],
      ['bea', 10, 10],
      ['cris', 10, 10],
    ]);

    // a new local day: today's counts start again, totals carry on; a daily cap holds
    const picks = [];
    for (let i = 0; i < 4; i++) picks.push((await turn(a, '2026-11-24', { ana: 1 }))?.memberKey);
    expect(picks.filter((p) => p === 'ana')).toHaveLength(1);
    const after = await db.query<{ member_key: string; total: number; today: number }>(
      'SELECT member_key, total, today FROM routing_counters WHERE org_id = $1 ORDER BY member_key',
      [orgId],
    );
    expect(after.rows.map((r) => Number(r.today)).reduce((x, y) => x + y, 0)).toBe(4);
    expect(after.rows.map((r) => Number(r.total)).reduce((x, y) => x + y, 0)).toBe(44);
  });
});
