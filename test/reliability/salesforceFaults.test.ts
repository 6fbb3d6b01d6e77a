import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../src/sandbox/salesforce/startSalesforceSandbox';
import { runCli } from '../helpers/runCli';

const BIN = path.join(__dirname, '../../bin/leadloop.js');

/** A Salesforce org in the sandbox, connected and set up, with routing so hand-over tasks are made. */
async function connectedOrg(leads: number, seed: number) {
  const sandbox = await startSalesforceSandbox({ leads, seed });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-reliability-'));
  // batches of 500: a run of these few-thousand-lead orgs passes several checkpoints
  const env = { LEADLOOP_DATA_DIR: dataDir, LEADLOOP_ENRICH_NETWORK: 'off', LEADLOOP_SYNC_BATCH_LEADS: '500' };
  const c = sandbox.credentials;
  const cli = async (args: string[]) => runCli(args, env);
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
  const reps = sandbox.store
    .scan('User')
    .filter((u) => u['IsActive'] === true && u['Id'] !== sandbox.apiUserId)
    .slice(0, 3);
  fs.writeFileSync(
    path.join(dataDir, 'routing.yaml'),
    `teams:\n  all:\n    members: [${reps.map((u) => `{ user: ${String(u['Email'])} }`).join(', ')}]\n    hours: { timezone: UTC, days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "23:59" }\n    slaHours: 48\nrules:\n  - { name: all, when: {}, assign: { roundRobin: all } }\n`,
  );
  expect((await cli(['routing', 'org', '--file', path.join(dataDir, 'routing.yaml')])).code).toBe(0);
  return {
    sandbox,
    env,
    cli,
    async close() {
      await sandbox.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** What the CRM holds after the sync: leadloop's values per lead, and hand-over tasks per key. */
function crmState(sandbox: SalesforceSandbox) {
  const leads = sandbox.store.scan('Lead').filter((l) => !l['IsDeleted']);
  const open = leads.filter((l) => l['IsConverted'] !== true);
  const keys = sandbox.store
    .scan('Task')
    .filter((t) => !t['IsDeleted'])
    .map((t) => /leadloop hand-over key: (\S+)/.exec(String(t['Description'] ?? ''))?.[1])
    .filter(Boolean) as string[];
  return {
    unscored: open.filter((l) => typeof l['LeadLoop_Score__c'] !== 'number').length,
    statuses: new Map(
      open.map((l) => [String(l['Id']), `${String(l['LeadLoop_Status__c'])}/${String(l['LeadLoop_Grade__c'])}`]),
    ),
    tasks: keys.length,
    duplicateTasks: keys.length - new Set(keys).size,
  };
}

describe('reliability against the Salesforce sandbox', () => {
  it('finishes through expiring tokens, lock errors, 503s, dropped connections and latency spikes, with nothing lost and no task twice', async () => {
    // enough leads for a few MQLs on a stock org (only calls, meetings and campaign responses engage)
    const org = await connectedOrg(1200, 31);
    try {
      Object.assign(org.sandbox.faults, {
        tokenTtlSeconds: 2,
        lockErrorShare: 0.05,
        serverErrorShare: 0.02,
        dropConnectionShare: 0.01,
        latencySpikeShare: 0.1,
        latencySpikeMs: 150,
      });
      const statuses: string[] = [];
      for (let run = 0; run < 4 && statuses.at(-1) !== 'completed'; run++) {
        statuses.push(
          (await org.cli(['sync', 'org', ...(run === 0 ? ['--full'] : []), '--json'])).json<{ status: string }>()
            .status,
        );
      }
      expect(statuses.at(-1)).toBe('completed');
      expect(statuses.length).toBeLessThanOrEqual(3);
      Object.assign(org.sandbox.faults, {
        tokenTtlSeconds: null,
        lockErrorShare: 0,
        serverErrorShare: 0,
        dropConnectionShare: 0,
        latencySpikeShare: 0,
      });
      const state = crmState(org.sandbox);
      expect(state.unscored).toBe(0);
      expect(state.tasks).toBeGreaterThan(0);
      expect(state.duplicateTasks).toBe(0);
      // a run right after, with no faults, has nothing left to write
      expect((await org.cli(['sync', 'org', '--json'])).json()).toMatchObject({
        status: 'completed',
        written: 0,
        failed: 0,
      });
    } finally {
      await org.close();
    }
  }, 120_000);

  it('stops cleanly at a checkpoint when the daily API limit runs out, and the next run finishes the job', async () => {
    const org = await connectedOrg(6000, 32);
    try {
      // leadloop stops at 80% of the daily limit: put that point ~32 calls into the run
      org.sandbox.faults.dailyApiLimit = Math.ceil((org.sandbox.calls.total + 32) / 0.8);
      const stopped = await org.cli(['sync', 'org', '--full', '--json']);
      expect(stopped.code).toBe(1);
      const summary = stopped.json<{ status: string; stopReason: string; written: number }>();
      expect(summary.status).toBe('stopped');
      expect(summary.stopReason).toMatch(/REQUEST_LIMIT_EXCEEDED|daily API requests/i);
      expect(stopped.stderr).toMatch(/stopped/);
      expect(summary.written).toBeGreaterThan(0);
      expect(crmState(org.sandbox).unscored).toBeGreaterThan(0);

      org.sandbox.faults.dailyApiLimit = 100_000;
      const resumed = await org.cli(['sync', 'org', '--json']);
      expect(resumed.json()).toMatchObject({ status: 'completed' });
      expect(crmState(org.sandbox)).toMatchObject({ unscored: 0, duplicateTasks: 0 });
    } finally {
      await org.close();
    }
  }, 120_000);

  it('stops at the share of the daily API requests the org is set to, else at LEADLOOP_API_BUDGET_SHARE', async () => {
    const org = await connectedOrg(3000, 34);
    try {
      // half the limit is ~20 calls into the run; 80 % (the default) lies beyond what a run makes
      org.sandbox.faults.dailyApiLimit = Math.ceil((org.sandbox.calls.total + 20) / 0.5);
      const set = await org.cli(['orgs', 'set', 'org', '--api-budget-share', '0.5', '--json']);
      expect(set.code).toBe(0);
      expect(set.json()).toMatchObject({ settings: { apiBudgetShare: { value: 0.5, source: 'org' } } });
      const stopped = await org.cli(['sync', 'org', '--full', '--json']);
      expect(stopped.json()).toMatchObject({ status: 'stopped', stopReason: expect.stringMatching(/stops at 50%/) });

      // back to the environment's share: the org's own is gone, LEADLOOP_API_BUDGET_SHARE applies
      expect((await org.cli(['orgs', 'set', 'org', '--api-budget-share', 'default'])).code).toBe(0);
      const env = { ...org.env, LEADLOOP_API_BUDGET_SHARE: '0.4' };
      const shown = await runCli(['orgs', 'show', 'org', '--json'], env);
      expect(shown.json()).toMatchObject({
        settings: { apiBudgetShare: { value: 0.4, source: 'LEADLOOP_API_BUDGET_SHARE' } },
      });
      const again = await runCli(['sync', 'org', '--json'], env);
      expect(again.json()).toMatchObject({ status: 'stopped', stopReason: expect.stringMatching(/stops at 40%/) });
      expect((await org.cli(['orgs', 'set', 'org', '--api-budget-share', '1.5'])).code).toBe(2);

      org.sandbox.faults.dailyApiLimit = 100_000;
      expect((await org.cli(['sync', 'org', '--json'])).json()).toMatchObject({ status: 'completed' });
    } finally {
      await org.close();
    }
  }, 120_000);

  it('ends in the same CRM state as an uninterrupted run after being killed (SIGKILL) at 10 points', async () => {
    const reference = await connectedOrg(1500, 33);
    const org = await connectedOrg(1500, 33);
    try {
      expect((await reference.cli(['sync', 'org', '--full', '--json'])).json()).toMatchObject({ status: 'completed' });
      const expected = crmState(reference.sandbox);

      // Kill points by progress, not by the clock (a loaded machine stretches a run): the
      // process is killed once it has made k API calls in this run. Full runs (even i) are
      // killed deep into reading and writing; the incremental runs between them early,
      // while they resume what the killed run left.
      const killAfterCalls = [4, 2, 9, 3, 14, 2, 6, 4, 11, 3];
      let killed = 0;
      for (const [i, k] of killAfterCalls.entries()) {
        const callsBefore = org.sandbox.calls.total;
        const child = spawn(process.execPath, [BIN, 'sync', 'org', ...(i % 2 === 0 ? ['--full'] : []), '--json'], {
          env: { ...process.env, ...org.env, LOG_LEVEL: 'error' },
          stdio: 'ignore',
        });
        const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
        const poll = setInterval(() => {
          if (org.sandbox.calls.total - callsBefore >= k && child.exitCode === null && child.kill('SIGKILL')) {
            killed++;
            clearInterval(poll);
          }
        }, 1);
        await exit;
        clearInterval(poll);
      }
      expect(killed).toBeGreaterThanOrEqual(8);
      const final = await org.cli(['sync', 'org', '--json']);
      expect(final.json()).toMatchObject({ status: 'completed' });
      const state = crmState(org.sandbox);
      expect(state.unscored).toBe(0);
      expect(state.duplicateTasks).toBe(0);
      const differing = [...expected.statuses].filter(([id, value]) => state.statuses.get(id) !== value);
      expect(differing).toEqual([]);
      expect(state.tasks).toBe(expected.tasks);
    } finally {
      await reference.close();
      await org.close();
    }
  }, 180_000);
});
