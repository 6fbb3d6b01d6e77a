import { generateKeyPairSync } from 'node:crypto';
import { PassThrough } from 'node:stream';
import nock from 'nock';
import { createSalesforceSession } from '../../../connectors/salesforce/createSalesforceSession';
import type { SalesforceCredentials } from '../../../connectors/salesforce/salesforceCredentials';
import { NeedsReconnectError } from '../../../src/domain/errors';
import { createLogger, createSilentLogger, type Logger } from '../../../src/log/createLogger';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  INSTANCE,
  LOGIN,
  SESSION_EXPIRED,
  V,
  credentials,
  queryBody,
  tokenBody,
} from './salesforceFixtures';

const SOQL = 'SELECT Id FROM Lead LIMIT 1';
const q = `${V}/query?q=${encodeURIComponent(SOQL)}`;

function harness(overrides: Partial<SalesforceCredentials> = {}, logger: Logger = createSilentLogger()) {
  const persisted: SalesforceCredentials[] = [];
  const sleeps: number[] = [];
  const session = createSalesforceSession({
    credentials: credentials(overrides),
    logger,
    random: () => 0.5,
    onCredentialsChanged: async (c) => {
      persisted.push(c);
    },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { session, persisted, sleeps };
}

const query = (h: ReturnType<typeof harness>) => h.session.call('query Lead', async (conn) => conn.query(SOQL));

describe('Salesforce session', () => {
  it('renews an expired session with the refresh token, persists it before the replay, and replays', async () => {
    const order: string[] = [];
    const scope = nock(INSTANCE)
      .get(q)
      .matchHeader('Authorization', /OldAccessToken/)
      .reply(401, SESSION_EXPIRED)
      .get(q)
      .matchHeader('Authorization', 'Bearer 00D5e000000AbCd!AQ4AQNewAccessToken')
      .reply(200, () => {
        order.push('replay');
        return queryBody([{ Id: '00Q5e00000AbCdEAAV' }]);
      });
    const login = nock(LOGIN)
      .post('/services/oauth2/token', {
        grant_type: 'refresh_token',
        refresh_token: '5Aep861FakeRefreshToken0000000000000',
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
      })
      .reply(200, tokenBody('00D5e000000AbCd!AQ4AQNewAccessToken'));
    const persisted: SalesforceCredentials[] = [];
    const session = createSalesforceSession({
      credentials: credentials(),
      logger: createSilentLogger(),
      onCredentialsChanged: async (c) => {
        order.push('persist');
        persisted.push(c);
      },
    });
    const result = await session.call('query Lead', async (conn) => conn.query(SOQL));
    expect(result.records[0]?.Id).toBe('00Q5e00000AbCdEAAV');
    scope.done();
    login.done();
    expect(order).toEqual(['persist', 'replay']);
    expect(persisted).toEqual([
      expect.objectContaining({
        accessToken: '00D5e000000AbCd!AQ4AQNewAccessToken',
        refreshToken: '5Aep861FakeRefreshToken0000000000000',
      }),
    ]);
    expect(session.callCount()).toBe(3);
  });

  it('throws NeedsReconnectError with a clear message when the refresh token was revoked', async () => {
    const scope = nock(INSTANCE).get(q).reply(401, SESSION_EXPIRED);
    const login = nock(LOGIN)
      .post('/services/oauth2/token')
      .reply(400, { error: 'invalid_grant', error_description: 'expired access/refresh token' });
    const h = harness();
    const error = await query(h).catch((e: unknown) => e);
    scope.done();
    login.done();
    expect(error).toBeInstanceOf(NeedsReconnectError);
    expect(error).toMatchObject({ kind: 'configuration', code: 'INVALID_GRANT', crm: 'salesforce' });
    expect((error as Error).message).toMatch(
      /the refresh token was revoked or expired \(invalid_grant\)\. An admin revoked the app, a newer approval replaced it, or its idle limit passed\. Connect the org again/,
    );
    expect((error as Error).message).not.toContain('5Aep861');
    expect(h.persisted).toHaveLength(0);
  });

  it('renews a JWT session with a fresh assertion', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const scope = nock(INSTANCE)
      .get(q)
      .reply(401, SESSION_EXPIRED)
      .get(q)
      .matchHeader('Authorization', 'Bearer 00D5e000000AbCd!AQ4AQJwtAccessToken')
      .reply(200, queryBody([]));
    let claims: Record<string, unknown> = {};
    const login = nock(LOGIN)
      .post('/services/oauth2/token', (body: Record<string, string>) => {
        claims = JSON.parse(Buffer.from(String(body.assertion).split('.')[1]!, 'base64url').toString('utf8')) as Record<
          string,
          unknown
        >;
        return body.grant_type === 'urn:ietf:params:oauth:grant-type:jwt-bearer';
      })
      .reply(200, {
        access_token: '00D5e000000AbCd!AQ4AQJwtAccessToken',
        scope: 'api',
        instance_url: INSTANCE,
        id: tokenBody('x').id,
        token_type: 'Bearer',
      });
    const h = harness({
      flow: 'jwt',
      refreshToken: undefined,
      clientSecret: undefined,
      username: 'leadloop@acme.com',
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
    await query(h);
    scope.done();
    login.done();
    expect(claims).toMatchObject({ iss: CLIENT_ID, sub: 'leadloop@acme.com', aud: 'https://login.salesforce.com' });
    expect(h.persisted).toHaveLength(1);
  });

  it('renews a password-flow session by running the password grant again', async () => {
    const scope = nock(INSTANCE).get(q).reply(401, SESSION_EXPIRED).get(q).reply(200, queryBody([]));
    const login = nock(LOGIN)
      .post('/services/oauth2/token', {
        grant_type: 'password',
        username: 'leadloop@acme.com',
        password: 'Pa55word+TOKEN',
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
      })
      .reply(200, tokenBody('00D5e000000AbCd!AQ4AQPwdAccessToken'));
    const h = harness({
      flow: 'password',
      refreshToken: undefined,
      username: 'leadloop@acme.com',
      password: 'Pa55word+TOKEN',
    });
    await query(h);
    scope.done();
    login.done();
    expect(h.persisted[0]?.accessToken).toBe('00D5e000000AbCd!AQ4AQPwdAccessToken');
  });

  it('stops with NeedsReconnectError when the renewed session is refused too (no endless renewals)', async () => {
    const scope = nock(INSTANCE).get(q).times(2).reply(401, SESSION_EXPIRED);
    const login = nock(LOGIN)
      .post('/services/oauth2/token')
      .reply(200, tokenBody('00D5e000000AbCd!AQ4AQNewAccessToken'));
    const h = harness();
    const error = await query(h).catch((e: unknown) => e);
    scope.done();
    login.done();
    expect(error).toBeInstanceOf(NeedsReconnectError);
    expect(error).toMatchObject({ code: 'STILL_UNAUTHORIZED' });
  });

  it('renews again later when the replay after a renewal failed for another reason', async () => {
    const invalidField = [{ message: "No such column 'Foo__c' on entity 'Lead'.", errorCode: 'INVALID_FIELD' }];
    const scope = nock(INSTANCE)
      .get(q)
      .reply(401, SESSION_EXPIRED)
      .get(q)
      .reply(400, invalidField)
      .get(q)
      .reply(401, SESSION_EXPIRED)
      .get(q)
      .reply(200, queryBody([]));
    const login = nock(LOGIN)
      .post('/services/oauth2/token')
      .times(2)
      .reply(200, tokenBody('00D5e000000AbCd!AQ4AQNewAccessToken'));
    const h = harness();
    await expect(query(h)).rejects.toMatchObject({ code: 'INVALID_FIELD' });
    await expect(query(h)).resolves.toMatchObject({ totalSize: 0 });
    scope.done();
    login.done();
    expect(h.persisted).toHaveLength(2);
  });

  it('retries a 503 on a write through withRetry, then succeeds', async () => {
    const scope = nock(INSTANCE)
      .post(`${V}/sobjects/Task`)
      .reply(503, [
        { message: 'Server temporarily unavailable, please try again later.', errorCode: 'SERVER_UNAVAILABLE' },
      ])
      .post(`${V}/sobjects/Task`)
      .reply(201, { id: '00T5e00000AbCdEAAV', success: true, errors: [] });
    const h = harness();
    const result = await h.session.call('create Task', (conn) => conn.sobject('Task').create({ Subject: 'Call' }));
    scope.done();
    expect(result).toMatchObject({ id: '00T5e00000AbCdEAAV', success: true });
    expect(h.sleeps).toEqual([375]);
    expect(h.session.callCount()).toBe(2);
  });

  it('gives up on REQUEST_LIMIT_EXCEEDED at once (rate_limited) and remembers the usage header', async () => {
    const scope = nock(INSTANCE)
      .get(q)
      .reply(403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }], {
        'Sforce-Limit-Info': 'api-usage=15000/15000',
      });
    const h = harness();
    await expect(query(h)).rejects.toMatchObject({ kind: 'rate_limited', code: 'REQUEST_LIMIT_EXCEEDED' });
    scope.done();
    expect(h.sleeps).toEqual([]);
    expect(h.session.usage()).toEqual({ used: 15000, max: 15000 });
  });

  it('reads Sforce-Limit-Info from successful answers', async () => {
    const scope = nock(INSTANCE).get(q).reply(200, queryBody([]), { 'Sforce-Limit-Info': 'api-usage=42/100000' });
    const h = harness();
    expect(h.session.usage()).toEqual({});
    await query(h);
    scope.done();
    expect(h.session.usage()).toEqual({ used: 42, max: 100000 });
  });

  it('classifies a bad field as configuration without retrying', async () => {
    const scope = nock(INSTANCE)
      .get(q)
      .reply(400, [{ message: "No such column 'Foo__c' on entity 'Lead'.", errorCode: 'INVALID_FIELD' }]);
    const h = harness();
    await expect(query(h)).rejects.toMatchObject({
      kind: 'configuration',
      code: 'INVALID_FIELD',
      message: expect.stringContaining("Salesforce query Lead: INVALID_FIELD: No such column 'Foo__c'"),
    });
    scope.done();
    expect(h.sleeps).toEqual([]);
  });

  it('never writes tokens to the log', async () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    const logger = createLogger({ level: 'debug', format: 'json', stream });
    const task = `${V}/sobjects/Task`;
    nock(INSTANCE)
      .post(task)
      .reply(401, SESSION_EXPIRED)
      .post(task)
      .reply(500, [{ message: 'An unexpected error occurred.', errorCode: 'UNKNOWN_EXCEPTION' }])
      .post(task)
      .reply(201, { id: '00T5e00000AbCdEAAV', success: true, errors: [] });
    nock(LOGIN)
      .post('/services/oauth2/token')
      .reply(
        200,
        tokenBody('00D5e000000AbCd!AQ4AQNewAccessToken', { refresh_token: '5Aep861RotatedRefresh00000000000' }),
      );
    const h = harness({}, logger);
    await h.session.call('create Task', (conn) => conn.sobject('Task').create({ Subject: 'Call' }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(text).toContain('Salesforce session renewed');
    expect(text).toContain('retrying after a transient failure');
    // a line that quotes the tokens (as a raw jsforce error would) comes out masked
    logger.warn('raw', {
      detail: `Bearer-less 00D5e000000AbCd!AQ4AQNewAccessToken 5Aep861RotatedRefresh00000000000 ${CLIENT_SECRET}`,
    });
    await new Promise((resolve) => setImmediate(resolve));
    for (const secret of ['OldAccessToken', 'NewAccessToken', '5Aep861', CLIENT_SECRET])
      expect(text).not.toContain(secret);
    expect(h.persisted[0]?.refreshToken).toBe('5Aep861RotatedRefresh00000000000');
  });
});
