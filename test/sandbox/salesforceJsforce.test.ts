import { createSign } from 'node:crypto';
import axios from 'axios';
import jsforce, { Connection, OAuth2 } from 'jsforce';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../src/sandbox/salesforce/startSalesforceSandbox';

const VERSION = '62.0';
let sandbox: SalesforceSandbox;

beforeAll(async () => {
  sandbox = await startSalesforceSandbox({ leads: 10_000, seed: 7, seedNow: new Date('2026-05-01T00:00:00Z') });
});
afterAll(async () => {
  await sandbox.close();
});

async function passwordLogin(): Promise<Connection> {
  const { clientId, clientSecret, username, password } = sandbox.credentials;
  const conn = new jsforce.Connection({ oauth2: { loginUrl: sandbox.url, clientId, clientSecret }, version: VERSION });
  await conn.authorize({ grant_type: 'password', username, password });
  return conn;
}

/** Web-server flow with PKCE: the only interactive flow that issues a refresh token. */
async function authorizationCodeLogin(): Promise<Connection> {
  const { clientId, clientSecret } = sandbox.credentials;
  const oauth2 = new OAuth2({
    loginUrl: sandbox.url,
    clientId,
    clientSecret,
    redirectUri: 'http://localhost:3999/oauth/callback',
    useVerifier: true,
  });
  const redirect = await axios.get(oauth2.getAuthorizationUrl({ state: 'csrf-1' }), {
    maxRedirects: 0,
    validateStatus: (s) => s === 302,
  });
  const location = new URL(String(redirect.headers.location));
  expect(location.searchParams.get('state')).toBe('csrf-1');
  const conn = new jsforce.Connection({ oauth2, version: VERSION });
  await conn.authorize(location.searchParams.get('code')!);
  return conn;
}

