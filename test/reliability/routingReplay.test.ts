import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSilentLogger } from '../../src/log/createLogger';
import { startSalesforceSandbox } from '../../src/sandbox/salesforce/startSalesforceSandbox';
import { createSecretBox } from '../../src/security/secretBox';
import { decodeKey, loadSettings } from '../../src/settings/loadSettings';
import type { Database, Queryable } from '../../src/store/database';
import { openDatabase } from '../../src/store/openDatabase';
import { syncOrg } from '../../src/app/syncOrg';
import { runCli } from '../helpers/runCli';

jest.setTimeout(180_000);

/**
 * The database of a process that dies storing its first page: the page's hand-overs are
 * stored and its leads written back to the CRM, then the transaction that stores the leads'
 * state never commits.
 */
function crashingAtFirstStore(db: Database): { db: Database; crashed: () => boolean } {
  let crashed = false;
  const crashOn = (tx: Queryable): Queryable => ({
    ...tx,
    query: async (sql, params) => {
      if (!crashed && /INSERT INTO leads \(org_id, external_id, modified_at/.test(sql)) {
        crashed = true;
        throw new Error('the process died while storing the page');
      }
      return tx.query(sql, params);
    },
  });
  return {
    db: { ...db, transaction: (fn) => db.transaction((tx) => fn(crashOn(tx))) },
    crashed: () => crashed,
  };
}

/** The sandbox stamps whole seconds and a run reads what is stamped before its start second. */
const afterStampedSecond = () => new Promise((resolve) => setTimeout(resolve, 1100));

/** An org connected to a Salesforce sandbox, set up, with a round-robin team of three reps. */
async function routedOrg(seed: number) {
  const sandbox = await startSalesforceSandbox({ leads: 4000, seed });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-routing-replay-'));
  const env = {
    LEADLOOP_DATA_DIR: dataDir,
    LEADLOOP_ENRICH_NETWORK: 'off',
    LEADLOOP_SECRET_KEY: crypto.randomBytes(32).toString('hex'),
  };
  const c = sandbox.credentials;
  const connect = await runCli(
    [
      'connect',
      'salesforce',
      '--name',
      'acme',
      '--login-url',
      sandbox.url,
      '--client-id',
      c.clientId,
      '--client-secret',
      c.clientSecret,
      '--username',
      c.username,
      '--password',
      c.password,
    ],
    env,
  );
  expect(connect.code).toBe(0);
  expect((await runCli(['setup', 'acme'], env)).code).toBe(0);
  const reps = sandbox.store
    .scan('User')
    .filter((u) => u['IsActive'] === true && u['Id'] !== sandbox.apiUserId)
    .slice(0, 3);
  const routing = path.join(dataDir, 'routing.yaml');
  fs.writeFileSync(
    routing,
    `teams:
  all:
    members:
      - { user: ${String(reps[0]!['Email'])}, capacity: 2 }
      - { user: ${String(reps[1]!['Email'])} }
      - { user: ${String(reps[2]!['Email'])} }
    hours: { timezone: UTC, days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "23:59" }
    slaHours: 48
rules:
  - { name: everyone, when: {}, assign: { roundRobin: all } }
`,
  );
  expect((await runCli(['orgs', 'set', 'acme', '--routing', routing], env)).code).toBe(0);
  const db = await openDatabase({ dataDir });
  const deps = {
    db,
    box: createSecretBox(decodeKey(env.LEADLOOP_SECRET_KEY)!),
    settings: loadSettings(env),
    logger: createSilentLogger(),
  };
  return {
    sandbox,
    db,
    sync: (mode: 'full' | 'incremental', db2: Database = db) => syncOrg({ ...deps, db: db2 }, 'acme', { mode }),
    owners: () => new Map(sandbox.store.scan('Lead').map((l) => [String(l['Id']), String(l['OwnerId'])])),
    tasks: () => sandbox.store.scan('Task').filter((t) => String(t['Subject'] ?? '').startsWith('leadloop')),
    async close() {
      await db.close();
      await sandbox.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every lead routed once: one assignment each, one round-robin turn each, one hand-over each, its SLA tracked. */
async function expectOneTurnPerLead(db: Database, handedOver: string[]) {
  const { rows: assigned } = await db.query<{ external_id: string; n: string }>(
    `SELECT external_id, count(*) AS n FROM routing_assignments GROUP BY external_id`,
  );
  const { rows: turns } = await db.query<{ total: string }>(
    `SELECT COALESCE(sum(total), 0) AS total FROM routing_counters`,
  );
  const { rows: handovers } = await db.query<{ external_id: string; n: string; tracked: boolean }>(
    `SELECT h.external_id, count(*) AS n, bool_and(l.sla_due_at = h.sla_due_at) AS tracked
       FROM handovers h JOIN leads l ON l.org_id = h.org_id AND l.external_id = h.external_id GROUP BY h.external_id`,
  );
  expect(assigned.length).toBeGreaterThanOrEqual(handedOver.length);
  expect(assigned.filter((r) => Number(r.n) !== 1)).toEqual([]);
  expect(Number(turns[0]!.total)).toBe(assigned.length);
  const byLead = new Map(handovers.map((h) => [h.external_id, h]));
  for (const id of handedOver) expect([id, Number(byLead.get(id)?.n), byLead.get(id)?.tracked]).toEqual([id, 1, true]);
}

describe('a run that stops in the middle of a page, then resumes', () => {
  it('between write-back and store: every lead keeps the owner it was given, one turn and one hand-over each', async () => {
    const org = await routedOrg(23);
    try {
      const before = org.owners();
      const crashing = crashingAtFirstStore(org.db);
      const first = await org.sync('full', crashing.db);
      expect(crashing.crashed()).toBe(true);
      expect(first.status).toBe('failed');
      // the page was written back: leadloop handed leads over to the reps in the CRM
      const given = org.owners();
      const handedOver = [...given].filter(([id, owner]) => before.get(id) !== owner);
      expect(handedOver.length).toBeGreaterThan(0);

      await afterStampedSecond();
      expect((await org.sync('incremental')).status).toBe('completed');
      const after = org.owners();
      for (const [id, owner] of handedOver) expect([id, after.get(id)]).toEqual([id, owner]);
      await expectOneTurnPerLead(
        org.db,
        handedOver.map(([id]) => id),
      );
    } finally {
      await org.close();
    }
  });

  it('between the hand-over tasks and the write-back: the replay gives each lead the rep its task went to, one turn each', async () => {
    const org = await routedOrg(29);
    try {
      // the org runs out of API requests right after the hand-over tasks are created
      const insert = org.sandbox.store.insert.bind(org.sandbox.store);
      let tripped = false;
      org.sandbox.store.insert = (name, values, userId, at) => {
        const record = insert(name, values, userId, at);
        if (name === 'Task' && !tripped) {
          tripped = true;
          setImmediate(() => (org.sandbox.faults.dailyApiLimit = org.sandbox.calls.total));
        }
        return record;
      };
      const first = await org.sync('full');
      expect(tripped).toBe(true);
      expect(first.status).toBe('stopped');
      const tasksBefore = new Map(org.tasks().map((t) => [String(t['WhoId']), String(t['OwnerId'])]));
      expect(tasksBefore.size).toBeGreaterThan(0);

      org.sandbox.faults.dailyApiLimit = 1_000_000;
      await afterStampedSecond();
      expect((await org.sync('incremental')).status).toBe('completed');
      const owners = org.owners();
      const tasks = org.tasks();
      // no second task, and each lead owned by the rep its first task went to
      expect(tasks.length).toBe(new Set(tasks.map((t) => String(t['WhoId']))).size);
      for (const [lead, rep] of tasksBefore) expect([lead, owners.get(lead)]).toEqual([lead, rep]);
      await expectOneTurnPerLead(org.db, [...tasksBefore.keys()]);
    } finally {
      await org.close();
    }
  });
});
