import nock from 'nock';
import { createSalesforceConnector } from '../../../connectors/salesforce/createSalesforceConnector';
import type { SalesforceCredentials } from '../../../connectors/salesforce/salesforceCredentials';
import type { LeadPage, PullOptions } from '../../../src/domain/connector';
import { createSilentLogger } from '../../../src/log/createLogger';
import { loadMapping } from '../../../src/mapping';

const INSTANCE = 'https://acme.my.salesforce.com';
const DATA = '/services/data/v64.0';
const USER = '0055g00000ABCDeAAP';
const credentials: SalesforceCredentials = {
  flow: 'refresh_token',
  loginUrl: 'https://login.salesforce.com',
  instanceUrl: INSTANCE,
  accessToken: '00D5g0000012345!AQ4AQFakeAccessToken1',
  refreshToken: '5Aep861FakeRefreshToken',
  clientId: '3MVG9FakeConsumerKey',
  clientSecret: 'FakeConsumerSecret',
  apiVersion: '64.0',
  orgId: '00D5g0000012345EAA',
  userId: USER,
};
const FIELDS = ['Id', 'SystemModstamp', 'LastName', 'Company', 'Status', 'OwnerId', 'IsConverted'];
const describe_ = {
  name: 'Lead',
  fields: FIELDS.map((name) => ({
    name,
    label: name,
    type: 'string',
    updateable: false,
    custom: false,
    length: 255,
    picklistValues: [],
  })),
};
const lead = (n: number) => ({
  attributes: { type: 'Lead' },
  Id: `00Q5g00000AAAA${String(n).padStart(2, '0')}EAA`.slice(0, 18),
  SystemModstamp: '2026-03-01T09:00:00.000+0000',
  LastName: `L${n}`,
  Company: 'Acme',
  Status: 'Open - Not Contacted',
  IsConverted: false,
  OwnerId: USER,
});
const UNTIL = '2026-03-02T00:00:00.000Z';
const SELECT = `SELECT ${FIELDS.join(', ')} FROM Lead`;

function connector() {
  return createSalesforceConnector({
    credentials,
    onCredentialsChanged: async () => undefined,
    mapping: loadMapping('salesforce'),
    logger: createSilentLogger(),
    options: { sleep: async () => undefined, bulkPollIntervalMs: 1 },
  });
}

async function pull(options: PullOptions): Promise<LeadPage[]> {
  const out: LeadPage[] = [];
  for await (const page of connector().pullLeads(options)) out.push(page);
  return out;
}

/** The Bulk API 2.0 query job of a lead read: create, one status check, one results page (documented shapes, trimmed). */
function bulkJob(scope: nock.Scope, soql: string, rows: number) {
  const csv = [
    '"Id","SystemModstamp","LastName","Company","Status","OwnerId","IsConverted"',
    ...Array.from({ length: rows }, (_, i) => {
      const l = lead(i);
      return `"${l.Id}","${l.SystemModstamp}","${l.LastName}","Acme","Open - Not Contacted","${USER}","false"`;
    }),
  ].join('\n');
  return scope
    .post(
      `${DATA}/jobs/query`,
      (body: { operation: string; query: string }) => body.operation === 'query' && body.query === soql,
    )
    .reply(200, {
      id: '7505g00000BulkQAA',
      operation: 'query',
      object: 'Lead',
      state: 'UploadComplete',
      apiVersion: 64.0,
    })
    .get(`${DATA}/jobs/query/7505g00000BulkQAA`)
    .reply(200, { id: '7505g00000BulkQAA', state: 'JobComplete', numberRecordsProcessed: rows })
    .get(`${DATA}/jobs/query/7505g00000BulkQAA/results`)
    .query(true)
    .reply(200, `${csv}\n`, {
      'Content-Type': 'text/csv',
      'Sforce-Locator': 'null',
      'Sforce-NumberOfRecords': String(rows),
    });
}

