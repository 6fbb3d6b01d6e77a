import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import nock from 'nock';
import {
  connectSalesforce,
  createPkcePair,
  salesforceAuthorizeUrl,
} from '../../../connectors/salesforce/connectSalesforce';
import { jwtAudience } from '../../../connectors/salesforce/requestSalesforceToken';
import { SALESFORCE_API_VERSION } from '../../../connectors/salesforce/salesforceConstants';
import { CLIENT_ID, CLIENT_SECRET, INSTANCE, LOGIN, ORG_ID, USER_ID, tokenBody } from './salesforceFixtures';

const TOKEN = '/services/oauth2/token';

describe('connectSalesforce', () => {
  it('password flow: stores the password grant, no refresh token, org and user from the identity URL', async () => {
    const scope = nock(LOGIN)
      .post(TOKEN, {
        grant_type: 'password',
        username: 'api@acme.com',
        password: 'Pa55+TOKEN',
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
      })
      .reply(200, tokenBody('00D5e000000AbCd!AQ4AQPassword'));
    const connected = await connectSalesforce({
      flow: 'password',
      loginUrl: `${LOGIN}/`,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      username: 'api@acme.com',
      password: 'Pa55+TOKEN',
    });
    scope.done();
    expect(connected).toEqual({
      instanceUrl: INSTANCE,
      externalOrgId: ORG_ID,
      userId: USER_ID,
      credentials: {
        flow: 'password',
        loginUrl: LOGIN,
        instanceUrl: INSTANCE,
        accessToken: '00D5e000000AbCd!AQ4AQPassword',
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        username: 'api@acme.com',
        password: 'Pa55+TOKEN',
        apiVersion: SALESFORCE_API_VERSION,
        orgId: ORG_ID,
        userId: USER_ID,
      },
    });
  });

  it('JWT flow: signs an RS256 assertion for the login audience with the private key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    let assertion = '';
    const scope = nock('https://test.salesforce.com')
      .post(TOKEN, (body: Record<string, string>) => {
        assertion = body.assertion ?? '';
        return body.grant_type === 'urn:ietf:params:oauth:grant-type:jwt-bearer';
      })
      .reply(200, {
        access_token: '00D5e000000AbCd!AQ4AQJwt',
        scope: 'api',
        instance_url: INSTANCE,
        id: tokenBody('x').id,
        token_type: 'Bearer',
      });
    const connected = await connectSalesforce({
      flow: 'jwt',
      loginUrl: 'https://test.salesforce.com',
      clientId: CLIENT_ID,
      username: 'api@acme.com.uat',
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
    scope.done();
    const [header, payload, signature] = assertion.split('.');
    expect(
      verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature!, 'base64url')),
    ).toBe(true);
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(claims).toMatchObject({ iss: CLIENT_ID, sub: 'api@acme.com.uat', aud: 'https://test.salesforce.com' });
    expect(Number(claims.exp) * 1000 - Date.now()).toBeLessThanOrEqual(180_000);
    expect(connected.credentials).toMatchObject({
      flow: 'jwt',
      username: 'api@acme.com.uat',
      accessToken: '00D5e000000AbCd!AQ4AQJwt',
    });
    expect(connected.credentials.refreshToken).toBeUndefined();
  });

  it('refresh_token flow keeps the given refresh token when none is rotated', async () => {
    const scope = nock(LOGIN)
      .post(TOKEN, { grant_type: 'refresh_token', refresh_token: '5Aep861Given', client_id: CLIENT_ID })
      .reply(200, tokenBody('00D5e000000AbCd!AQ4AQRefreshed'));
    const connected = await connectSalesforce({
      flow: 'refresh_token',
      loginUrl: LOGIN,
      clientId: CLIENT_ID,
      refreshToken: '5Aep861Given',
    });
    scope.done();
    expect(connected.credentials).toMatchObject({
      flow: 'refresh_token',
      refreshToken: '5Aep861Given',
      accessToken: '00D5e000000AbCd!AQ4AQRefreshed',
    });
  });

  it('authorization_code flow sends the PKCE verifier and redirect URI and stores the refresh token', async () => {
    const { verifier, challenge } = createPkcePair();
    expect(challenge).toBe(createHash('sha256').update(verifier).digest('base64url'));
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    const scope = nock(LOGIN)
      .post(TOKEN, {
        grant_type: 'authorization_code',
        code: 'aPrxCode',
        code_verifier: verifier,
        client_id: CLIENT_ID,
        redirect_uri: 'https://leadloop.example/oauth/salesforce/callback',
      })
      .reply(
        200,
        tokenBody('00D5e000000AbCd!AQ4AQCode', { refresh_token: '5Aep861Issued', scope: 'refresh_token api' }),
      );
    const connected = await connectSalesforce({
      flow: 'authorization_code',
      loginUrl: LOGIN,
      clientId: CLIENT_ID,
      code: 'aPrxCode',
      codeVerifier: verifier,
      redirectUri: 'https://leadloop.example/oauth/salesforce/callback',
    });
    scope.done();
    // stored as the refresh-token flow: that is how the session is renewed
    expect(connected.credentials).toMatchObject({ flow: 'refresh_token', refreshToken: '5Aep861Issued' });
  });

  it('builds the authorize URL with S256 and state', () => {
    const url = new URL(
      salesforceAuthorizeUrl({
        loginUrl: 'https://acme.my.salesforce.com',
        clientId: CLIENT_ID,
        redirectUri: 'https://leadloop.example/cb',
        codeChallenge: 'abc',
        state: 'csrf-1',
      }),
    );
    expect(url.origin + url.pathname).toBe('https://acme.my.salesforce.com/services/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: 'https://leadloop.example/cb',
      code_challenge: 'abc',
      code_challenge_method: 'S256',
      state: 'csrf-1',
      scope: 'api refresh_token',
    });
  });

  it.each([
    [
      'password',
      'invalid_grant',
      'authentication failure',
      /the password grant was refused \(invalid_grant\)\. Check the username and password/,
    ],
    [
      'password',
      'invalid_client_id',
      'client identifier invalid',
      /\(invalid_client_id\)\. The client id is not a connected app's consumer key/,
    ],
    [
      'password',
      'invalid_client',
      'invalid client credentials',
      /\(invalid_client\)\. The client secret does not match/,
    ],
    [
      'refresh_token',
      'invalid_grant',
      'expired access/refresh token',
      /the refresh token was revoked or expired \(invalid_grant\)/,
    ],
  ] as const)(
    '%s flow refused with %s → a clear message without secrets',
    async (flow, error, description, expected) => {
      const scope = nock(LOGIN).post(TOKEN).reply(400, { error, error_description: description });
      const input =
        flow === 'password'
          ? ({
              flow,
              loginUrl: LOGIN,
              clientId: CLIENT_ID,
              clientSecret: CLIENT_SECRET,
              username: 'api@acme.com',
              password: 'Pa55+TOKEN',
            } as const)
          : ({ flow, loginUrl: LOGIN, clientId: CLIENT_ID, refreshToken: '5Aep861Given' } as const);
      const failure = await connectSalesforce(input).then(
        () => new Error('expected a refusal'),
        (e: Error) => e,
      );
      scope.done();
      expect(failure.message).toMatch(expected);
      // in leadloop's words: the answer's error_description is not repeated (issue 24, item 3)
      expect(failure.message).not.toContain(description);
      for (const secret of ['Pa55+TOKEN', CLIENT_SECRET, '5Aep861Given']) expect(failure.message).not.toContain(secret);
    },
  );

  it('rejects an authorization without a refresh token (the app lacks the refresh_token scope)', async () => {
    nock(LOGIN).post(TOKEN).reply(200, tokenBody('00D5e000000AbCd!AQ4AQCode'));
    await expect(
      connectSalesforce({
        flow: 'authorization_code',
        loginUrl: LOGIN,
        clientId: CLIENT_ID,
        code: 'c',
        codeVerifier: 'v',
        redirectUri: 'https://x/cb',
      }),
    ).rejects.toThrow(/no refresh token.*refresh_token, offline_access/);
  });

  it.each([
    ['https://login.salesforce.com', 'https://login.salesforce.com'],
    ['https://acme.my.salesforce.com', 'https://login.salesforce.com'],
    ['https://test.salesforce.com', 'https://test.salesforce.com'],
    ['https://acme--uat.sandbox.my.salesforce.com', 'https://test.salesforce.com'],
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
  ])('JWT audience for %s is %s', (loginUrl, audience) => {
    expect(jwtAudience(loginUrl)).toBe(audience);
  });
});
