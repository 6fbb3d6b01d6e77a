import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectSalesforce } from '../../connectors/salesforce/connectSalesforce';
import { createSalesforceConnector } from '../../connectors/salesforce/createSalesforceConnector';
import { connectSugar } from '../../connectors/sugarcrm/connectSugar';
import { createSugarConnector } from '../../connectors/sugarcrm/createSugarConnector';
import { loadDefinitionFile } from '../../src/definition/loadDefinition';
import type { CanonicalLead } from '../../src/domain/lead';
import { createSilentLogger } from '../../src/log/createLogger';
import { mappingsDir, parseMapping } from '../../src/mapping';
import { createField } from '../../src/sandbox/salesforce/salesforceSchema';
import { startSalesforceSandbox } from '../../src/sandbox/salesforce/startSalesforceSandbox';
import { startSugarSandbox } from '../../src/sandbox/sugarcrm/startSugarSandbox';
import { compileDefinition } from '../../src/scoring/compileDefinition';
import { scoreLead } from '../../src/scoring/scoreLead';
import { runCli } from '../helpers/runCli';

const definitionFile = path.join(__dirname, '../../definitions/examples/attributes.yaml');
const compiled = compileDefinition(loadDefinitionFile(definitionFile));
const now = new Date('2026-12-01T00:00:00Z');

/** The shipped mapping with an `attributes` block appended, as an admin would add it. */
function mappingWith(crm: 'salesforce' | 'sugarcrm', block: string) {
  const text = fs.readFileSync(path.join(mappingsDir(), `${crm}.yaml`), 'utf8');
  return parseMapping(`${text}\n${block}`, `${crm}-attributes.yaml`);
}

function codesOf(lead: CanonicalLead): string[] {
  return scoreLead(compiled, { lead, events: [], currentStatus: null, now })
    .reasons.map((r) => r.code)
    .sort();
}

async function drain<T extends { leads: CanonicalLead[] }>(pages: AsyncIterable<T>): Promise<CanonicalLead[]> {
  const out: CanonicalLead[] = [];
  for await (const page of pages) out.push(...page.leads);
  return out;
}

