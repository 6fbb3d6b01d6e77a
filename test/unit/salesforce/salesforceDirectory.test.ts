import nock from 'nock';
import { createSalesforceSession } from '../../../connectors/salesforce/createSalesforceSession';
import { findSalesforceAccounts } from '../../../connectors/salesforce/salesforceDirectory';
import { createSilentLogger } from '../../../src/log/createLogger';
import { INSTANCE, V, credentials } from './salesforceFixtures';

const account = (Id: string, Name: string, Website: string | null, OwnerId: string) => ({
  attributes: { type: 'Account', url: `${V}/sobjects/Account/${Id}` },
  Id,
  Name,
  Website,
  OwnerId,
});

describe('findSalesforceAccounts', () => {
  it('matches websites with paths and subdomains, names case-insensitively, and drops LIKE false positives', async () => {
    const soql =
      "SELECT Id, Name, Website, OwnerId FROM Account WHERE Website LIKE '%acme.com%' OR Name IN ('O\\'Brien & Sons', 'globex') LIMIT 2000";
    const scope = nock(INSTANCE)
      .get(`${V}/query`)
      .query({ q: soql })
      .reply(200, {
        totalSize: 5,
        done: true,
        records: [
          account('0015e000001AaAaAAK', 'Acme', 'https://www.acme.com/', '0055e000001AaAaAAK'),
          account('0015e000001BbBbAAK', 'Acme EU', 'eu.acme.com/de', '0055e000001BbBbAAK'),
          account('0015e000001CcCcAAK', 'Not Acme', 'http://notacme.com', '0055e000001BbBbAAK'),
          account('0015e000001DdDdAAK', 'Globex', null, '0055e000001AaAaAAK'),
          account('0015e000001EeEeAAK', "O'Brien & Sons", 'obrien.ie', '0055e000001AaAaAAK'),
        ],
      });
    const session = createSalesforceSession({
      credentials: credentials(),
      logger: createSilentLogger(),
      onCredentialsChanged: async () => undefined,
    });
    const accounts = await findSalesforceAccounts(session, {
      domains: ['acme.com'],
      names: ["O'Brien & Sons", 'globex'],
    });
    scope.done();
    expect(accounts.map((a) => a.id)).toEqual([
      '0015e000001AaAaAAK',
      '0015e000001BbBbAAK',
      '0015e000001DdDdAAK',
      '0015e000001EeEeAAK',
    ]);
    expect(accounts[1]).toEqual({
      id: '0015e000001BbBbAAK',
      name: 'Acme EU',
      domain: 'eu.acme.com',
      ownerId: '0055e000001BbBbAAK',
    });
  });
});
