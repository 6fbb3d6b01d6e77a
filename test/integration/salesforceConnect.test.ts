import axios from 'axios';
import { connectSalesforce, createPkcePair, salesforceAuthorizeUrl } from '../../connectors/salesforce/connectSalesforce';
import { createSalesforceSession } from '../../connectors/salesforce/createSalesforceSession';
import { describeSalesforceLeads } from '../../connectors/salesforce/describeSalesforceLeads';
import { domainOfWebsite, findSalesforceAccounts } from '../../connectors/salesforce/findSalesforceAccounts';
import { listSalesforceUsers } from '../../connectors/salesforce/listSalesforceUsers';
import type { SalesforceCredentials } from '../../connectors/salesforce/salesforceCredentials';
import { SALESFORCE_API_VERSION } from '../../connectors/salesforce/salesforceConstants';
import { setupSalesforce } from '../../connectors/salesforce/setupSalesforce';
import { NeedsReconnectError } from '../../src/domain/errors';
import { createSilentLogger } from '../../src/log/createLogger';
import { loadMapping } from '../../src/mapping';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../src/sandbox/salesforce/startSalesforceSandbox';

let sandbox: SalesforceSandbox;

beforeAll(async () => {
  sandbox = await startSalesforceSandbox({ leads: 200, seed: 11, seedNow: new Date('2026-05-01T00:00:00Z') });
});
afterAll(async () => {
  await sandbox.close();
});

const password = () => connectSalesforce({
  flow: 'password', loginUrl: sandbox.url, clientId: sandbox.credentials.clientId, clientSecret: sandbox.credentials.clientSecret,
  username: sandbox.credentials.username, password: sandbox.credentials.password,
});

/** The web-server flow as the admin console drives it: authorize (the sandbox auto-approves), then exchange the code. */
async function authorizationCode() {
  const { verifier, challenge } = createPkcePair();
  const redirectUri = 'http://localhost:3999/oauth/salesforce/callback';
  const url = salesforceAuthorizeUrl({ loginUrl: sandbox.url, clientId: sandbox.credentials.clientId, redirectUri, codeChallenge: challenge, state: 'csrf-7' });
  const redirect = await axios.get(url, { maxRedirects: 0, validateStatus: (s) => s === 302 });
  const location = new URL(String(redirect.headers.location));
  expect(location.searchParams.get('state')).toBe('csrf-7');
  return connectSalesforce({ flow: 'authorization_code', loginUrl: sandbox.url, clientId: sandbox.credentials.clientId, code: location.searchParams.get('code')!, codeVerifier: verifier, redirectUri });
}

function session(credentials: SalesforceCredentials, persisted: SalesforceCredentials[] = []) {
  return createSalesforceSession({ credentials, logger: createSilentLogger(), onCredentialsChanged: async (c) => { persisted.push(c); }, sleep: async () => undefined });
}