describe('a definition scoring two custom attributes', () => {
  it('scores Salesforce leads: the pull selects the custom fields and reads them with their types', async () => {
    const sandbox = await startSalesforceSandbox({ leads: 6, seed: 4 });
    try {
      sandbox.store.addField(
        'Lead',
        createField('Product_Interest__c', 'picklist', { custom: true, label: 'Product Interest' }),
      );
      sandbox.store.addField('Lead', createField('Web_Visits__c', 'double', { custom: true, label: 'Web Visits' }));
      const [first, second] = sandbox.leadIds;
      sandbox.store.update('Lead', first!, { Product_Interest__c: 'Platform', Web_Visits__c: 12 }, sandbox.apiUserId);
      sandbox.store.update('Lead', second!, { Product_Interest__c: 'Training', Web_Visits__c: 4 }, sandbox.apiUserId);
      const mapping = mappingWith(
        'salesforce',
        'attributes:\n  productInterest: { field: Product_Interest__c, type: picklist }\n  webVisits: { field: Web_Visits__c, type: number }\n',
      );
      const c = sandbox.credentials;
      const { credentials } = await connectSalesforce({
        flow: 'password',
        loginUrl: sandbox.url,
        clientId: c.clientId,
        clientSecret: c.clientSecret,
        username: c.username,
        password: c.password,
      });
      const connector = createSalesforceConnector({
        credentials,
        onCredentialsChanged: async () => undefined,
        mapping,
        logger: createSilentLogger(),
        options: { sleep: async () => undefined, random: () => 0.5 },
      });
      const leads = await drain(connector.pullLeads({ since: null, overlapMs: 0, mode: 'rest' }));
      const byId = new Map(leads.map((l) => [l.externalId, l]));
      expect(byId.get(first!)!.attributes).toEqual({ productInterest: 'Platform', webVisits: 12 });
      expect(codesOf(byId.get(first!)!)).toEqual(expect.arrayContaining(['interest_platform', 'visits_many']));
      expect(codesOf(byId.get(second!)!)).toEqual(expect.arrayContaining(['interest_other', 'visits_some']));
      const other = leads.find((l) => l.externalId !== first && l.externalId !== second)!;
      expect(codesOf(other).filter((code) => code.startsWith('interest') || code.startsWith('visits'))).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });

  it('scores SugarCRM leads: a Studio field and a multi-select read as lists', async () => {
    const sandbox = await startSugarSandbox({ leads: 6, seed: 4, installLeadloopPackage: true });
    try {
      sandbox.store.addCustomField('Leads', {
        name: 'product_interest_c',
        type: 'multienum',
        vname: 'LBL_PRODUCT_INTEREST',
      });
      sandbox.store.addCustomField('Leads', { name: 'web_visits_c', type: 'int', vname: 'LBL_WEB_VISITS' });
      const ids = [...sandbox.store.table('Leads').all()].map((r) => String(r['id']));
      sandbox.store.patch(
        'Leads',
        ids[0]!,
        { product_interest_c: '^Training^,^Enterprise Suite^', web_visits_c: 15 },
        sandbox.apiUserId,
      );
      sandbox.store.patch('Leads', ids[1]!, { product_interest_c: '^Training^', web_visits_c: 1 }, sandbox.apiUserId);
      const mapping = mappingWith(
        'sugarcrm',
        'attributes:\n  productInterest: { field: product_interest_c, type: multi-picklist }\n  webVisits: { field: web_visits_c, type: number }\n',
      );
      const { credentials } = await connectSugar({ url: sandbox.url, ...sandbox.credentials });
      const connector = createSugarConnector({
        credentials,
        onCredentialsChanged: async () => undefined,
        mapping,
        logger: createSilentLogger(),
        options: { sleep: async () => undefined, random: () => 0.5, pageSize: 1000 },
      });
      const leads = await drain(connector.pullLeads({ since: null, overlapMs: 0 }));
      const byId = new Map(leads.map((l) => [l.externalId, l]));
      expect(byId.get(ids[0]!)!.attributes).toEqual({
        productInterest: ['Training', 'Enterprise Suite'],
        webVisits: 15,
      });
      expect(codesOf(byId.get(ids[0]!)!)).toEqual(expect.arrayContaining(['interest_platform', 'visits_many']));
      expect(codesOf(byId.get(ids[1]!)!)).toEqual(expect.arrayContaining(['interest_other']));
      expect(codesOf(byId.get(ids[1]!)!)).not.toContain('visits_some');
    } finally {
      await sandbox.close();
    }
  });

  it('scores a CSV with labels for headers in any order, and names a column the mapping wants but the file lacks', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-attributes-'));
    try {
      const mappingFile = path.join(dir, 'mapping.yaml');
      fs.writeFileSync(
        mappingFile,
        `${fs.readFileSync(path.join(mappingsDir(), 'salesforce.yaml'), 'utf8')}\nattributes:\n  productInterest: { field: Product_Interest__c, type: picklist, labels: [Interés en producto] }\n  webVisits: { field: Web_Visits__c, type: number }\nheaderLabels:\n  Id: [Lead ID]\n  NumberOfEmployees: [Employees]\n`,
      );
      const csv = path.join(dir, 'export.csv');
      fs.writeFileSync(
        csv,
        [
          'Web Visits,Interés en producto,Lead ID,Last Name,Company,Employees',
          '12,Platform,00Q000000000001,Ruiz,Acme,40',
          '2,Training,00Q000000000002,Soto,Beta,',
          '',
        ].join('\n'),
      );
      const run = await runCli(
        ['score', csv, '--mapping', mappingFile, '--definition', definitionFile, '--now', now.toISOString()],
        {},
      );
      const rows = run.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { externalId: string; reasonCodes: { code: string }[] });
      expect(rows.map((r) => r.externalId)).toEqual(['00Q000000000001', '00Q000000000002']);
      expect(rows[0]!.reasonCodes.map((r) => r.code)).toEqual(
        expect.arrayContaining(['interest_platform', 'visits_many']),
      );
      expect(rows[1]!.reasonCodes.map((r) => r.code)).toEqual(['interest_other']);
      // the shipped mapping also reads Email, Title…: each missing column is one line, the rest is scored
      expect(
        run.stderr
          .trim()
          .split('\n')
          .filter((l) => l.includes('not in the file')),
      ).toHaveLength(1);
      expect(run.stderr).toMatch(
        /export\.csv: \d+ column\(s\) the mapping reads are not in the file, leads are scored without them: .*Email \(fields\.email\)/,
      );
      expect(run.code).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
