import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSugarSandbox, type SugarSandbox } from '../../src/sandbox/sugarcrm/startSugarSandbox';
import { runCli } from '../helpers/runCli';
import { leadloopState, tasksPerLead } from './sugarState';

const LEADS = 300;
const SEED = 21;

/** Issue 13: the daily allowance (every call 429 after call k) runs out mid-run. */
describe('the API allowance running out mid-run', () => {
  let reference: SugarSandbox;
  let limited: SugarSandbox;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    reference = await startSugarSandbox({ leads: LEADS, seed: SEED, installLeadloopPackage: true, latencyMs: 0 });
    limited = await startSugarSandbox({
      leads: LEADS,
      seed: SEED,
      installLeadloopPackage: true,
      latencyMs: 0,
      faults: { retryAfterSeconds: 0 },
    });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-rel-limit-'));
    env = { LEADLOOP_DATA_DIR: dataDir, LEADLOOP_ENRICH_NETWORK: 'off' };
  });
  afterAll(async () => {
    await reference?.close();
    await limited?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function connectAndSetup(sandbox: SugarSandbox, name: string): Promise<void> {
    const c = sandbox.credentials;
    expect(
      (
        await runCli(
          [
            'connect',
            'sugarcrm',
            '--name',
            name,
            '--url',
            sandbox.url,
            '--username',
            c.username,
            '--password',
            c.password,
            '--platform',
            c.platform,
            '--json',
          ],
          env,
        )
      ).code,
    ).toBe(0);
    expect((await runCli(['setup', name, '--json'], env)).code).toBe(0);
  }

  it('stops cleanly at a checkpoint with a clear reason, and the next run resumes and completes', async () => {
    await connectAndSetup(reference, 'reference');
    reference.calls.reset();
    const clean = await runCli(['sync', 'reference', '--full', '--json'], env);
    expect(clean.json()).toMatchObject({ status: 'completed' });

    await connectAndSetup(limited, 'limited');
    limited.calls.reset();
    // one call short of what the clean sync needed, so the allowance ends after some writes
    limited.faults.rateLimitAfterCalls = reference.calls.total - 1;
    const stopped = await runCli(['sync', 'limited', '--full', '--json'], env);
    const first = stopped.json<{ status: string; stopReason: string | null }>();
    expect(first.status).toBe('stopped');
    expect(first.stopReason).toMatch(/API limit reached/);
    expect(first.stopReason).toMatch(/resumes from the last checkpoint/);
    const writtenBeforeStop = [...leadloopState(limited).values()].filter(
      (f) => f['leadloop_score_c'] !== undefined && f['leadloop_score_c'] !== null && f['leadloop_score_c'] !== '',
    ).length;
    // a stop between two written pages: some leads written, not all
    expect(writtenBeforeStop).toBeGreaterThan(0);
    expect(writtenBeforeStop).toBeLessThan(
      [...leadloopState(reference).values()].filter(
        (f) => f['leadloop_score_c'] !== undefined && f['leadloop_score_c'] !== null && f['leadloop_score_c'] !== '',
      ).length,
    );

    // the allowance comes back (a new day)
    limited.faults.rateLimitAfterCalls = null;
    limited.calls.reset();
    const resumed = await runCli(['sync', 'limited', '--json'], env);
    expect(resumed.json()).toMatchObject({ status: 'completed' });

    const expected = leadloopState(reference);
    const actual = leadloopState(limited);
    const differing = [...expected.keys()].filter(
      (id) => JSON.stringify(actual.get(id)) !== JSON.stringify(expected.get(id)),
    );
    expect(differing).toEqual([]);
    expect([...tasksPerLead(limited).values()].filter((n) => n > 1)).toEqual([]);

    const runs = await runCli(['runs', 'limited', '--json'], env);
    const statuses = runs.json<{ runs: { status: string }[] }>().runs.map((r) => r.status);
    expect(statuses).toEqual(['completed', 'stopped']);
  }, 120_000);
});
