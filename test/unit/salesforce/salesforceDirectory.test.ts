import nock from 'nock';
import { createSalesforceSession } from '../../../connectors/salesforce/createSalesforceSession';
import { accountQueries, findSalesforceAccounts } from '../../../connectors/salesforce/findSalesforceAccounts';
import { USERS_SOQL, listSalesforceUsers } from '../../../connectors/salesforce/listSalesforceUsers';
import { createSilentLogger } from '../../../src/log/createLogger';
import { INSTANCE, V, credentials } from './salesforceFixtures';

const session = () => createSalesforceSession({ credentials: credentials(), logger: createSilentLogger(), onCredentialsChanged: async () => undefined, sleep: async () => undefined });
const user = (Id: string, Name: string, Email: string | null, IsActive: boolean) => ({ attributes: { type: 'User', url: `${V}/sobjects/User/${Id}` }, Id, Name, Email, IsActive });
const account = (Id: string, Name: string, Website: string | null, OwnerId: string) => ({ attributes: { type: 'Account', url: `${V}/sobjects/Account/${Id}` }, Id, Name, Website, OwnerId });

describe('listSalesforceUsers', () => {
  it('pages through nextRecordsUrl, one counted call a page', async () => {
    const locator = `${V}/query/01gD0000002HU6KIAW-2000`;
    const scope = nock(INSTANCE)
      .get(`${V}/query`).query({ q: USERS_SOQL })
      .reply(200, { totalSize: 3, done: false, nextRecordsUrl: locator, records: [user('0055e000001AaAaAAK', 'Ana Ruiz', 'ana@acme.com', true), user('0055e000001BbBbAAK', 'Bo Li', null, false)] })
      .get(locator)
      .reply(200, { totalSize: 3, done: true, records: [user('0055e000001CcCcAAK', 'Cy Ng', 'cy@acme.com', true)] });
    const s = session();
    const users = await listSalesforceUsers(s);
    scope.done();
    expect(users).toEqual([
      { id: '0055e000001AaAaAAK', name: 'Ana Ruiz', email: 'ana@acme.com', isActive: true },
      { id: '0055e000001BbBbAAK', name: 'Bo Li', isActive: false },
      { id: '0055e000001CcCcAAK', name: 'Cy Ng', email: 'cy@acme.com', isActive: true },
    ]);
    expect(s.callCount()).toBe(2);
  });
});

describe('findSalesforceAccounts', () => {
  it('sends escaped SOQL: LIKE per domain, IN for names; bad domains never reach the query', () => {
    expect(accountQueries({ domains: ['www.Acme.com', 'acme.com', "x'; DROP", '50%.com'], names: ["O'Brien & Sons", 'Globex'] })).toEqual([
      "SELECT Id, Name, Website, OwnerId FROM Account WHERE Website LIKE '%acme.com%' ORDER BY Id",
      "SELECT Id, Name, Website, OwnerId FROM Account WHERE Name IN ('O\\'Brien & Sons', 'Globex') ORDER BY Id",
    ]);
    expect(accountQueries({ domains: [], names: [] })).toEqual([]);
  });

  it('keeps exact and subdomain matches, drops LIKE false positives', async () => {
    const [byDomain, byName] = accountQueries({ domains: ['acme.com'], names: ['Globex'] });
    const scope = nock(INSTANCE)
      .get(`${V}/query`).query({ q: byDomain })
      .reply(200, { totalSize: 3, done: true, records: [
        account('0015e000001AaAaAAK', 'Acme', 'https://www.acme.com', '0055e000001AaAaAAK'),
        account('0015e000001BbBbAAK', 'Acme EU', 'eu.acme.com/de', '0055e000001BbBbAAK'),
        account('0015e000001CcCcAAK', 'Not Acme', 'http://notacme.com', '0055e000001BbBbAAK'),
      ] })
      .get(`${V}/query`).query({ q: byName })
      .reply(200, { totalSize: 1, done: true, records: [account('0015e000001DdDdAAK', 'Globex', null, '0055e000001AaAaAAK')] });
    const accounts = await findSalesforceAccounts(session(), { domains: ['acme.com'], names: ['Globex'] });
    scope.done();
    expect(accounts).toEqual([
      { id: '0015e000001AaAaAAK', name: 'Acme', domain: 'acme.com', ownerId: '0055e000001AaAaAAK' },
      { id: '0015e000001BbBbAAK', name: 'Acme EU', domain: 'eu.acme.com', ownerId: '0055e000001BbBbAAK' },
      { id: '0015e000001DdDdAAK', name: 'Globex', ownerId: '0055e000001AaAaAAK' },
    ]);
  });
});

describe('queryAllSalesforce', () => {
  it('retries a truncated JSON answer as transient', async () => {
    const scope = nock(INSTANCE)
      .get(`${V}/query`).query({ q: USERS_SOQL }).reply(200, '{"totalSize":1,"done":true,"reco', { 'Content-Type': 'application/json' })
      .get(`${V}/query`).query({ q: USERS_SOQL }).reply(200, { totalSize: 1, done: true, records: [user('0055e000001AaAaAAK', 'Ana Ruiz', 'ana@acme.com', true)] });
    const s = session();
    await expect(listSalesforceUsers(s)).resolves.toHaveLength(1);
    scope.done();
    expect(s.callCount()).toBe(2);
  });
});
