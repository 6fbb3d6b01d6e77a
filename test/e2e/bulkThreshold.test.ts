import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../src/sandbox/salesforce/startSalesforceSandbox';
import { runCli } from '../helpers/runCli';

jest.setTimeout(300_000);

interface SyncJson {
  status: string;
  pulled: number;
  scored: number;
  apiCalls: number;
}

async function connected(sandbox: SalesforceSandbox, dataDir: string): Promise<NodeJS.ProcessEnv> {
  const env = { LEADLOOP_DATA_DIR: dataDir, LEADLOOP_ENRICH_NETWORK: 'off' };
  const c = sandbox.credentials;
  expect(
    (
      await runCli(
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
      )
    ).code,
  ).toBe(0);
  expect((await runCli(['setup', 'acme'], env)).code).toBe(0);
  return env;
}

/** Runs a sync and returns its summary with the sandbox's calls during it, by kind. */
async function sync(
  sandbox: SalesforceSandbox,
  env: NodeJS.ProcessEnv,
  args: string[],
): Promise<{ summary: SyncJson; calls: Record<string, number>; total: number }> {
  const before = { ...sandbox.calls.byKind };
  const total = sandbox.calls.total;
  const run = await runCli(['sync', 'acme', ...args, '--json'], env);
  expect({ code: run.code, stderr: run.code ? run.stderr.slice(-800) : '' }).toEqual({ code: 0, stderr: '' });
  const calls = Object.fromEntries(
    Object.entries(sandbox.calls.byKind)
      .map(([k, n]) => [k, n - (before[k] ?? 0)])
      .filter(([, n]) => Number(n) > 0),
  );
  return { summary: run.json<SyncJson>(), calls, total: sandbox.calls.total - total };
}

const bulkJobs = (calls: Record<string, number>) => calls['bulk2.query.create'] ?? 0;

/**
 * Bulk where it pays: a first or full sync counts the leads (one SELECT COUNT() call, counted
 * in the run's API calls) and reads them through Bulk API 2.0 above the threshold; an
 * incremental run reads through REST unless more leads changed than the threshold.
 */
describe('Bulk API 2.0 above the bulk threshold, without --bulk', () => {
  const dirs: string[] = [];
  const sandboxes: SalesforceSandbox[] = [];
  const start = async (leads: number, seed: number) => {
    const sandbox = await startSalesforceSandbox({ leads, seed });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-e2e-bulk-'));
    sandboxes.push(sandbox);
    dirs.push(dir);
    return { sandbox, env: await connected(sandbox, dir) };
  };
  afterAll(async () => {
    for (const s of sandboxes) await s.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('reads a first sync above 2,000 leads through one Bulk query job, then incremental changes through REST', async () => {
    const { sandbox, env } = await start(2_100, 43);
    const first = await sync(sandbox, env, []);
    expect(first.summary).toMatchObject({ status: 'completed', pulled: 2_100, scored: 2_100 });
    expect(bulkJobs(first.calls)).toBe(1);
    // every call the org saw is in the run's stats, the COUNT() query included
    expect(first.summary.apiCalls).toBe(first.total);

    const open = sandbox.store
      .scan('Lead')
      .filter((l) => l['IsConverted'] !== true)
      .slice(0, 3);
    for (const lead of open) sandbox.rep.touch(String(lead['Id']));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const next = await sync(sandbox, env, []);
    expect(next.summary.status).toBe('completed');
    expect(bulkJobs(next.calls)).toBe(0);
  });

  it('stays on REST below the threshold, follows a per-org threshold, and --rest / --bulk force either', async () => {
    const { sandbox, env } = await start(600, 47);
    const first = await sync(sandbox, env, []);
    expect(first.summary).toMatchObject({ status: 'completed', pulled: 600 });
    expect(bulkJobs(first.calls)).toBe(0);
    expect(first.summary.apiCalls).toBe(first.total);

    expect((await runCli(['orgs', 'set', 'acme', '--bulk-threshold', '500'], env)).code).toBe(0);
    const full = await sync(sandbox, env, ['--full']);
    expect(full.summary).toMatchObject({ status: 'completed', pulled: 600 });
    expect(bulkJobs(full.calls)).toBe(1);

    const rest = await sync(sandbox, env, ['--full', '--rest']);
    expect(rest.summary.pulled).toBe(600);
    expect(bulkJobs(rest.calls)).toBe(0);

    // an incremental run where more leads changed than the threshold switches to Bulk too
    expect((await runCli(['orgs', 'set', 'acme', '--bulk-threshold', '100'], env)).code).toBe(0);
    const open = sandbox.store
      .scan('Lead')
      .filter((l) => l['IsConverted'] !== true)
      .slice(0, 150);
    for (const lead of open) sandbox.rep.touch(String(lead['Id']));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const many = await sync(sandbox, env, []);
    expect(many.summary.pulled).toBeGreaterThanOrEqual(150);
    expect(bulkJobs(many.calls)).toBe(1);

    const forced = await sync(sandbox, env, ['--bulk']);
    expect(bulkJobs(forced.calls)).toBe(1);
    expect((await runCli(['sync', 'acme', '--bulk', '--rest'], env)).code).toBe(2);
  });
});
