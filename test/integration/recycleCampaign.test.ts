import { connectSalesforce } from '../../connectors/salesforce/connectSalesforce';
import { createSalesforceConnector } from '../../connectors/salesforce/createSalesforceConnector';
import { connectSugar } from '../../connectors/sugarcrm/connectSugar';
import { createSugarConnector } from '../../connectors/sugarcrm/createSugarConnector';
import { createSilentLogger } from '../../src/log/createLogger';
import { loadMapping } from '../../src/mapping';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../src/sandbox/salesforce/startSalesforceSandbox';
import { startSugarSandbox, type SugarSandbox } from '../../src/sandbox/sugarcrm/startSugarSandbox';

/** Recycled leads join a nurture campaign / target list, through the real clients over HTTP. */
describe('adding recycled leads to a nurture campaign', () => {
  describe('Salesforce: CampaignMember through sObject Collections', () => {
    let sandbox: SalesforceSandbox;
    beforeAll(async () => {
      sandbox = await startSalesforceSandbox({ leads: 30, seed: 41 });
    });
    afterAll(() => sandbox.close());

    const connector = async () => {
      const c = sandbox.credentials;
      const { credentials } = await connectSalesforce({
        flow: 'password',
        loginUrl: sandbox.url,
        clientId: c.clientId,
        clientSecret: c.clientSecret,
        username: c.username,
        password: c.password,
      });
      return createSalesforceConnector({
        credentials,
        onCredentialsChanged: async () => undefined,
        mapping: loadMapping('salesforce'),
        logger: createSilentLogger(),
        options: { sleep: async () => undefined },
      });
    };
    const membersOf = (campaignId: string) =>
      sandbox.store
        .scan('CampaignMember')
        .filter((m) => m['CampaignId'] === campaignId && !m['IsDeleted'])
        .map((m) => String(m['LeadId']));

    it('creates one member per lead; a lead already in the campaign counts as added, and a retry adds nothing', async () => {
      const crm = await connector();
      const campaign = sandbox.store.insert(
        'Campaign',
        { Name: 'Nurture — recycled', IsActive: true, Status: 'In Progress' },
        sandbox.apiUserId,
      );
      const [a, b, c] = sandbox.leadIds.filter((id) => !sandbox.store.get('Lead', id)!['IsConverted']);
      sandbox.store.insert('CampaignMember', { CampaignId: campaign.Id, LeadId: c, Status: 'Sent' }, sandbox.apiUserId);
      const before = sandbox.calls.byKind['composite.create'] ?? 0;

      const first = await crm.addToCampaign!(campaign.Id, [a!, b!, c!]);
      expect(first).toEqual([
        { externalId: a, ok: true },
        { externalId: b, ok: true },
        { externalId: c, ok: true },
      ]);
      expect(membersOf(campaign.Id).sort()).toEqual([a, b, c].sort());

      const again = await crm.addToCampaign!(campaign.Id, [a!, b!]);
      expect(again.every((r) => r.ok)).toBe(true);
      expect(membersOf(campaign.Id)).toHaveLength(3);
      // one collection call each time
      expect((sandbox.calls.byKind['composite.create'] ?? 0) - before).toBe(2);
    });

    it('reports a lead that does not exist as a record error and adds the others', async () => {
      const crm = await connector();
      const campaign = sandbox.store.insert(
        'Campaign',
        { Name: 'Nurture 2', IsActive: true, Status: 'In Progress' },
        sandbox.apiUserId,
      );
      const [a] = sandbox.leadIds.filter((id) => !sandbox.store.get('Lead', id)!['IsConverted']);
      const results = await crm.addToCampaign!(campaign.Id, ['00Q000000000000AAA', a!, 'not-an-id']);
      expect(results[0]).toMatchObject({ ok: false, error: { kind: 'record' } });
      expect(results[1]).toEqual({ externalId: a, ok: true });
      expect(results[2]).toMatchObject({ ok: false, error: { kind: 'record', code: 'INVALID_ID' } });
      expect(membersOf(campaign.Id)).toEqual([a]);
    });
  });

  describe('SugarCRM: POST /ProspectLists/{id}/link', () => {
    let sandbox: SugarSandbox;
    beforeAll(async () => {
      sandbox = await startSugarSandbox({ leads: 30, seed: 41, installLeadloopPackage: true });
    });
    afterAll(() => sandbox.close());

    const connector = async () => {
      const { credentials } = await connectSugar({ url: sandbox.url, ...sandbox.credentials });
      return createSugarConnector({
        credentials,
        onCredentialsChanged: async () => undefined,
        mapping: loadMapping('sugarcrm'),
        logger: createSilentLogger(),
        options: { sleep: async () => undefined },
      });
    };
    const leadIds = () =>
      [...sandbox.store.table('Leads').all()].filter((l) => !l['deleted']).map((l) => String(l['id']));

    it('links the leads to the target list; linking again changes nothing', async () => {
      const crm = await connector();
      const list = sandbox.store.create(
        'ProspectLists',
        { name: 'Nurture — recycled', list_type: 'default' },
        sandbox.apiUserId,
      );
      const [a, b] = leadIds();
      const first = await crm.addToCampaign!(String(list['id']), [a!, b!]);
      expect(first).toEqual([
        { externalId: a, ok: true },
        { externalId: b, ok: true },
      ]);
      expect(sandbox.store.related('ProspectLists', String(list['id']), 'leads')).toEqual([a, b]);
      const again = await crm.addToCampaign!(String(list['id']), [b!]);
      expect(again).toEqual([{ externalId: b, ok: true }]);
      expect(sandbox.store.related('ProspectLists', String(list['id']), 'leads')).toEqual([a, b]);
    });

    it('tells which lead Sugar could not find (it refuses the whole call) and links the rest', async () => {
      const crm = await connector();
      const list = sandbox.store.create('ProspectLists', { name: 'Nurture 2' }, sandbox.apiUserId);
      const [, , c] = leadIds();
      const missing = '00000000-0000-4000-8000-000000000000';
      const results = await crm.addToCampaign!(String(list['id']), [missing, c!]);
      expect(results[0]).toMatchObject({ externalId: missing, ok: false, error: { kind: 'record' } });
      expect(results[1]).toEqual({ externalId: c, ok: true });
      expect(sandbox.store.related('ProspectLists', String(list['id']), 'leads')).toEqual([c]);
    });
  });
});
