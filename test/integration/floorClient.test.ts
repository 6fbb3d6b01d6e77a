import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runSalesforceFloor, runSugarFloor } from '../../bench/floorClient';
import { startSalesforceSandbox } from '../../src/sandbox/salesforce/startSalesforceSandbox';
import { startSugarSandbox } from '../../src/sandbox/sugarcrm/startSugarSandbox';
import { runCli } from '../helpers/runCli';

/** The benchmark's I/O floor client reads each record a sync needs once and writes every unconverted lead. */
describe('bench floor client', () => {
  it('Salesforce: reads every record once and writes the score of every unconverted lead', async () => {
    const sandbox = await startSalesforceSandbox({ leads: 50, seed: 5 });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-floor-sf-'));
    try {
      const c = sandbox.credentials;
      const connectArgs = [
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
      ];
      const env = { LEADLOOP_DATA_DIR: dataDir, LEADLOOP_ENRICH_NETWORK: 'off' };
      expect((await runCli(['connect', 'salesforce', '--name', 'f', ...connectArgs, '--json'], env)).code).toBe(0);
      expect((await runCli(['setup', 'f', '--json'], env)).code).toBe(0);
      const where = (object: string, keep: (r: Record<string, unknown>) => boolean) =>
        sandbox.store.scan(object).filter(keep);
      const open = where('Lead', (l) => l['IsConverted'] !== true);
      const converted = where('Lead', (l) => l['IsConverted'] === true);
      const tasks = where('Task', (t) => t['WhoId'] != null && t['IsClosed'] === true);
      const members = where('CampaignMember', (m) => m['LeadId'] != null && m['HasResponded'] === true);
      const opportunities = where('Opportunity', (o) => o['IsClosed'] === true);
      expect(open.length).toBeGreaterThan(0);
      expect(converted.length).toBeGreaterThan(0);

      for (const k of Object.keys(sandbox.calls.byKind)) sandbox.calls.byKind[k] = 0;
      const result = await runSalesforceFloor({ crm: 'salesforce', connectArgs });
      expect(result.reads).toEqual({
        'unconverted leads': open.length,
        'closed Tasks': tasks.length,
        'responded CampaignMembers': members.length,
        'converted leads': converted.length,
        'closed Opportunities': opportunities.length,
      });
      expect(result).toMatchObject({ written: open.length, failed: 0 });
      for (const lead of open) expect(sandbox.store.get('Lead', lead['Id'] as string)?.['LeadLoop_Score__c']).toBe(1);
      // five queries (one page each at 50 leads) and one collection of ≤ 200
      expect(sandbox.calls.byKind).toMatchObject({ query: 5, 'composite.update': 1 });
      expect(sandbox.calls.byKind['queryMore'] ?? 0).toBe(0);

      // with `since` after every stamp, nothing is read or written
      const later = await runSalesforceFloor({
        crm: 'salesforce',
        connectArgs,
        since: new Date(Date.now() + 60_000).toISOString(),
      });
      expect(Object.values(later.reads)).toEqual([0, 0, 0, 0, 0]);
      expect(later.written).toBe(0);
    } finally {
      await sandbox.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('SugarCRM: reads every record once and writes the score of every unconverted lead through /bulk', async () => {
    const sandbox = await startSugarSandbox({ leads: 50, seed: 5, installLeadloopPackage: true });
    try {
      const c = sandbox.credentials;
      const connectArgs = [
        '--url',
        sandbox.url,
        '--username',
        c.username,
        '--password',
        c.password,
        '--platform',
        c.platform,
      ];
      const leads = [...sandbox.store.table('Leads').all()];
      const open = leads.filter((l) => !l['converted']);
      const converted = leads.filter((l) => l['converted']);
      expect(open.length).toBeGreaterThan(0);
      expect(converted.length).toBeGreaterThan(0);

      const result = await runSugarFloor({ crm: 'sugarcrm', connectArgs });
      expect(result.reads['unconverted leads']).toBe(open.length);
      expect(result.reads['converted leads']).toBe(converted.length);
      expect(result.reads['held Calls']! + result.reads['held Meetings']!).toBeGreaterThan(0);
      expect(result).toMatchObject({ written: open.length, failed: 0 });
      for (const lead of open)
        expect(Number(sandbox.store.table('Leads').get(String(lead['id']))?.['leadloop_score_c'])).toBe(1);
    } finally {
      await sandbox.close();
    }
  });
});
