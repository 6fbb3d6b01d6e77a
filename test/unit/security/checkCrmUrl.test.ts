import nock from 'nock';
import { connectSalesforce } from '../../../connectors/salesforce/connectSalesforce';
import { connectSugar } from '../../../connectors/sugarcrm/connectSugar';
import { createCrmUrlPolicy, type CrmAddressLookup } from '../../../src/security/checkCrmUrl';

/** Issue 24, item 3: where leadloop may send CRM credentials. DNS is a table here, never the network. */
const DNS: Record<string, string[]> = {
  'acme.sugarondemand.com': ['52.18.0.10'],
  'acme.my.salesforce.com': ['13.108.0.5'],
  'login.salesforce.com': ['13.108.0.6'],
  'rebind.example.com': ['52.18.0.11', '10.0.0.7'],
  'internal.example.com': ['10.1.2.3'],
  'metadata.example.com': ['169.254.169.254'],
  'sugar.corp.example': ['10.20.0.4'],
  'nat64.example.com': ['64:ff9b:1::a00:1'],
  'attacker.example.com': ['52.18.0.12'],
};
const lookups: string[] = [];
const lookup: CrmAddressLookup = async (host) => {
  lookups.push(host);
  const found = DNS[host];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

const production = createCrmUrlPolicy({
  production: true,
  lookup,
  allowedHosts: ['sugar.corp.example', '*.uat.example'],
});
const development = createCrmUrlPolicy({ production: false, lookup });

describe('the CRM URL policy', () => {
  it.each([
    // [policy, crm, url, accepted, reason]
    ['production', 'sugarcrm', 'https://acme.sugarondemand.com', true, ''],
    ['production', 'salesforce', 'https://acme.my.salesforce.com', true, ''],
    ['production', 'salesforce', 'https://login.salesforce.com/', true, ''],
    ['production', 'sugarcrm', 'https://sugar.corp.example', true, ''], // allow-listed on-premise Sugar on a private address
    [
      'production',
      'sugarcrm',
      'http://acme.sugarondemand.com',
      false,
      /http:\/\/ would send the credentials in clear text; use https/,
    ],
    ['production', 'sugarcrm', 'https://127.0.0.1:8443', false, /not a public internet address/],
    ['production', 'sugarcrm', 'http://127.0.0.1:3000', false, /http:\/\/ would send/],
    ['production', 'sugarcrm', 'https://2130706433', false, /not a public internet address/], // decimal 127.0.0.1
    ['production', 'sugarcrm', 'https://0x7f.1', false, /not a public internet address/],
    ['production', 'sugarcrm', 'https://[::ffff:10.0.0.1]', false, /not a public internet address/],
    ['production', 'sugarcrm', 'https://internal.example.com', false, /resolves to an address that is not a public/],
    ['production', 'sugarcrm', 'https://metadata.example.com', false, /resolves to an address that is not a public/],
    ['production', 'sugarcrm', 'https://rebind.example.com', false, /resolves to an address that is not a public/], // one private answer is enough
    ['production', 'sugarcrm', 'https://nat64.example.com', false, /resolves to an address that is not a public/],
    ['production', 'sugarcrm', 'https://nowhere.example.com', false, /does not resolve/],
    [
      'production',
      'sugarcrm',
      'https://user:pw@acme.sugarondemand.com',
      false,
      /must not carry a user name or password/,
    ],
    ['production', 'sugarcrm', 'ftp://acme.sugarondemand.com', false, /only https/],
    ['production', 'salesforce', 'https://attacker.example.com', false, /not on one of Salesforce's domains/],
    [
      'production',
      'salesforce',
      'https://salesforce.com.attacker.example.com',
      false,
      /not on one of Salesforce's domains/,
    ],
    ['production', 'salesforce', 'https://evilsalesforce.com', false, /not on one of Salesforce's domains/],
    ['production', 'salesforce', 'https://acme.uat.example', true, ''], // allow-listed by wildcard (resolution skipped)
    ['development', 'sugarcrm', 'http://127.0.0.1:3000', true, ''],
    ['development', 'salesforce', 'http://localhost:3000', true, ''],
    ['development', 'salesforce', 'http://[::1]:3000', true, ''],
    ['development', 'sugarcrm', 'http://10.0.0.5', false, /http:\/\/ would send/],
    ['development', 'sugarcrm', 'https://internal.example.com', false, /not a public internet address/],
    ['development', 'salesforce', 'https://attacker.example.com', false, /not on one of Salesforce's domains/],
  ] as const)('%s, %s: %s → accepted %s', async (mode, crm, url, accepted, reason) => {
    const policy = mode === 'production' ? production : development;
    const result = await policy.check(url, crm, 'URL').then(
      () => 'accepted',
      (e: Error & { code?: string }) => e,
    );
    if (accepted) expect(result).toBe('accepted');
    else {
      expect(result).toBeInstanceOf(Error);
      expect((result as Error).message).toMatch(reason as RegExp);
      expect((result as Error).message.split('\n')).toHaveLength(1);
    }
  });

  it('checks the address the socket connects to as well (a DNS answer that changes after the check)', async () => {
    const socketLookup = production.socketLookup('sugarcrm');
    const answer = (host: string) =>
      new Promise<string>((resolve) =>
        socketLookup(host, {}, (error, address) => resolve(error ? `refused: ${error.message}` : String(address))),
      );
    expect(await answer('acme.sugarondemand.com')).toBe('52.18.0.10');
    expect(await answer('internal.example.com')).toMatch(/^refused: .*not a public internet address/);
    expect(await answer('sugar.corp.example')).toBe('10.20.0.4');
  });
});

describe('connect paths use the policy before sending credentials', () => {
  it('refuses a SugarCRM URL on a private address without sending anything', async () => {
    // nock would answer; nothing may be asked
    const scope = nock('https://internal.example.com').post(/.*/).reply(200, {});
    const error = await connectSugar({
      url: 'https://internal.example.com',
      username: 'u',
      password: 'pw-secret-1',
      urlPolicy: production,
    }).catch((e: Error) => e);
    expect((error as Error & { code: string }).code).toBe('CRM_URL_REFUSED');
    expect(scope.isDone()).toBe(false);
  });

  it("refuses a token answer whose instance_url is not Salesforce's, and says so without the answer's body", async () => {
    const scope = nock('https://login.salesforce.com').post('/services/oauth2/token').reply(200, {
      access_token: '00D!token',
      instance_url: 'https://attacker.example.com',
      id: 'https://login.salesforce.com/id/00D5e000000AbCdEAK/0055e000001XyZaAAK',
      token_type: 'Bearer',
      issued_at: '1',
      signature: 's',
    });
    const error = await connectSalesforce({
      flow: 'password',
      loginUrl: 'https://login.salesforce.com',
      clientId: 'k',
      clientSecret: 's',
      username: 'u',
      password: 'pw',
      urlPolicy: production,
    }).catch((e: Error) => e);
    scope.done();
    expect((error as Error).message).toMatch(
      /^Salesforce instance URL in the token answer https:\/\/attacker\.example\.com is refused: not on one of Salesforce's domains/,
    );
  });

  it('answers a refused Sugar sign-in in its own words, never with the remote text', async () => {
    const scope = nock('https://acme.sugarondemand.com')
      .post('/rest/v11_1/oauth2/token')
      .reply(401, { error: 'need_login', error_message: 'port 6379 open: -ERR unknown command' });
    const error = await connectSugar({
      url: 'https://acme.sugarondemand.com',
      username: 'u',
      password: 'hunter2-secret',
      urlPolicy: production,
    }).catch((e: Error) => e);
    scope.done();
    expect((error as Error).message).toBe(
      'SugarCRM at https://acme.sugarondemand.com refused the sign-in (HTTP 401 need_login): check the username, the password, the OAuth client and the platform (a custom platform must be registered under Admin → Configure API Platforms)',
    );
  });
});
