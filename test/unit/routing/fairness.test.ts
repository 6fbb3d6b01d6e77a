import crypto from 'node:crypto';
import { pickRoundRobin } from '../../../src/routing/pickRoundRobin';
import { createRoutingStore } from '../../../src/routing/routingStore';
import { createSecretBox } from '../../../src/security/secretBox';
import type { Database } from '../../../src/store/database';
import { createOrgRepository } from '../../../src/store/orgRepository';
import { testDatabaseTargets } from '../../helpers/testDatabases';

interface Member {
  key: string;
  capacity: number;
  dailyCap: number | null;
  isActive: boolean;
}

const TEAM: Member[] = [
  { key: 'ana@example.com', capacity: 3, dailyCap: null, isActive: true },
  { key: 'bea@example.com', capacity: 2, dailyCap: null, isActive: true },
  { key: 'carlos@example.com', capacity: 1, dailyCap: null, isActive: true },
  { key: 'dora@example.com', capacity: 1, dailyCap: null, isActive: true },
  // the largest capacity, but no longer in the CRM as an active user
  { key: 'eva@example.com', capacity: 5, dailyCap: null, isActive: false },
];

/** Day N of the run as a local date. */
const dayOf = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

/** Assigns `total` leads, `perDay` a day, through the database counters; returns counts per member and the most any member got in a day. */
async function assign(db: Database, orgId: number, team: Member[], total: number, perDay: number) {
  const store = createRoutingStore(db, orgId);
  const counts = new Map(team.map((m) => [m.key, 0]));
  const maxPerDay = new Map(team.map((m) => [m.key, 0]));
  for (let i = 0; i < total; i++) {
    const day = dayOf(Math.floor(i / perDay));
    const chosen = await store.takeTurn(
      'sales',
      team.map((m) => m.key),
      day,
      (counters) => {
        const pick = pickRoundRobin(
          team.map((m) => ({
            key: m.key,
            userId: m.key,
            capacity: m.capacity,
            dailyCap: m.dailyCap,
            isActive: m.isActive,
            total: counters.get(m.key)?.total ?? 0,
            today: counters.get(m.key)?.today ?? 0,
          })),
        );
        // the stored count of the day, as the next turn will read it
        return pick ? { memberKey: pick.key, today: pick.today + 1 } : null;
      },
    );
    if (!chosen) throw new Error(`nobody could take lead ${i}`);
    counts.set(chosen.memberKey, counts.get(chosen.memberKey)! + 1);
    maxPerDay.set(chosen.memberKey, Math.max(maxPerDay.get(chosen.memberKey)!, chosen.today));
  }
  return { counts, maxPerDay };
}

describe.each(testDatabaseTargets())('weighted round-robin fairness over 10,000 assignments on $name', (target) => {
  let db: Database;
  let seq = 0;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => db.close());
  const newOrg = async () =>
    (
      await createOrgRepository(db, createSecretBox(crypto.randomBytes(32))).upsert({
        name: `fair-${++seq}`,
        crm: 'salesforce',
        credentials: {},
      })
    ).id;

  it('lands within 2% of the capacity weights and never gives a lead to the inactive rep', async () => {
    const orgId = await newOrg();
    const { counts } = await assign(db, orgId, TEAM, 10_000, 400);
    const active = TEAM.filter((m) => m.isActive);
    const weight = active.reduce((n, m) => n + m.capacity, 0);
    expect(counts.get('eva@example.com')).toBe(0);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(10_000);
    for (const m of active) {
      const expected = (10_000 * m.capacity) / weight;
      expect(Math.abs(counts.get(m.key)! - expected) / expected).toBeLessThan(0.02);
    }
  }, 240_000);

  it('respects a daily cap; the leads it keeps from a rep go to the others by their weights', async () => {
    const orgId = await newOrg();
    // 300 a day: dora's weighted share would be 300 × 1/7 ≈ 43, her cap is 20
    const team = TEAM.map((m) => (m.key === 'dora@example.com' ? { ...m, dailyCap: 20 } : m));
    // 3,000 leads over 10 days is enough for the cap (the 10,000-lead fairness is the test above)
    const total = 3_000;
    const days = Math.ceil(total / 300);
    const { counts, maxPerDay } = await assign(db, orgId, team, total, 300);
    expect(maxPerDay.get('dora@example.com')).toBe(20);
    // she is always behind her share, so she reaches the cap every day (the last, partial day included)
    expect(counts.get('dora@example.com')).toBe(20 * days);
    const rest = total - counts.get('dora@example.com')!;
    const others = team.filter((m) => m.isActive && m.key !== 'dora@example.com');
    const weight = others.reduce((n, m) => n + m.capacity, 0);
    for (const m of others) {
      const expected = (rest * m.capacity) / weight;
      expect(Math.abs(counts.get(m.key)! - expected) / expected).toBeLessThan(0.02);
    }
    expect(counts.get('eva@example.com')).toBe(0);
  }, 240_000);
});
