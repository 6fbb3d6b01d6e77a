import crypto from 'node:crypto';
import { LeadloopError } from '../../src/domain/errors';
import { createSilentLogger } from '../../src/log/createLogger';
import { createSecretBox } from '../../src/security/secretBox';
import type { Database } from '../../src/store/database';
import { createOrgRepository, type OrgRecord } from '../../src/store/orgRepository';
import { runSync, SyncAlreadyRunningError } from '../../src/sync/runSync';
import { createRunStore } from '../../src/sync/stores/runStore';
import { createFakeCrm, createFakeScorer, createFixedRouter, createNullEnricher } from '../helpers/fakeCrm';
import { testDatabaseTargets } from '../helpers/testDatabases';

describe.each(testDatabaseTargets())('runSync on $name', (target) => {
  let db: Database;
  let orgSeq = 0;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => db.close());

  /** The test database with every transaction started `delayMs` late (a slow store); `onStored` after each that stored leads. */
  function slowDatabase(delayMs: number, onStored?: () => void): Database {
    return {
      ...db,
      transaction: async (fn) => {
        await new Promise((r) => setTimeout(r, delayMs));
        let storedLeads = false;
        const out = await db.transaction((tx) =>
          fn({
            ...tx,
            query: (sql, params) => {
              if (/^\s*INSERT INTO leads\b/.test(sql)) storedLeads = true;
              return tx.query(sql, params);
            },
          }),
        );
        if (storedLeads) onStored?.();
        return out;
      },
    };
  }

  async function setup(leads: number) {
    const org: OrgRecord = await createOrgRepository(db, createSecretBox(crypto.randomBytes(32))).upsert({
      name: `org-${++orgSeq}`,
      crm: 'salesforce',
      credentials: {},
    });
    const crm = createFakeCrm({ leads });
    const sync = (mode: 'full' | 'incremental' = 'incremental') =>
      runSync(
        {
          db,
          org,
          connector: crm.connector,
          scorer: createFakeScorer(),
          enricher: createNullEnricher(),
          router: createFixedRouter(),
          logger: createSilentLogger(),
        },
        { mode, overlapMs: 0 },
      );
    return { org, crm, sync };
  }

  it('scores and writes every lead, creates one task per new MQL, and records the run', async () => {
    const { org, crm, sync } = await setup(450);
    const summary = await sync('full');
    expect(summary.status).toBe('completed');
    expect(summary.counts).toMatchObject({ pulled: 450, scored: 450, written: 450, failed: 0 });
    const mqls = [...crm.records.values()].filter((r) => r.lead.leadloop?.status === 'mql');
    expect(mqls.length).toBeGreaterThan(0);
    expect(crm.tasks.size).toBe(mqls.length);
    expect(mqls.every((r) => r.lead.ownerId === '005rep1')).toBe(true);
    // the three pages are one batch (LEADLOOP_SYNC_BATCH_LEADS): updates in calls of ≤ 200, one task call
    expect(crm.stats().writeCalls).toBe(Math.ceil(450 / 200) + 1);
    const runs = await createRunStore(db).list(org.id);
    expect(runs[0]).toMatchObject({ status: 'completed', counts: expect.objectContaining({ written: 450 }) });
  });

  it('writes nothing and reads little on a second run with nothing changed (no sync loop)', async () => {
    const { crm, sync } = await setup(450);
    await sync('full');
    crm.resetStats();
    const again = await sync('incremental');
    expect(again.counts.written).toBe(0);
    expect(crm.stats().writeCalls).toBe(0);
    expect(crm.stats().readCalls).toBeLessThanOrEqual(3);
  });

  it('re-scores only what a rep changed, and applies rep outcomes without overwriting them', async () => {
    const { crm, sync } = await setup(300);
    await sync('full');
    const [a, b] = [...crm.records.keys()];
    crm.rep.edit(a!, { employees: 990 });
    crm.rep.outcome({ leadExternalId: b!, kind: 'accepted', sourceId: 'status:Working' });
    crm.resetStats();
    const summary = await sync('incremental');
    expect(summary.counts).toMatchObject({ pulled: 1, outcomes: 1, written: 2 });
    expect(crm.records.get(a!)!.lead.leadloop?.status).toBe('mql');
    expect(crm.records.get(b!)!.lead.leadloop?.status).toBe('sal');
  });

  it('re-scores a lead whose engagement changed, from its stored snapshot', async () => {
    const { crm, sync } = await setup(50);
    await sync('full');
    const id = [...crm.records.keys()][3]!;
    const before = crm.records.get(id)!.lead.leadloop?.score as number;
    crm.rep.engage({ externalId: 'task-1', leadExternalId: id, type: 'demo_request' });
    const summary = await sync('incremental');
    expect(summary.counts.rescored).toBe(1);
    expect(crm.records.get(id)!.lead.leadloop?.score).toBe(before + 10);
  });

  it('re-scores new engagement on the next run when the run that read it stopped before re-scoring', async () => {
    const { crm, sync } = await setup(50);
    await sync('full');
    // a second full run reads leadloop's own writes back, so the cursor is past every lead
    expect((await sync('full')).counts.written).toBe(0);
    const id = [...crm.records.keys()][5]!;
    const before = crm.records.get(id)!.lead.leadloop?.score as number;
    crm.rep.engage({ externalId: 'task-9', leadExternalId: id, type: 'demo_request' });
    crm.rep.edit([...crm.records.keys()][6]!, { employees: 40 });
    crm.faults.throwOnPage = 0;
    expect((await sync('incremental')).status).toBe('stopped');
    expect(crm.records.get(id)!.lead.leadloop?.score).toBe(before);
    crm.faults.throwOnPage = -1;
    // the event is no longer new, but the lead is still due for re-scoring
    const resumed = await sync('incremental');
    expect(resumed.counts).toMatchObject({ pulled: 1, rescored: 1 });
    expect(crm.records.get(id)!.lead.leadloop?.score).toBe(before + 10);
    // done once: nothing left due
    expect((await sync('incremental')).counts).toMatchObject({ rescored: 0, written: 0 });
  });

  it('records per-record failures and goes on with the rest', async () => {
    const { org, crm, sync } = await setup(120);
    const bad = [...crm.records.keys()].slice(0, 3);
    for (const id of bad) crm.faults.failWriteIds.add(id);
    const summary = await sync('full');
    expect(summary.status).toBe('completed');
    expect(summary.counts).toMatchObject({ written: 117, failed: 3 });
    const failures = await createRunStore(db).failures(summary.runId!);
    expect(failures.map((f) => f.externalId).sort()).toEqual(bad);
    expect(failures[0]!.message).toContain(bad[0]!);
    void org;
  });

  it('stops cleanly at the checkpoint when the API limit runs out, then resumes to the same end state', async () => {
    const reference = await setup(1000);
    await reference.sync('full');

    const { crm, sync } = await setup(1000);
    crm.faults.rateLimitAfterCalls = 7;
    const first = await sync('full');
    expect(first.status).toBe('stopped');
    expect(first.stopReason).toMatch(/API limit reached/);
    crm.faults.rateLimitAfterCalls = Infinity;
    const second = await sync('incremental');
    expect(second.status).toBe('completed');
    const state = (c: typeof crm) =>
      [...c.records.values()].map((r) => [
        r.lead.externalId,
        r.lead.leadloop?.score,
        r.lead.leadloop?.status,
        r.lead.ownerId,
      ]);
    expect(state(crm)).toEqual(state(reference.crm));
    expect(crm.tasks.size).toBe(reference.crm.tasks.size);
  });

  it('stores each batch before its checkpoint: a stop while writing the next batch keeps the one before', async () => {
    const reference = await setup(1000);
    await reference.sync('full');

    const { org, crm } = await setup(1000);
    // the order the pull reads them in (every write moves a lead to the end)
    const inOrder = [...crm.records.values()]
      .sort((a, b) => a.stamp - b.stamp || a.lead.externalId.localeCompare(b.lead.externalId))
      .map((r) => r.lead.externalId);
    let writeBacks = 0;
    const connector = {
      ...crm.connector,
      // the second batch's write-back meets the API limit
      writeBack: async (updates: Parameters<typeof crm.connector.writeBack>[0]) => {
        if (++writeBacks === 2)
          throw new LeadloopError('REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.', {
            kind: 'rate_limited',
            crm: 'salesforce',
            code: 'REQUEST_LIMIT_EXCEEDED',
          });
        return crm.connector.writeBack(updates);
      },
    };
    // a slow database: the second batch is read while the first one is stored
    const deps = {
      db: slowDatabase(150),
      org,
      connector,
      scorer: createFakeScorer(),
      enricher: createNullEnricher(),
      router: createFixedRouter(),
      logger: createSilentLogger(),
    };
    const first = await runSync(deps, { mode: 'full', overlapMs: 0, batchLeads: 400 });
    expect(first.status).toBe('stopped');
    const stored = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM leads WHERE org_id = $1 AND data IS NOT NULL`,
      [org.id],
    );
    expect(stored.rows[0]!.n).toBe(400); // pages of 200 in batches of 400: the first batch, no more
    const cursor = await createRunStore(db).getCursor(org.id, 'leads');
    expect(cursor?.id).toBe(inOrder[399]);

    const second = await runSync(
      { ...deps, db, connector: crm.connector },
      { mode: 'incremental', overlapMs: 0, batchLeads: 400 },
    );
    expect(second.status).toBe('completed');
    const state = (c: typeof crm) =>
      [...c.records.values()].map((r) => [
        r.lead.externalId,
        r.lead.leadloop?.score,
        r.lead.leadloop?.status,
        r.lead.ownerId,
      ]);
    expect(state(crm)).toEqual(state(reference.crm));
    expect(crm.tasks.size).toBe(reference.crm.tasks.size);
  });

  it('reads the next batch from the CRM while the current one is stored', async () => {
    const { org, crm } = await setup(800);
    const events: string[] = [];
    const connector = {
      ...crm.connector,
      pullLeads: async function* (options: Parameters<typeof crm.connector.pullLeads>[0]) {
        let n = 0;
        for await (const page of crm.connector.pullLeads(options)) {
          events.push(`read page ${++n}`);
          yield page;
        }
      },
    };
    const summary = await runSync(
      {
        db: slowDatabase(100, () => events.push('stored')),
        org,
        connector,
        scorer: createFakeScorer(),
        enricher: createNullEnricher(),
        router: createFixedRouter(),
        logger: createSilentLogger(),
      },
      { mode: 'full', overlapMs: 0, batchLeads: 400 },
    );
    expect(summary.counts).toMatchObject({ pulled: 800, written: 800 });
    const leadEvents = events.filter((e) => e.startsWith('read') || e === 'stored').slice(-6);
    // pages of 200 in batches of 400: batch 2's pages are read before batch 1 is stored
    expect(leadEvents).toEqual(['read page 1', 'read page 2', 'read page 3', 'read page 4', 'stored', 'stored']);
  });

  it('reads outcomes and engagement at the same time, and pulls leads once both are stored', async () => {
    const { org, crm } = await setup(300);
    const [a, b] = [...crm.records.keys()];
    crm.rep.outcome({ leadExternalId: a!, kind: 'accepted', sourceId: 'status:Working' });
    crm.rep.engage({ externalId: 'evt-1', leadExternalId: b!, type: 'meeting' });
    const events: string[] = [];
    const connector = {
      ...crm.connector,
      pullOutcomes: async function* (since: string | null) {
        events.push('outcomes started');
        await new Promise((r) => setTimeout(r, 100));
        yield* crm.connector.pullOutcomes(since);
        events.push('outcomes done');
      },
      pullEngagement: async function* (since: string | null) {
        events.push('engagement started');
        yield* crm.connector.pullEngagement(since);
        events.push('engagement done');
      },
      pullLeads: async function* (options: Parameters<typeof crm.connector.pullLeads>[0]) {
        events.push('leads started');
        yield* crm.connector.pullLeads(options);
      },
    };
    const summary = await runSync(
      {
        db,
        org,
        connector,
        scorer: createFakeScorer(),
        enricher: createNullEnricher(),
        router: createFixedRouter(),
        logger: createSilentLogger(),
      },
      { mode: 'full', overlapMs: 0 },
    );
    expect(summary.counts).toMatchObject({ pulled: 300, outcomes: 1, engagementEvents: 1 });
    expect(events.indexOf('engagement started')).toBeLessThan(events.indexOf('outcomes done'));
    expect(events.indexOf('leads started')).toBeGreaterThan(events.indexOf('outcomes done'));
    expect(events.indexOf('leads started')).toBeGreaterThan(events.indexOf('engagement done'));
    // the outcome and the engagement were both stored before the lead was scored
    expect(crm.records.get(a!)!.lead.leadloop?.status).toBe('sal');
  });

  it('keeps the outcomes stored when the engagement read beside them stops the run', async () => {
    const { org, crm } = await setup(100);
    const [a] = [...crm.records.keys()];
    crm.rep.outcome({ leadExternalId: a!, kind: 'accepted', sourceId: 'status:Working' });
    const deps = {
      db,
      org,
      scorer: createFakeScorer(),
      enricher: createNullEnricher(),
      router: createFixedRouter(),
      logger: createSilentLogger(),
    };
    const stopped = await runSync(
      {
        ...deps,
        connector: {
          ...crm.connector,
          // eslint-disable-next-line require-yield
          pullEngagement: async function* () {
            await new Promise((r) => setTimeout(r, 50));
            throw new LeadloopError('daily API limit', {
              kind: 'rate_limited',
              crm: 'salesforce',
              code: 'REQUEST_LIMIT_EXCEEDED',
            });
          },
        },
      },
      { mode: 'full', overlapMs: 0 },
    );
    expect(stopped.status).toBe('stopped');
    expect(stopped.counts).toMatchObject({ outcomes: 1, pulled: 0 });
    expect(await createRunStore(db).getCursor(org.id, 'outcomes')).not.toBeNull();
    expect(await createRunStore(db).getCursor(org.id, 'engagement')).toBeNull();
    // the next run does not read the stored outcome as new
    const next = await runSync({ ...deps, connector: crm.connector }, { mode: 'incremental', overlapMs: 0 });
    expect(next.status).toBe('completed');
    expect(next.counts).toMatchObject({ outcomes: 0, pulled: 100 });
  });

  it('never sends a write for a lead the CRM holds as converted, and keeps its state', async () => {
    const { org, crm, sync } = await setup(300);
    const converted = [...crm.records.values()].slice(0, 40);
    for (const r of converted) r.lead.isConverted = true;
    const summary = await sync('full');
    expect(summary.counts).toMatchObject({ pulled: 300, scored: 300, written: 260, skipped: 40, failed: 0 });
    for (const r of converted) expect(r.lead.leadloop?.score).toBeUndefined();
    expect(await createRunStore(db).failures(summary.runId!)).toEqual([]);
    const stored = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM leads WHERE org_id = $1 AND score IS NOT NULL AND data IS NOT NULL AND external_id = ANY($2::text[])`,
      [org.id, converted.map((r) => r.lead.externalId)],
    );
    expect(stored.rows[0]!.n).toBe(40);
  });

  it('runs one sync per org at a time', async () => {
    const { org, crm } = await setup(10);
    const lock = await db.tryLock(`leadloop:sync:${org.id}`);
    await expect(
      runSync(
        {
          db,
          org,
          connector: crm.connector,
          scorer: createFakeScorer(),
          enricher: createNullEnricher(),
          logger: createSilentLogger(),
        },
        { mode: 'full' },
      ),
    ).rejects.toBeInstanceOf(SyncAlreadyRunningError);
    await lock!.release();
  });
});
