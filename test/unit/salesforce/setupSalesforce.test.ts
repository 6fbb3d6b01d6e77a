import nock from 'nock';
import { createSalesforceSession } from '../../../connectors/salesforce/createSalesforceSession';
import { DEPLOY_COMMAND, setupSalesforce } from '../../../connectors/salesforce/setupSalesforce';
import { SALESFORCE_API_VERSION } from '../../../connectors/salesforce/salesforceConstants';
import { createSilentLogger } from '../../../src/log/createLogger';
import { loadMapping } from '../../../src/mapping';
import { INSTANCE, USER_ID, V, credentials } from './salesforceFixtures';

const SOAP = `/services/Soap/m/${SALESFORCE_API_VERSION}`;
const envelope = (body: string) => `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
const XML = { 'Content-Type': 'text/xml;charset=UTF-8' };
const mapping = loadMapping('salesforce');

/** GET sobjects/Lead/describe trimmed to what setup reads: the mapped standard fields plus `extra`. */
function describeBody(extra: { name: string; type: string }[] = []) {
  const standard = [
    ['Id', 'id'], ['SystemModstamp', 'datetime'], ['FirstName', 'string'], ['LastName', 'string'], ['Email', 'email'], ['Phone', 'phone'], ['MobilePhone', 'phone'],
    ['Title', 'string'], ['Company', 'string'], ['Website', 'url'], ['Industry', 'picklist'], ['NumberOfEmployees', 'int'], ['AnnualRevenue', 'currency'],
    ['Country', 'string'], ['State', 'string'], ['City', 'string'], ['LeadSource', 'picklist'], ['Status', 'picklist'], ['OwnerId', 'reference'],
    ['IsConverted', 'boolean'], ['HasOptedOutOfEmail', 'boolean'], ['CreatedDate', 'datetime'], ['Status_Reason__c', 'string'],
  ].map(([name, type]) => ({ name: name!, type: type! }));
  return {
    name: 'Lead', label: 'Lead', keyPrefix: '00Q',
    fields: [...standard, ...extra].map((f) => ({ name: f.name, label: f.name, type: f.type, custom: f.name.endsWith('__c'), updateable: !['Id', 'SystemModstamp', 'IsConverted', 'CreatedDate'].includes(f.name), length: 0, picklistValues: [] })),
  };
}

const session = () => createSalesforceSession({ credentials: credentials(), logger: createSilentLogger(), onCredentialsChanged: async () => undefined, sleep: async () => undefined });

describe('setupSalesforce (Metadata API over SOAP, nocked)', () => {
  it('turns a refused createMetadata into manual steps with the deploy command, and creates nothing', async () => {
    const scope = nock(INSTANCE)
      .get(`${V}/sobjects/Lead/describe`).reply(200, describeBody())
      .post(SOAP, (body: string) => body.includes('<readMetadata') && body.includes('<fullNames>Lead.LeadLoop_Score__c</fullNames>'))
      .reply(200, envelope(`<readMetadataResponse><result>${'<records xsi:type="CustomField"/>'.repeat(6)}</result></readMetadataResponse>`), XML)
      .post(SOAP, (body: string) => body.includes('<createMetadata') && body.includes('<type>Number</type>') && body.includes('<precision>3</precision>'))
      .reply(500, envelope('<soapenv:Fault><faultcode>sf:INSUFFICIENT_ACCESS</faultcode><faultstring>INSUFFICIENT_ACCESS: insufficient access rights on entity: CustomField</faultstring></soapenv:Fault>'), XML)
      .get(`${V}/sobjects/Lead/describe`).reply(200, describeBody());
    const report = await setupSalesforce(session(), mapping);
    scope.done();
    expect(report.created).toEqual([]);
    expect(report.alreadyPresent).toEqual(['OwnerId']);
    expect(report.manualSteps[0]).toMatch(/^leadloop's user may not create fields \(Salesforce create CustomField Lead: .*insufficient access rights.*\(INSUFFICIENT_ACCESS\)/);
    expect(report.manualSteps[0]).toContain(DEPLOY_COMMAND);
    expect(report.manualSteps.slice(1)).toEqual(expect.arrayContaining([expect.stringMatching(/^Lead\.LeadLoop_Score__c\s+is still not visible/)]));
  });

  it('does not re-create fields that exist but are hidden by field-level security: it only grants them', async () => {
    const hidden = ['LeadLoop_Score__c', 'LeadLoop_Grade__c', 'LeadLoop_Status__c', 'LeadLoop_Reasons__c', 'LeadLoop_Scored_At__c', 'LeadLoop_SLA_Due__c'];
    const visibleAfter = hidden.map((name) => ({ name, type: name === 'LeadLoop_Score__c' ? 'double' : name.endsWith('At__c') || name.endsWith('Due__c') ? 'datetime' : name === 'LeadLoop_Reasons__c' ? 'textarea' : 'picklist' }));
    const scope = nock(INSTANCE)
      .get(`${V}/sobjects/Lead/describe`).reply(200, describeBody())
      .post(SOAP, (body: string) => body.includes('<readMetadata'))
      .reply(200, envelope(`<readMetadataResponse><result>${hidden.map((f) => `<records xsi:type="CustomField"><fullName>Lead.${f}</fullName><label>${f}</label></records>`).join('')}</result></readMetadataResponse>`), XML)
      .post(SOAP, (body: string) => body.includes('<upsertMetadata') && body.includes('<fullName>LeadLoop</fullName>') && body.includes('<field>Lead.LeadLoop_SLA_Due__c</field>'))
      .reply(200, envelope('<upsertMetadataResponse><result><created>true</created><fullName>LeadLoop</fullName><success>true</success></result></upsertMetadataResponse>'), XML)
      .get(`${V}/query`).query({ q: "SELECT Id FROM PermissionSet WHERE Name = 'LeadLoop'" })
      .reply(200, { totalSize: 1, done: true, records: [{ attributes: { type: 'PermissionSet' }, Id: '0PS5e000000AbCdGAK' }] })
      .get(`${V}/query`).query({ q: `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '${USER_ID}' AND PermissionSetId = '0PS5e000000AbCdGAK'` })
      .reply(200, { totalSize: 0, done: true, records: [] })
      .post(`${V}/sobjects/PermissionSetAssignment`, { AssigneeId: USER_ID, PermissionSetId: '0PS5e000000AbCdGAK' })
      .reply(201, { id: '0Pa5e000000AbCdCAK', success: true, errors: [] })
      .get(`${V}/sobjects/Lead/describe`).reply(200, describeBody(visibleAfter));
    const report = await setupSalesforce(session(), mapping);
    scope.done();
    expect(report.manualSteps).toEqual([]);
    expect(report.created).toEqual([
      'permission set LeadLoop (read/edit on LeadLoop_Score__c, LeadLoop_Grade__c, LeadLoop_Status__c, LeadLoop_Reasons__c, LeadLoop_Scored_At__c, LeadLoop_SLA_Due__c)',
      `assignment of permission set LeadLoop to leadloop's user ${USER_ID}`,
    ]);
    expect(report.alreadyPresent.sort()).toEqual([...hidden, 'OwnerId'].sort());
  });
});