describe('Salesforce connect through jsforce against the sandbox', () => {
  it('password flow: org and user from the identity URL, pinned version, a working session', async () => {
    const connected = await password();
    expect(connected).toMatchObject({ instanceUrl: sandbox.url, externalOrgId: sandbox.store.orgId, userId: sandbox.apiUserId });
    expect(connected.credentials).toMatchObject({ flow: 'password', apiVersion: SALESFORCE_API_VERSION });
    expect(connected.credentials).not.toHaveProperty('refreshToken');
    const s = session(connected.credentials);
    const count = await s.call('count Lead', async (conn) => conn.query('SELECT COUNT() FROM Lead'));
    expect(count.totalSize).toBe(200);
    expect(s.callCount()).toBe(1);
    expect(s.usage()).toEqual({ used: sandbox.calls.total, max: sandbox.faults.dailyApiLimit });
  });

  it('password flow refused: a clear message without the password', async () => {
    const failure = await connectSalesforce({ flow: 'password', loginUrl: sandbox.url, clientId: sandbox.credentials.clientId, clientSecret: sandbox.credentials.clientSecret, username: sandbox.credentials.username, password: 'wrong-Pa55word' })
      .then(() => new Error('expected a refusal'), (e: Error) => e);
    expect(failure.message).toMatch(/^Salesforce refused the password sign-in at http:\/\/127\.0\.0\.1:\d+: authentication failure \(invalid_grant\); check the username and password/);
    expect(failure.message).not.toContain('wrong-Pa55word');
    await expect(connectSalesforce({ flow: 'password', loginUrl: sandbox.url, clientId: 'nope', clientSecret: 'x', username: 'u', password: 'p' })).rejects.toThrow(/invalid_client_id/);
  });

  it('JWT flow signs in with the private key, and renews with a fresh assertion after the session expires', async () => {
    const connected = await connectSalesforce({ flow: 'jwt', loginUrl: sandbox.url, clientId: sandbox.credentials.clientId, username: sandbox.credentials.username, privateKeyPem: sandbox.credentials.privateKeyPem });
    expect(connected.userId).toBe(sandbox.apiUserId);
    const persisted: SalesforceCredentials[] = [];
    const s = session(connected.credentials, persisted);
    sandbox.expireSessions();
    const before = sandbox.calls.byKind['oauth.jwt_bearer'] ?? 0;
    const count = await s.call('count Lead', async (conn) => conn.query('SELECT COUNT() FROM Lead'));
    expect(count.totalSize).toBe(200);
    expect(sandbox.calls.byKind['oauth.jwt_bearer']).toBe(before + 1);
    expect(persisted).toHaveLength(1);
    expect(persisted[0]!.accessToken).not.toBe(connected.credentials.accessToken);
  });

  it('authorization_code flow with PKCE stores a refresh token; the refresh_token flow connects with it', async () => {
    const connected = await authorizationCode();
    expect(connected.credentials.refreshToken).toMatch(/^5Aep861/);
    const again = await connectSalesforce({ flow: 'refresh_token', loginUrl: sandbox.url, clientId: sandbox.credentials.clientId, refreshToken: connected.credentials.refreshToken! });
    expect(again).toMatchObject({ externalOrgId: sandbox.store.orgId, userId: sandbox.apiUserId });
    expect(again.credentials.refreshToken).toBe(connected.credentials.refreshToken);
  });

  it('renews an expired session with the refresh token mid-run and persists it first', async () => {
    const connected = await authorizationCode();
    const persisted: SalesforceCredentials[] = [];
    const s = session(connected.credentials, persisted);
    await s.call('count Lead', async (conn) => conn.query('SELECT COUNT() FROM Lead'));
    sandbox.expireSessions();
    await s.call('count Lead', async (conn) => conn.query('SELECT COUNT() FROM Lead'));
    expect(persisted).toHaveLength(1);
    expect(s.credentials().accessToken).toBe(persisted[0]!.accessToken);
  });

  it('a revoked refresh token → NeedsReconnectError, nothing persisted', async () => {
    const connected = await authorizationCode();
    await axios.post(`${sandbox.url}/services/oauth2/revoke`, new URLSearchParams({ token: connected.credentials.refreshToken! }));
    const persisted: SalesforceCredentials[] = [];
    const s = session(connected.credentials, persisted);
    const error = await s.call('count Lead', async (conn) => conn.query('SELECT COUNT() FROM Lead')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NeedsReconnectError);
    expect((error as Error).message).toMatch(/refresh token was revoked or expired.*leadloop connect salesforce/);
    expect(persisted).toHaveLength(0);
  });
});

