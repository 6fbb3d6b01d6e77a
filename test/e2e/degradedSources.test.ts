import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../src/sandbox/salesforce/startSalesforceSandbox';
import { startSugarSandbox, type SugarSandbox } from '../../src/sandbox/sugarcrm/startSugarSandbox';
import { runCli } from '../helpers/runCli';

interface Skipped {
  source: string;
  consequence: string;
  code: string;
  status?: number;
  message: string;
}
interface SyncJson {
  status: string;
  stopReason: string | null;
  pulled: number;
  scored: number;
  counts: Record<string, number>;
  skippedSources: Skipped[];
}

const wait = () => new Promise((resolve) => setTimeout(resolve, 1100));

/**
 * Degrade, don't stop: an optional source the integration user cannot read is skipped with
 * a warning naming it and what it feeds; the run goes on, and its summary, the stored run
 * and `leadloop runs` list the skip. What the lead sync itself needs still stops the run.
 */
describe('a SugarCRM instance without read access to an optional module (test matrix)', () => {
  let sandbox: SugarSandbox;
  let env: NodeJS.ProcessEnv;
  let dataDir: string;

  beforeAll(async () => {
    // a role denies CampaignLog to the integration user: 403 not_authorized on every request to it
    sandbox = await startSugarSandbox({
      leads: 300,
      seed: 19,
      installLeadloopPackage: true,
      deniedModules: ['CampaignLog'],
    });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-e2e-degraded-sugar-'));
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
      ],
      env,
    );
    expect(
      connected.stderr
        .split('\n')
        .filter((l) => !l.includes('LEADLOOP_SECRET_KEY'))
        .join('\n')
        .trim(),
    ).toBe('');
    expect(connected.code).toBe(0);
  });
  afterAll(async () => {
    await sandbox.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs the full loop (setup, sync, a rep returns a lead and converts one, re-sync, report) and reports the skip every time', async () => {
    expect((await runCli(['setup', 'acme', '--json'], env)).json()).toMatchObject({ ready: true });

    const first = await runCli(['sync', 'acme', '--full', '--json'], env);
    expect(first.code).toBe(0);
    const summary = first.json<SyncJson>();
    expect(summary).toMatchObject({ status: 'completed', pulled: 300, scored: 300 });
    expect(summary.skippedSources).toEqual([
      expect.objectContaining({
        source: 'CampaignLog',
        code: 'not_authorized',
        status: 403,
        consequence: 'campaign responses will not score',
      }),
    ]);
    expect(summary.skippedSources[0]!.message).toMatch(
      /^CampaignLog not readable \(403 not_authorized\): campaign responses will not score/,
    );
    // the other engagement modules were still read
    expect(summary.counts['engagementEvents']).toBeGreaterThan(0);
    expect(sandbox.calls.byEndpoint['POST /CampaignLog/filter']).toBe(1);
    expect(first.stderr).toContain('CampaignLog not readable');

    const human = await runCli(['sync', 'acme'], env);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(
      'Skipped: CampaignLog not readable (403 not_authorized): campaign responses will not score',
    );

    const open = [...sandbox.store.table('Leads').all()]
      .filter((l) => l['status'] === 'New' && !l['converted'])
      .slice(0, 2);
    sandbox.rep.setStatus(String(open[0]!['id']), 'Recycled', 'No budget this year');
    sandbox.rep.convert(String(open[1]!['id']), { opportunity: { amount: 9000 } });
    await wait();
    const again = (await runCli(['sync', 'acme', '--json'], env)).json<SyncJson>();
    expect(again.status).toBe('completed');
    expect(again.counts['outcomes']).toBeGreaterThanOrEqual(2);
    expect(again.skippedSources.map((s) => s.source)).toEqual(['CampaignLog']);

    const report = (await runCli(['report', 'acme', '--json'], env)).json<{ funnel: Record<string, number> }>();
    expect(report.funnel['recycled']).toBeGreaterThanOrEqual(1);

    const runs = await runCli(['runs', 'acme', '--json'], env);
    const stored = runs.json<{ runs: { status: string; skippedSources: Skipped[] }[] }>().runs;
    expect(stored).toHaveLength(3);
    for (const run of stored)
      expect(run).toMatchObject({
        status: 'completed',
        skippedSources: [expect.objectContaining({ source: 'CampaignLog', status: 403 })],
      });
    expect((await runCli(['runs', 'acme'], env)).stdout).toContain('CampaignLog (403 not_authorized)');
  });

  it('skips a module the instance does not have (404) the same way, and reads CampaignLog again once the role allows it', async () => {
    sandbox.access.denied.clear();
    sandbox.access.missing.add('Meetings');
    await wait();
    const run = (await runCli(['sync', 'acme', '--json'], env)).json<SyncJson>();
    expect(run.status).toBe('completed');
    expect(run.skippedSources).toEqual([
      expect.objectContaining({ source: 'Meetings', status: 404, consequence: 'meetings will not score' }),
    ]);
    sandbox.access.missing.clear();
  });
});

describe('a Salesforce org whose integration user cannot read optional objects', () => {
  let sandbox: SalesforceSandbox;
  let env: NodeJS.ProcessEnv;
  let dataDir: string;

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ leads: 300, seed: 29, deniedObjects: ['CampaignMember', 'Opportunity'] });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-e2e-degraded-sf-'));
    env = { LEADLOOP_DATA_DIR: dataDir, LEADLOOP_ENRICH_NETWORK: 'off' };
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
  });
  afterAll(async () => {
    await sandbox.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('syncs every lead and names each unreadable object and what it feeds', async () => {
    const first = await runCli(['sync', 'acme', '--full', '--json'], env);
    expect(first.code).toBe(0);
    const summary = first.json<SyncJson>();
    expect(summary).toMatchObject({ status: 'completed', pulled: 300, scored: 300 });
    // outcomes are read before engagement; jsforce reports the errorCode, not the HTTP status
    expect(summary.skippedSources.map((s) => [s.source, s.code])).toEqual([
      ['Opportunity', 'INVALID_TYPE'],
      ['CampaignMember', 'INVALID_TYPE'],
    ]);
    expect(summary.skippedSources.map((s) => s.message.split('. ')[0])).toEqual([
      'Opportunity not readable (INVALID_TYPE): won and lost opportunities will not be recorded as outcomes',
      'CampaignMember not readable (INVALID_TYPE): campaign responses will not score',
    ]);
    // Tasks were still read
    expect(summary.counts['engagementEvents']).toBeGreaterThan(0);
    const runs = (await runCli(['runs', 'acme', '--json'], env)).json<{ runs: { skippedSources: Skipped[] }[] }>().runs;
    expect(runs[0]!.skippedSources.map((s) => s.source)).toEqual(['Opportunity', 'CampaignMember']);
  });

  it('still stops when what the lead sync needs cannot be read', async () => {
    sandbox.deniedObjects.add('Lead');
    await wait();
    const run = await runCli(['sync', 'acme', '--json'], env);
    expect(run.code).toBe(1);
    expect(run.json<SyncJson>()).toMatchObject({ status: 'stopped' });
    expect(run.json<SyncJson>().stopReason).toMatch(/INVALID_TYPE/);
    sandbox.deniedObjects.delete('Lead');
  });
});
