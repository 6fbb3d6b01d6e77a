import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../src/sandbox/salesforce/startSalesforceSandbox';
import { runCli } from '../helpers/runCli';

/** The main job end to end through the CLI, against the Salesforce sandbox over real HTTP (real jsforce). */
describe('leadloop sync against the Salesforce sandbox', () => {
  let sandbox: SalesforceSandbox;
  let env: NodeJS.ProcessEnv;
  let dataDir: string;

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ leads: 600, seed: 11 });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-e2e-sf-'));
    env = { LEADLOOP_DATA_DIR: dataDir, LEADLOOP_ENRICH_NETWORK: 'off' };
    const c = sandbox.credentials;
    const connected = await runCli(
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
        '--json',
      ],
      env,
    );
    expect(connected.code).toBe(0);
    expect(connected.json()).toMatchObject({
      crm: 'salesforce',
      externalOrgId: sandbox.store.orgId,
      userId: sandbox.apiUserId,
    });
    expect(connected.stdout + connected.stderr).not.toContain(c.password);
  });
  afterAll(async () => {
    await sandbox.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('setup creates the fields and the permission set once', async () => {
    const setup = await runCli(['setup', 'acme', '--json'], env);
    expect(setup.code).toBe(0);
    const first = setup.json<{ created: string[]; ready: boolean }>();
    expect(first.ready).toBe(true);
    expect(first.created).toEqual(
      expect.arrayContaining([
        'field Lead.LeadLoop_Score__c',
        'field Lead.LeadLoop_Reasons__c',
        'field Lead.LeadLoop_Return_Reason__c',
        'permission set LeadLoop_Integration',
      ]),
    );
    const again = await runCli(['setup', 'acme', '--json'], env);
    expect(again.json()).toMatchObject({ created: [], ready: true, manualSteps: [] });
  });

  it('runs a full sync that scores and writes every writable lead, then a second run that writes nothing', async () => {
    const first = await runCli(['sync', 'acme', '--full', '--json'], env);
    expect(first.code).toBe(0);
    const summary = first.json<Record<string, number | string>>();
    expect(summary).toMatchObject({ status: 'completed', pulled: 600, scored: 600, failed: 0 });
    const leads = sandbox.store.scan('Lead');
    const scored = leads.filter((l) => typeof l['LeadLoop_Score__c'] === 'number');
    expect(scored.length).toBe(summary['written']);
    // converted leads reject writes: every open lead is scored
    expect(scored.length).toBe(leads.filter((l) => l['IsConverted'] !== true).length);
    expect(String(scored[0]!['LeadLoop_Reasons__c'])).toMatch(/\S/);
    // REST minimum: one query per 2000 leads read, one collection call per 200 written
    expect(sandbox.calls.byKind['composite.update']).toBe(Math.ceil(Number(summary['written']) / 200));

    const before = sandbox.calls.total;
    const second = await runCli(['sync', 'acme', '--json'], env);
    expect(second.json()).toMatchObject({ status: 'completed', written: 0 });
    expect(sandbox.calls.total - before).toBeLessThanOrEqual(10);
  });

  it('reads only what reps changed, with their outcomes', async () => {
    const open = sandbox.store
      .scan('Lead')
      .filter((l) => l['Status'] === 'Open - Not Contacted' && l['IsConverted'] !== true)
      .slice(0, 3);
    sandbox.rep.setStatus(String(open[0]!['Id']), 'Working - Contacted');
    // a standard org has no "Recycled" status: the rep returns the lead through the field setup created
    sandbox.rep.returnLead(String(open[1]!['Id']), 'No budget');
    const { opportunityId } = sandbox.rep.convert(String(open[2]!['Id']), { opportunity: { amount: 12_000 } });
    sandbox.rep.winOpportunity(opportunityId!, 12_000);
    await new Promise((resolve) => setTimeout(resolve, 1100));

    const third = await runCli(['sync', 'acme', '--json'], env);
    const summary = third.json<{ status: string; counts: Record<string, number> }>();
    expect(summary.status).toBe('completed');
    expect(summary.counts['scored']).toBeGreaterThanOrEqual(2);
    expect(summary.counts['scored']).toBeLessThanOrEqual(3);
    expect(summary.counts['outcomes']).toBeGreaterThanOrEqual(3);

    const report = await runCli(['report', 'acme', '--json'], env);
    const body = report.json<{ funnel: Record<string, number>; recycleReasons: { reason: string; count: number }[] }>();
    expect(body.funnel['won']).toBeGreaterThanOrEqual(1);
    expect(body.recycleReasons).toEqual(expect.arrayContaining([{ reason: 'No budget', count: 1 }]));
    // the return is taken: leadloop emptied the field, so a later value is a new return
    expect(sandbox.store.get('Lead', String(open[1]!['Id']))!['LeadLoop_Return_Reason__c']).toBeUndefined();
  });
});