describe('Salesforce setup against the sandbox', () => {
  it('creates the missing fields and the permission set, then a second run creates nothing', async () => {
    const mapping = loadMapping('salesforce');
    const s = session((await password()).credentials);
    const before = await describeSalesforceLeads(s, mapping);
    expect(before.missingFields.sort()).toEqual(['LeadLoop_Grade__c', 'LeadLoop_Reasons__c', 'LeadLoop_SLA_Due__c', 'LeadLoop_Score__c', 'LeadLoop_Scored_At__c', 'LeadLoop_Status__c']);

    const first = await setupSalesforce(s, mapping);
    expect(first.manualSteps).toEqual([]);
    expect(first.created).toEqual([
      'Lead.LeadLoop_Score__c (Number(3,0))',
      'Lead.LeadLoop_Grade__c (Picklist: A, B, C, D)',
      'Lead.LeadLoop_Status__c (Picklist: new, nurture, mql, sal, sql, won, lost, recycled, disqualified)',
      'Lead.LeadLoop_Reasons__c (Long Text Area(32768))',
      'Lead.LeadLoop_Scored_At__c (Date/Time)',
      'Lead.LeadLoop_SLA_Due__c (Date/Time)',
      expect.stringMatching(/^permission set LeadLoop \(read\/edit on LeadLoop_Score__c, .*LeadLoop_SLA_Due__c\)$/),
      `assignment of permission set LeadLoop to leadloop's user ${sandbox.apiUserId}`,
    ]);
    expect(first.alreadyPresent).toEqual(['OwnerId']);

    const after = await describeSalesforceLeads(s, mapping);
    expect(after.missingFields).toEqual([]);
    const fields = new Map(after.fields.map((f) => [f.name, f]));
    expect(fields.get('LeadLoop_Status__c')).toMatchObject({ type: 'picklist', updateable: true, picklistValues: ['new', 'nurture', 'mql', 'sal', 'sql', 'won', 'lost', 'recycled', 'disqualified'] });
    expect(fields.get('LeadLoop_Reasons__c')).toMatchObject({ type: 'textarea', length: 32768, updateable: true });
    expect(fields.get('LeadLoop_Score__c')).toMatchObject({ type: 'double', updateable: true });

    const second = await setupSalesforce(s, mapping);
    expect(second).toEqual({ created: [], manualSteps: [], alreadyPresent: expect.arrayContaining(['LeadLoop_Score__c', 'LeadLoop_SLA_Due__c', 'OwnerId']) });
    expect(second.alreadyPresent).toHaveLength(7);

    const lead = await s.call('query Lead', async (conn) => conn.query<{ Id: string }>('SELECT Id FROM Lead WHERE IsConverted = false LIMIT 1'));
    await s.call('update Lead', (conn) => conn.sobject('Lead').update({ Id: lead.records[0]!.Id, LeadLoop_Score__c: 87, LeadLoop_Grade__c: 'A', LeadLoop_Status__c: 'mql' }));
    expect(sandbox.store.get('Lead', lead.records[0]!.Id)).toMatchObject({ LeadLoop_Score__c: 87, LeadLoop_Grade__c: 'A', LeadLoop_Status__c: 'mql' });
  });
});

describe('Salesforce directory and faults against the sandbox', () => {
  afterEach(() => {
    Object.assign(sandbox.faults, { serverErrorShare: 0, truncatedJsonShare: 0, tokenTtlSeconds: null });
  });

  it('lists users and finds accounts by website domain and name', async () => {
    const s = session((await password()).credentials);
    const users = await listSalesforceUsers(s);
    expect(users.map((u) => u.id).sort()).toEqual([...sandbox.userIds.values()].sort());
    expect(users.find((u) => u.id === sandbox.apiUserId)).toMatchObject({ isActive: true, email: expect.stringContaining('@') });

    const accounts = sandbox.store.scan('Account').filter((a) => typeof a.Website === 'string' && a.Website !== '');
    const target = accounts[0]!;
    const domain = domainOfWebsite(target.Website)!;
    const found = await findSalesforceAccounts(s, { domains: [domain], names: [String(accounts[1]!.Name), "O'Nobody \\ Ltd"] });
    expect(found.map((a) => a.id)).toEqual(expect.arrayContaining([target.Id, accounts[1]!.Id]));
    expect(found.find((a) => a.id === target.Id)).toMatchObject({ domain, ownerId: target.OwnerId });
    expect(found.every((a) => a.domain === undefined || a.domain === domain || a.domain.endsWith(`.${domain}`) || a.name === accounts[1]!.Name)).toBe(true);
  });

  it('rides out 503s and truncated JSON, then renews an expired session and persists it', async () => {
    const connected = await authorizationCode();
    const persisted: SalesforceCredentials[] = [];
    const s = session(connected.credentials, persisted);
    Object.assign(sandbox.faults, { serverErrorShare: 0.2, truncatedJsonShare: 0.2 });
    for (let i = 0; i < 10; i++) expect((await listSalesforceUsers(s)).length).toBe(sandbox.userIds.size);
    expect(s.callCount()).toBeGreaterThan(10);
    Object.assign(sandbox.faults, { serverErrorShare: 0, truncatedJsonShare: 0 });
    sandbox.expireSessions();
    await listSalesforceUsers(s);
    expect(persisted.length).toBeGreaterThanOrEqual(1);
    expect(persisted[persisted.length - 1]!.accessToken).toBe(s.credentials().accessToken);
  });
});