describe('Salesforce sandbox through jsforce 3', () => {
  it('logs in with the username-password flow and reports the org and user', async () => {
    const conn = await passwordLogin();
    expect(conn.instanceUrl).toBe(sandbox.url);
    expect(conn.userInfo?.id).toBe(sandbox.apiUserId);
    expect(conn.userInfo?.organizationId).toBe(sandbox.store.orgId);
    expect(conn.refreshToken).toBeUndefined();
    const identity = await conn.identity();
    expect(identity.username).toBe(sandbox.credentials.username);
  });

  it('logs in with a JWT bearer assertion signed by the sandbox key', async () => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode({ alg: 'RS256' })}.${encode({ iss: sandbox.credentials.clientId, sub: sandbox.credentials.username, aud: 'https://login.salesforce.com', exp: Math.floor(Date.now() / 1000) + 180 })}`;
    const signature = createSign('RSA-SHA256')
      .update(unsigned)
      .sign(sandbox.credentials.privateKeyPem)
      .toString('base64url');
    const conn = new jsforce.Connection({
      oauth2: { loginUrl: sandbox.url, clientId: sandbox.credentials.clientId },
      version: VERSION,
    });
    await conn.authorize({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: `${unsigned}.${signature}`,
    });
    const result = await conn.query('SELECT COUNT() FROM Lead');
    expect(result.totalSize).toBe(10_000);
    await expect(
      conn.authorize({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: `${unsigned}.${signature.slice(0, -4)}AAAA`,
      }),
    ).rejects.toThrow('invalid assertion');
  });

  it('autoFetches 10k leads through nextRecordsUrl in batches of 2000', async () => {
    const conn = await passwordLogin();
    const before = { ...sandbox.calls.byKind };
    const result = await conn.query(
      'SELECT Id, Name, Email, Owner.Name, SystemModstamp FROM Lead ORDER BY SystemModstamp, Id',
      { autoFetch: true, maxFetch: 20_000 },
    );
    expect(result.records).toHaveLength(10_000);
    expect(new Set(result.records.map((r) => r.Id)).size).toBe(10_000);
    expect(result.records[0]).toEqual(
      expect.objectContaining({
        attributes: expect.objectContaining({ type: 'Lead' }),
        Owner: expect.objectContaining({ Name: expect.any(String) }),
      }),
    );
    expect(sandbox.calls.byKind.query! - (before.query ?? 0)).toBe(1);
    expect(sandbox.calls.byKind.queryMore! - (before.queryMore ?? 0)).toBe(4);
    expect(conn.limitInfo.apiUsage?.used).toBe(sandbox.calls.total);
  });

  it('updates a 200-record collection, rejects 201, and reports a converted lead per record', async () => {
    const conn = await passwordLogin();
    const open = await conn.query<{ Id: string }>(
      "SELECT Id FROM Lead WHERE IsConverted = false AND Status = 'Open - Not Contacted' LIMIT 201",
    );
    const converted = await conn.query<{ Id: string }>('SELECT Id FROM Lead WHERE IsConverted = true LIMIT 1');
    const batch = open.records.slice(0, 199).map((r) => ({ Id: r.Id, Rating: 'Warm' }));
    const results = await conn.sobject('Lead').update([...batch, { Id: converted.records[0]!.Id, Rating: 'Warm' }], {
      headers: { 'Sforce-Auto-Assign': 'FALSE' },
    });
    expect(results).toHaveLength(200);
    expect(results.slice(0, 199).every((r) => r.success)).toBe(true);
    expect(results[199]).toEqual({
      success: false,
      errors: [{ statusCode: 'CANNOT_UPDATE_CONVERTED_LEAD', message: 'cannot reference converted lead', fields: [] }],
    });
    expect(sandbox.store.get('Lead', open.records[0]!.Id)!.Rating).toBe('Warm');
    await expect(
      conn.sobject('Lead').update(open.records.map((r) => ({ Id: r.Id, Rating: 'Hot' }))),
    ).rejects.toMatchObject({ errorCode: 'EXCEEDED_ID_LIMIT' });
    const rolledBack = await conn.sobject('Lead').update(
      [
        { Id: open.records[0]!.Id, Rating: 'Cold' },
        { Id: converted.records[0]!.Id, Rating: 'Cold' },
      ],
      { allOrNone: true },
    );
    expect(
      rolledBack.map((r) => (r.success ? 'ok' : (r.errors[0] as unknown as { statusCode: string }).statusCode)),
    ).toEqual(['ALL_OR_NONE_OPERATION_ROLLED_BACK', 'CANNOT_UPDATE_CONVERTED_LEAD']);
    expect(sandbox.store.get('Lead', open.records[0]!.Id)!.Rating).toBe('Warm');
  });

  it('runs a Bulk API 2.0 ingest job and a query job', async () => {
    const conn = await passwordLogin();
    const leads = await conn.query<{ Id: string }>('SELECT Id FROM Lead WHERE IsConverted = false LIMIT 3');
    const converted = await conn.query<{ Id: string }>('SELECT Id FROM Lead WHERE IsConverted = true LIMIT 1');
    const input = [
      ...leads.records.map((r) => ({ Id: r.Id, Rating: 'Hot' })),
      { Id: converted.records[0]!.Id, Rating: 'Hot' },
    ];
    const results = await conn.bulk2.loadAndWaitForResults({
      object: 'Lead',
      operation: 'update',
      input,
      pollInterval: 20,
      pollTimeout: 5000,
    });
    expect(results.successfulResults).toHaveLength(3);
    expect(results.failedResults).toHaveLength(1);
    expect(results.failedResults[0]!.sf__Error).toMatch(/^CANNOT_UPDATE_CONVERTED_LEAD:/);
    expect(sandbox.store.get('Lead', leads.records[0]!.Id)!.Rating).toBe('Hot');

    const stream = await conn.bulk2.query("SELECT Id, Email, Owner.Name FROM Lead WHERE Rating = 'Hot'", {
      pollInterval: 20,
      pollTimeout: 5000,
    });
    const rows: Record<string, unknown>[] = [];
    await new Promise<void>((resolve, reject) =>
      stream
        .on('record', (r: Record<string, unknown>) => rows.push(r))
        .on('end', () => resolve())
        .on('error', reject),
    );
    expect(rows.map((r) => r.Id).sort()).toEqual(leads.records.map((r) => r.Id).sort());
    expect(rows[0]).toHaveProperty(['Owner.Name']);
  });

  it('refreshes the session automatically after INVALID_SESSION_ID', async () => {
    const conn = await authorizationCodeLogin();
    expect(conn.refreshToken).toEqual(expect.any(String));
    const firstToken = conn.accessToken;
    sandbox.expireSessions();
    const refreshes = sandbox.calls.byKind['oauth.refresh_token'] ?? 0;
    const result = await conn.query('SELECT COUNT() FROM Lead');
    expect(result.totalSize).toBe(10_000);
    expect(conn.accessToken).not.toBe(firstToken);
    expect(sandbox.calls.byKind['oauth.refresh_token']).toBe(refreshes + 1);
  });

  it('creates a custom field with the Metadata API that stays invisible until a permission set grants it', async () => {
    const conn = await authorizationCodeLogin();
    const saved = await conn.metadata.create('CustomField', {
      fullName: 'Lead.LeadLoop_Score__c',
      label: 'LeadLoop Score',
      type: 'Number',
      precision: 5,
      scale: 1,
    } as never);
    expect(saved).toMatchObject({ fullName: 'Lead.LeadLoop_Score__c', success: true });
    const again = await conn.metadata.create('CustomField', {
      fullName: 'Lead.LeadLoop_Score__c',
      label: 'LeadLoop Score',
      type: 'Number',
    } as never);
    expect(again).toMatchObject({
      success: false,
      errors: [expect.objectContaining({ statusCode: 'DUPLICATE_DEVELOPER_NAME' })],
    });
    const names = async () => (await conn.sobject('Lead').describe()).fields.map((f) => f.name);
    expect(await names()).not.toContain('LeadLoop_Score__c');
    await expect(conn.query('SELECT Id, LeadLoop_Score__c FROM Lead LIMIT 1')).rejects.toMatchObject({
      errorCode: 'INVALID_FIELD',
    });

    await conn.metadata.upsert('PermissionSet', {
      fullName: 'LeadLoop_Integration',
      label: 'LeadLoop Integration',
      fieldPermissions: [{ field: 'Lead.LeadLoop_Score__c', readable: true, editable: true }],
    } as never);
    const read = await conn.metadata.read('PermissionSet', 'LeadLoop_Integration');
    expect(read).toMatchObject({ fullName: 'LeadLoop_Integration', label: 'LeadLoop Integration' });
    const permissionSet = await conn.query<{ Id: string }>(
      "SELECT Id FROM PermissionSet WHERE Name = 'LeadLoop_Integration'",
    );
    await conn
      .sobject('PermissionSetAssignment')
      .create({ AssigneeId: conn.userInfo!.id, PermissionSetId: permissionSet.records[0]!.Id });
    conn.describe$.clear();
    expect(await names()).toContain('LeadLoop_Score__c');
    const lead = await conn.query<{ Id: string; SystemModstamp: string }>(
      'SELECT Id, SystemModstamp FROM Lead WHERE IsConverted = false LIMIT 1',
    );
    await conn.sobject('Lead').update({ Id: lead.records[0]!.Id, LeadLoop_Score__c: 72.5 });
    const after = await conn.query<{ LeadLoop_Score__c: number; SystemModstamp: string }>(
      `SELECT LeadLoop_Score__c, SystemModstamp FROM Lead WHERE Id = '${lead.records[0]!.Id}'`,
    );
    expect(after.records[0]!.LeadLoop_Score__c).toBe(72.5);
    expect(after.records[0]!.SystemModstamp > lead.records[0]!.SystemModstamp).toBe(true);
  });
});
