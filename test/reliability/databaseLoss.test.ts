import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../src/sandbox/salesforce/startSalesforceSandbox';
import { runCli } from '../helpers/runCli';

/**
 * Matrix F13 on a real PostgreSQL server (TEST_DATABASE_URL; skipped without it): every
 * connection of a running `leadloop sync` is terminated by the server mid-run. The server is
 * not restarted (CI shares it); the test works in its own database, dropped afterwards.
 */
const SERVER = process.env['TEST_DATABASE_URL'];
const describeOnServer = SERVER ? describe : describe.skip;
const BIN = path.join(__dirname, '../../bin/leadloop.js');
const LEADS = 3000;
const SEED = 71;

async function adminQuery(url: string, sql: string, params: unknown[] = []) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/** What the CRM holds: leadloop's status and grade on every open lead. */
function crmState(sandbox: SalesforceSandbox) {
  const open = sandbox.store.scan('Lead').filter((l) => !l['IsDeleted'] && l['IsConverted'] !== true);
  return {
    unscored: open.filter((l) => typeof l['LeadLoop_Score__c'] !== 'number').length,
    leads: new Map(
      open.map((l) => [
        l.Id,
        `${String(l['LeadLoop_Status__c'])}/${String(l['LeadLoop_Grade__c'])}/${String(l['LeadLoop_Score__c'])}`,
      ]),
    ),
  };
}

async function connect(sandbox: SalesforceSandbox, env: Record<string, string>) {
  const c = sandbox.credentials;
  const cli = (args: string[]) => runCli(args, env);
  expect(
    (
      await cli([
        'connect',
        'salesforce',
        '--name',
        'org',
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
      ])
    ).code,
  ).toBe(0);
  expect((await cli(['setup', 'org'])).code).toBe(0);
  return cli;
}

describeOnServer('database connection lost mid-run (real PostgreSQL)', () => {
  it('exits non-zero with one clear line, records the run as failed, and the next run ends as an uninterrupted one', async () => {
    const name = `leadloop_dbloss_${crypto.randomBytes(5).toString('hex')}`;
    await adminQuery(SERVER!, `CREATE DATABASE ${name}`);
    const dbUrl = new URL(SERVER!);
    dbUrl.pathname = `/${name}`;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-dbloss-'));
    // batches of 500: the run passes several checkpoints before the connections are ended
    const env = {
      DATABASE_URL: dbUrl.toString(),
      LEADLOOP_SECRET_KEY: crypto.randomBytes(32).toString('hex'),
      LEADLOOP_DATA_DIR: dataDir,
      LEADLOOP_ENRICH_NETWORK: 'off',
      LEADLOOP_SYNC_BATCH_LEADS: '500',
    };
    const refDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-dbloss-ref-'));
    const reference = await startSalesforceSandbox({ leads: LEADS, seed: SEED });
    const sandbox = await startSalesforceSandbox({ leads: LEADS, seed: SEED });
    try {
      // the reference: the same org synced without interruption (embedded database)
      const refCli = await connect(reference, { LEADLOOP_DATA_DIR: refDir, LEADLOOP_ENRICH_NETWORK: 'off' });
      expect((await refCli(['sync', 'org', '--full', '--json'])).json()).toMatchObject({ status: 'completed' });
      const expected = crmState(reference);

      const cli = await connect(sandbox, env);
      /** Runs `sync` in a child process and terminates every connection of the database once `when()` holds. */
      const killedRun = async (args: string[], when: (progress: { calls: number; written: number }) => boolean) => {
        const calls = sandbox.calls.total;
        const written = sandbox.calls.recordsWritten;
        const child = spawn(process.execPath, [BIN, 'sync', 'org', ...args, '--json'], {
          env: { ...process.env, ...env, LOG_LEVEL: 'info', LOG_FORMAT: 'json' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (output += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
        while (
          !when({ calls: sandbox.calls.total - calls, written: sandbox.calls.recordsWritten - written }) &&
          child.exitCode === null
        )
          await new Promise((r) => setTimeout(r, 2));
        expect(child.exitCode).toBeNull();
        const { rows } = await adminQuery(
          dbUrl.toString(),
          'SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
        );
        expect(rows.length).toBeGreaterThan(0);
        const code = await exit;
        // the human line, apart from the JSON log records (LOG_FORMAT=json) that share stderr
        const lines = stderr
          .trim()
          .split('\n')
          .filter((l) => !l.startsWith('{'));
        return { code, terminated: rows.length, stdout: output, stderr, lines };
      };

      // 1: while outcomes and engagement are read (the terminated connection is in a query);
      // 2: in the middle of the leads, three pages written (the lock's idle connection ends)
      // 25 ms per CRM call: the run outlasts the moment the test needs to terminate its connections
      sandbox.faults.latencyMs = 25;
      const killed = [
        await killedRun(['--full'], (p) => p.calls >= 4),
        await killedRun(['--full'], (p) => p.written >= 600),
      ];
      sandbox.faults.latencyMs = 0;
      for (const run of killed) {
        expect(run.code).toBe(1);
        expect(run.stderr).not.toMatch(/\n\s+at |"stack"|Unhandled/); // no stack trace
        expect(run.lines).toHaveLength(1);
        expect(run.lines[0]).toMatch(
          /^leadloop: sync of org failed: lost the database connection \(.+\); nothing after the last checkpoint is taken as done, the next run resumes there$/,
        );
        for (const secret of [sandbox.credentials.password, sandbox.credentials.clientSecret, env.LEADLOOP_SECRET_KEY])
          expect(run.stderr + run.stdout).not.toContain(secret);
      }
      // each stopped mid-run: the leads come in pages (batches) of 2,000 and, once the lock's
      // connection is gone, no later batch is written to the CRM (the second page may be read ahead)
      const summaries = killed.map(
        (k) => JSON.parse(k.stdout.trim().split('\n').at(-1)!) as { status: string; pulled: number; written: number },
      );
      for (const summary of summaries) expect(summary).toMatchObject({ status: 'failed', pulled: expect.any(Number) });
      expect(summaries[0]!.written).toBe(0);
      expect(summaries[1]!.written).toBeGreaterThan(0);
      expect(summaries[1]!.written).toBeLessThanOrEqual(2000);

      // the interrupted run is recorded as failed, never as done
      const runs = (await cli(['runs', 'org', '--json'])).json<{
        runs: { status: string; stopReason: string | null }[];
      }>().runs;
      expect(runs.map((r) => r.status)).toEqual(['failed', 'failed']);
      for (const run of runs) expect(run.stopReason).toMatch(/^lost the database connection/);
      const resumed = await cli(['sync', 'org', '--json']);
      expect(resumed.json()).toMatchObject({ status: 'completed', failed: 0 });
      const state = crmState(sandbox);
      expect(state.unscored).toBe(0);
      // every lead, the recycled ones too (a second scoring of a recycled lead used to count the
      // engagement before the recycle and apply the low-fit floor: 33–78 of 216 differed)
      const differing = [...expected.leads].filter(([id, value]) => state.leads.get(id) !== value);
      expect(differing).toEqual([]);
      expect(state.leads.size).toBe(expected.leads.size);
    } finally {
      await reference.close();
      await sandbox.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(refDir, { recursive: true, force: true });
      await adminQuery(SERVER!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  }, 60_000);
});
