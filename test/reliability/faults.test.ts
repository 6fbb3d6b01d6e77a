import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSugarSandbox, type SugarSandbox } from '../../src/sandbox/sugarcrm/startSugarSandbox';
import { runCli } from '../helpers/runCli';
import { leadloopState, tasksPerLead } from './sugarState';

const LEADS = 300;
const SEED = 13;
const MAX_RUNS = 6;

async function syncUntilDone(sandbox: SugarSandbox, name: string): Promise<{ runs: number; statuses: string[] }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `leadloop-rel-${name}-`));
  const env = { LEADLOOP_DATA_DIR: dataDir, LEADLOOP_ENRICH_NETWORK: 'off' };
  const c = sandbox.credentials;
  const statuses: string[] = [];
  try {
    let connected = await runCli(
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
    );
    for (let i = 0; connected.code !== 0 && i < MAX_RUNS; i += 1) {
      connected = await runCli(
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
      );
    }
    expect(connected.code).toBe(0);
    let setup = await runCli(['setup', name, '--json'], env);
    for (let i = 0; setup.code !== 0 && i < MAX_RUNS; i += 1) setup = await runCli(['setup', name, '--json'], env);
    expect(setup.code).toBe(0);
    for (let run = 1; run <= MAX_RUNS; run += 1) {
      const result = await runCli(['sync', name, ...(run === 1 ? ['--full'] : []), '--json'], env);
      const status = String(result.json<{ status: string }>().status);
      statuses.push(status);
      if (status === 'completed') return { runs: run, statuses };
    }
    return { runs: MAX_RUNS + 1, statuses };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Issue 13 fault suite: the same seeded org synced cleanly and under faults ends in the same CRM state. */
describe('sync under injected Sugar faults', () => {
  let reference: SugarSandbox;
  let faulty: SugarSandbox;

  beforeAll(async () => {
    reference = await startSugarSandbox({ leads: LEADS, seed: SEED, installLeadloopPackage: true, latencyMs: 0 });
    faulty = await startSugarSandbox({
      leads: LEADS,
      seed: SEED,
      installLeadloopPackage: true,
      latencyMs: 0,
      faults: {
        accessTokenTtlSeconds: 2,
        serverErrorShare: 0.02,
        dropConnectionShare: 0.01,
        rateLimitShare: 0.01,
        retryAfterSeconds: 0,
        // 5% of lead updates fail on their own inside /bulk (deadlocks), 10% of calls wait 150 ms more
        recordFailureShare: 0.05,
        latencySpikeShare: 0.1,
        latencySpikeMs: 150,
      },
    });
  });
  afterAll(async () => {
    await reference?.close();
    await faulty?.close();
  });

  it('completes within a bounded number of runs and leaves the CRM as an uninterrupted run does', async () => {
    const clean = await syncUntilDone(reference, 'reference');
    expect(clean).toEqual({ runs: 1, statuses: ['completed'] });

    const underFaults = await syncUntilDone(faulty, 'faulty');
    expect(underFaults.runs).toBeLessThanOrEqual(MAX_RUNS);
    // faults were really served
    expect(faulty.calls.total).toBeGreaterThan(reference.calls.total);
    const puts = (sandbox: SugarSandbox) =>
      Object.entries(sandbox.calls.bulkRequests)
        .filter(([k]) => k.startsWith('PUT'))
        .reduce((n, [, v]) => n + v, 0);
    // failed updates were sent again
    expect(puts(faulty)).toBeGreaterThan(puts(reference));

    const expected = leadloopState(reference);
    const actual = leadloopState(faulty);
    expect(actual.size).toBe(LEADS);
    const scoredRef = [...expected.values()].filter(
      (f) => f['leadloop_score_c'] !== null && f['leadloop_score_c'] !== undefined && f['leadloop_score_c'] !== '',
    ).length;
    expect(scoredRef).toBeGreaterThan(LEADS * 0.8);
    const differing = [...expected.keys()].filter(
      (id) => JSON.stringify(actual.get(id)) !== JSON.stringify(expected.get(id)),
    );
    expect(differing).toEqual([]);

    const duplicates = [...tasksPerLead(faulty).entries()].filter(([, n]) => n > 1);
    expect(duplicates).toEqual([]);
    expect(tasksPerLead(faulty).size).toBe(tasksPerLead(reference).size);
  }, 150_000);
});
