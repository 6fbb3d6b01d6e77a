import nock from 'nock';
import { createSalesforceSession } from '../../../connectors/salesforce/createSalesforceSession';
import { DEPLOY_STEPS, setupSalesforce } from '../../../connectors/salesforce/setupSalesforce';
import { SALESFORCE_API_VERSION } from '../../../connectors/salesforce/salesforceConstants';
import { createSilentLogger } from '../../../src/log/createLogger';
import { loadMapping } from '../../../src/mapping';
import { INSTANCE, V, credentials } from './salesforceFixtures';

const SOAP = `/services/Soap/m/${SALESFORCE_API_VERSION}`;
const envelope = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
const mapping = loadMapping('salesforce');

/** GET sobjects/Lead/describe trimmed to what setup reads: the mapped standard fields, no leadloop fields. */
function describeBody() {
  const fields = [
    ['Id', 'id'],
    ['SystemModstamp', 'datetime'],
    ['FirstName', 'string'],
    ['LastName', 'string'],
    ['Email', 'email'],
    ['Phone', 'phone'],
    ['MobilePhone', 'phone'],
    ['Title', 'string'],
    ['Company', 'string'],
    ['Website', 'url'],
    ['Industry', 'picklist'],
    ['NumberOfEmployees', 'int'],
    ['AnnualRevenue', 'currency'],
    ['Country', 'string'],
    ['State', 'string'],
    ['City', 'string'],
    ['LeadSource', 'picklist'],
    ['Status', 'picklist'],
    ['OwnerId', 'reference'],
    ['IsConverted', 'boolean'],
    ['HasOptedOutOfEmail', 'boolean'],
    ['CreatedDate', 'datetime'],
    ['Status_Reason__c', 'string'],
  ];
  return {
    name: 'Lead',
    label: 'Lead',
    keyPrefix: '00Q',
    fields: fields.map(([name, type]) => ({
      name,
      label: name,
      type,
      custom: name!.endsWith('__c'),
      updateable: true,
      length: 0,
      picklistValues: [],
    })),
  };
}

describe('setupSalesforce when the org refuses metadata changes (nocked SOAP)', () => {
  it('reports manual steps with the Salesforce CLI deploy instead of failing, and creates nothing', async () => {
    const scope = nock(INSTANCE)
      .get(`${V}/sobjects/Lead/describe`)
      .reply(200, describeBody())
      .post(SOAP, (body: string) => body.includes('<upsertMetadata') && body.includes('LeadLoop_Score__c'))
      .reply(
        500,
        envelope(
          '<soapenv:Fault><faultcode>sf:INSUFFICIENT_ACCESS</faultcode><faultstring>INSUFFICIENT_ACCESS: insufficient access rights on entity: CustomField</faultstring></soapenv:Fault>',
        ),
        { 'Content-Type': 'text/xml;charset=UTF-8' },
      )
      .get(`${V}/sobjects/Lead/describe`)
      .reply(200, describeBody());
    const session = createSalesforceSession({
      credentials: credentials(),
      logger: createSilentLogger(),
      onCredentialsChanged: async () => undefined,
      sleep: async () => undefined,
    });
    const report = await setupSalesforce(session, mapping, createSilentLogger());
    scope.done();
    expect(report.created).toEqual([]);
    expect(report.manualSteps[0]).toMatch(
      /^leadloop could not create its fields \(Salesforce .*INSUFFICIENT_ACCESS: INSUFFICIENT_ACCESS: insufficient access rights on entity: CustomField/,
    );
    expect(report.manualSteps[0]).toContain(DEPLOY_STEPS);
    expect(report.manualSteps).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Lead\.LeadLoop_Score__c is still missing or invisible/)]),
    );
  });
});