describe('Salesforce lead pull: Bulk API 2.0 above the bulk threshold', () => {
  afterEach(() => nock.cleanAll());

  it.each([
    // [leads counted, threshold, path]
    [2_001, 2_000, 'bulk'],
    [2_000, 2_000, 'rest'],
    [3, 2, 'bulk'],
  ])('a first read counts with the same filter: %i leads, threshold %i → %s', async (count, threshold, path) => {
    const queries: string[] = [];
    const scope = nock(INSTANCE)
      .get(`${DATA}/sobjects/Lead/describe`)
      .reply(200, describe_)
      // a COUNT() answers totalSize with no records (REST API "Query" resource)
      .get(`${DATA}/query`)
      .query((q) => {
        queries.push(String(q['q']));
        return String(q['q']).startsWith('SELECT COUNT()');
      })
      .reply(200, { totalSize: count, done: true, records: [] });
    if (path === 'bulk') bulkJob(scope, `${SELECT} WHERE SystemModstamp < 2026-03-02T00:00:00Z`, 3);
    else
      scope
        .get(`${DATA}/query`)
        .query((q) => {
          queries.push(String(q['q']));
          return true;
        })
        .reply(200, { totalSize: 3, done: true, records: [lead(1), lead(2), lead(3)] });
    const pages = await pull({ since: null, overlapMs: 0, mode: 'auto', bulkThreshold: threshold, until: UNTIL });
    expect(pages.flatMap((p) => p.leads)).toHaveLength(3);
    expect(queries[0]).toBe('SELECT COUNT() FROM Lead WHERE SystemModstamp < 2026-03-02T00:00:00Z');
    if (path === 'rest')
      expect(queries[1]).toBe(
        `${SELECT} WHERE SystemModstamp < 2026-03-02T00:00:00Z ORDER BY SystemModstamp ASC, Id ASC`,
      );
    scope.done();
  });

  it('does not count when told to read through REST, nor without a threshold', async () => {
    for (const options of [{ mode: 'rest' as const, bulkThreshold: 1 }, { mode: 'auto' as const }]) {
      const scope = nock(INSTANCE)
        .get(`${DATA}/sobjects/Lead/describe`)
        .reply(200, describe_)
        .get(`${DATA}/query`)
        .query((q) => !String(q['q']).includes('COUNT()'))
        .reply(200, { totalSize: 1, done: true, records: [lead(1)] });
      expect(
        (await pull({ since: null, overlapMs: 0, until: UNTIL, ...options })).flatMap((p) => p.leads),
      ).toHaveLength(1);
      scope.done();
    }
  });

  it('switches an incremental read to Bulk when the first REST answer says more changed than the threshold', async () => {
    const since = { version: 1 as const, modifiedAt: '2026-03-01T08:00:00.000Z', id: '00Q5g00000AAAA0EAA' };
    const where = ' WHERE SystemModstamp >= 2026-03-01T07:55:00Z AND SystemModstamp < 2026-03-02T00:00:00Z';
    const scope = nock(INSTANCE)
      .get(`${DATA}/sobjects/Lead/describe`)
      .reply(200, describe_)
      .get(`${DATA}/query`)
      .query((q) => String(q['q']) === `${SELECT}${where} ORDER BY SystemModstamp ASC, Id ASC`)
      .reply(200, {
        totalSize: 2_500,
        done: false,
        nextRecordsUrl: `${DATA}/query/01gRO0000016PIAYA2-2000`,
        records: [lead(1)],
      });
    bulkJob(scope, `${SELECT}${where}`, 3);
    const pages = await pull({ since, overlapMs: 300_000, mode: 'auto', bulkThreshold: 2_000, until: UNTIL });
    // the REST page is dropped: the job reads the same range
    expect(pages.flatMap((p) => p.leads)).toHaveLength(3);
    expect(pages.at(-1)!.cursor).toEqual({ version: 1, modifiedAt: UNTIL, id: '000000000000000' });
    scope.done();
  });
});
