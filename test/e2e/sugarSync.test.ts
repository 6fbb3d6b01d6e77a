import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSugarSandbox, type SugarSandbox } from '../../src/sandbox/sugarcrm/startSugarSandbox';
import { runCli } from '../helpers/runCli';

/** The main job end to end through the CLI, against the SugarCRM sandbox over real HTTP. */
describe('leadloop sync against the SugarCRM sandbox', () => {
  let sandbox: SugarSandbox;
  let env: NodeJS.ProcessEnv;
  let dataDir: string;

  beforeAll(async () => {
    sandbox = await startSugarSandbox({ leads: 600, seed: 7, installLeadloopPackage: true });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-e2e-sugar-'));
    env = { LEADLOOP_DATA_DIR: dataDir, LEADLOOP_ENRICH_NETWORK: 'off' };
    const c = sandbox.credentials;
    const connected = await runCli(
      [
        'connect',
        'sugarcrm',
        '--name',
        'acme',
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
    expect(connected.stderr).not.toMatch(/error/i);
    expect(connected.code).toBe(0);
  });
  afterAll(async () => {
    await sandbox.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs a full sync that scores and writes every lead, then a second run that writes nothing', async () => {
    const setup = await runCli(['setup', 'acme', '--json'], env);
    expect(setup.json()).toMatchObject({ ready: true });

    const first = await runCli(['sync', 'acme', '--full', '--json'], env);
    expect(first.code).toBe(0);
    const summary = first.json<Record<string, number | string>>();
    expect(summary).toMatchObject({ status: 'completed', pulled: 600, scored: 600 });
    expect(summary['written']).toBeGreaterThan(500);
    const scored = [...sandbox.store.table('Leads').all()].filter(
      (l) => typeof l['leadloop_score_c'] === 'number' || typeof l['leadloop_score_c'] === 'string',
    );
    expect(scored.length).toBe(summary['written']);

    sandbox.calls.reset();
    const second = await runCli(['sync', 'acme', '--json'], env);
    expect(second.json()).toMatchObject({ status: 'completed', written: 0 });
    expect(sandbox.calls.byEndpoint['POST /bulk'] ?? 0).toBe(0);
  });

  it('reads only what reps changed since the last run, and their status changes as outcomes', async () => {
    const leads = [...sandbox.store.table('Leads').all()].filter((l) => l['status'] === 'New').slice(0, 3);
    expect(leads).toHaveLength(3);
    sandbox.rep.setStatus(String(leads[0]!['id']), 'In Process');
    sandbox.rep.setStatus(String(leads[1]!['id']), 'Recycled', 'No budget this year');
    sandbox.rep.logCall(String(leads[2]!['id']));
    // the sandbox stamps whole seconds and a run reads what is stamped before its start second
    await new Promise((resolve) => setTimeout(resolve, 1100));

    const third = await runCli(['sync', 'acme', '--json'], env);
    const summary = third.json<{ status: string; pulled: number; counts: Record<string, number> }>();
    expect(summary.status).toBe('completed');
    // the three touched leads, and nothing else: overlap re-reads are de-duplicated by stamp
    expect(summary.counts['scored']).toBe(3);
    expect(summary.pulled - summary.counts['deduplicated']!).toBeLessThanOrEqual(3);
    expect(summary.counts['written']).toBeLessThanOrEqual(3);
    expect(summary.counts['outcomes']).toBeGreaterThanOrEqual(2);
    expect(summary.counts['engagementEvents']).toBeGreaterThanOrEqual(1);
  });

  it('lists the runs', async () => {
    const runs = await runCli(['runs', 'acme', '--json'], env);
    const body = runs.json<{ runs: { status: string; mode: string }[] }>();
    expect(body.runs.map((r) => r.mode)).toEqual(['incremental', 'incremental', 'full']);
  });
});
