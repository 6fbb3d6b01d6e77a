import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../src/sandbox/salesforce/startSalesforceSandbox';
import { createServerDatabaseUrl } from '../helpers/testDatabases';
import { runCli } from '../helpers/runCli';

/**
 * Matrix F12 / L8 on a real PostgreSQL server (TEST_DATABASE_URL; skipped without it): two
 * `leadloop worker` processes share one database and eight orgs, each org on its own
 * Salesforce sandbox. The schedules fire every 10 seconds (node-cron takes a seconds field,
 * so no test hook is needed): every org is synced exactly once per tick, by one worker, and
 * never twice at the same time.
 */
const SERVER = process.env['TEST_DATABASE_URL'];
const describeOnServer = SERVER ? describe : describe.skip;
const BIN = path.join(__dirname, '../../bin/leadloop.js');
const ORGS = 8;
const EVERY_10_SECONDS = '*/10 * * * * *';

describeOnServer('two workers on one PostgreSQL, eight orgs (real PostgreSQL)', () => {
  it('syncs every org exactly once per schedule tick, never twice at once', async () => {
    const database = await createServerDatabaseUrl(SERVER!);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-workers-'));
    const env = {
      DATABASE_URL: database.url,
      LEADLOOP_SECRET_KEY: crypto.randomBytes(32).toString('hex'),
      LEADLOOP_DATA_DIR: dataDir,
      LEADLOOP_ENRICH_NETWORK: 'off',
    };
    const sandboxes: SalesforceSandbox[] = [];
    const workers: ChildProcess[] = [];
    const logs: string[] = ['', ''];
    try {
      for (let i = 0; i < ORGS; i++) {
        const sandbox = await startSalesforceSandbox({ leads: 150, seed: 80 + i });
        sandboxes.push(sandbox);
        const c = sandbox.credentials;
        const name = `org${i}`;
        expect(
          (
            await runCli(
              [
                'connect',
                'salesforce',
                '--name',
                name,
                '--schedule',
                EVERY_10_SECONDS,
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
            )
          ).code,
        ).toBe(0);
        expect((await runCli(['setup', name], env)).code).toBe(0);
      }

      for (const i of [0, 1]) {
        const worker = spawn(process.execPath, [BIN, 'worker'], {
          env: { ...process.env, ...env, LOG_LEVEL: 'info', LOG_FORMAT: 'json', LEADLOOP_SYNC_CONCURRENCY: '3' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        worker.stdout!.on('data', (d: Buffer) => (logs[i] += d.toString()));
        worker.stderr!.on('data', (d: Buffer) => (logs[i] += d.toString()));
        workers.push(worker);
      }
      // three ticks after both are up (start-up takes a few seconds on a loaded machine)
      await new Promise((r) => setTimeout(r, 33_000));
      const exits = workers.map(
        (w) =>
          new Promise<number | null>((resolve) =>
            w.exitCode !== null ? resolve(w.exitCode) : w.on('exit', (code) => resolve(code)),
          ),
      );
      for (const w of workers) w.kill('SIGTERM');
      expect(await Promise.all(exits)).toEqual([0, 0]);

      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        const { rows: claims } = await client.query<{ slot_key: string; org_id: string; claimed_by: string }>(
          'SELECT slot_key, org_id::text, claimed_by FROM schedule_claims ORDER BY slot_key',
        );
        const { rows: runs } = await client.query<{
          id: string;
          org_id: string;
          status: string;
          worker: string;
          started_at: Date;
          finished_at: Date | null;
        }>('SELECT id::text, org_id::text, status, worker, started_at, finished_at FROM sync_runs ORDER BY id');
        const { rows: orgs } = await client.query<{ id: string }>('SELECT id::text FROM orgs');
        expect(orgs).toHaveLength(ORGS);

        // the ticks: slots claimed for every org, each by exactly one worker (one claim per slot and org)
        const tickOf = (key: string) => /(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z?)/.exec(key)?.[1] ?? key;
        const scheduled = claims.filter((c) => !c.slot_key.startsWith('catch-up:'));
        const byTick = new Map<string, typeof scheduled>();
        for (const c of scheduled) byTick.set(tickOf(c.slot_key), [...(byTick.get(tickOf(c.slot_key)) ?? []), c]);
        const fullTicks = [...byTick.values()].filter((list) => list.length === ORGS);
        expect(fullTicks.length).toBeGreaterThanOrEqual(2);
        for (const list of byTick.values()) expect(new Set(list.map((c) => c.org_id)).size).toBe(list.length);

        // every claim became exactly one run, and every run came from a claim
        const claimsPerOrg = new Map<string, number>();
        for (const c of claims) claimsPerOrg.set(c.org_id, (claimsPerOrg.get(c.org_id) ?? 0) + 1);
        const runsPerOrg = new Map<string, number>();
        for (const r of runs) runsPerOrg.set(r.org_id, (runsPerOrg.get(r.org_id) ?? 0) + 1);
        const perOrg = orgs.map((o) => ({
          org: o.id,
          claims: claimsPerOrg.get(o.id) ?? 0,
          runs: runsPerOrg.get(o.id) ?? 0,
        }));
        // a tick claimed in the last seconds may be cut by SIGTERM before its run starts (pg-boss polls each second)
        for (const p of perOrg) expect(p.runs === p.claims || p.runs === p.claims - 1).toBe(true);
        expect(perOrg.filter((p) => p.runs < p.claims).length).toBeLessThanOrEqual(ORGS);
        expect(runs.every((r) => r.status === 'completed')).toBe(true);

        // never two runs of one org at the same time
        for (const o of orgs) {
          const own = runs
            .filter((r) => r.org_id === o.id)
            .sort((a, b) => a.started_at.getTime() - b.started_at.getTime());
          for (let i = 1; i < own.length; i++)
            expect(own[i]!.started_at.getTime()).toBeGreaterThanOrEqual(own[i - 1]!.finished_at!.getTime());
        }
        expect(logs.join('')).not.toMatch(/already running/);
        const byWorker = new Map<string, number>();
        for (const r of runs) byWorker.set(r.worker, (byWorker.get(r.worker) ?? 0) + 1);
      } finally {
        await client.end();
      }
    } finally {
      for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
      for (const s of sandboxes) await s.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      await database.drop();
    }
  }, 90_000);
});
