import axios, { type AxiosInstance } from 'axios';
import { startSugarSandbox, type SugarSandbox } from '../../src/sandbox/sugarcrm/startSugarSandbox';

let sandbox: SugarSandbox;
let http: AxiosInstance;
let clock = Date.parse('2026-03-02T10:00:00Z');

beforeAll(async () => {
  sandbox = await startSugarSandbox({ leads: 20, seed: 3, now: () => clock });
  http = axios.create({ baseURL: sandbox.apiUrl, validateStatus: () => true });
});
afterAll(() => sandbox.close());

function login(platform = sandbox.credentials.platform, password = sandbox.credentials.password) {
  return http.post('/oauth2/token', {
    grant_type: 'password',
    client_id: 'sugar',
    client_secret: '',
    username: sandbox.credentials.username,
    password,
    platform,
  });
}
const refresh = (refreshToken: string) =>
  http.post('/oauth2/token', {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: 'sugar',
    client_secret: '',
  });
const me = (token?: string) => http.get('/me', { headers: token === undefined ? {} : { 'OAuth-Token': token } });

describe('SugarCRM sandbox OAuth2', () => {
  it('answers a password grant with the documented token response', async () => {
    const response = await login();
    expect(response.status).toBe(200);
    expect(Object.keys(response.data).sort()).toEqual([
      'access_token',
      'download_token',
      'expires_in',
      'refresh_expires_in',
      'refresh_token',
      'scope',
      'token_type',
    ]);
    expect(response.data).toMatchObject({
      expires_in: 3600,
      token_type: 'bearer',
      scope: null,
      refresh_expires_in: 1209600,
    });
    const user = await me(response.data.access_token);
    expect(user.data.current_user).toMatchObject({ type: 'user', id: sandbox.apiUserId, user_name: 'leadloop' });
  });

  it.each([
    ['no grant_type', { client_id: 'sugar' }, 400, 'invalid_request'],
    ['no client_id', { grant_type: 'password', username: 'leadloop', password: 'x' }, 400, 'invalid_client'],
    [
      'a wrong client secret',
      { grant_type: 'password', client_id: 'sugar', client_secret: 's3cret', username: 'a', password: 'b' },
      400,
      'invalid_client',
    ],
    [
      'no password',
      { grant_type: 'password', client_id: 'sugar', client_secret: '', username: 'leadloop' },
      400,
      'invalid_request',
    ],
    [
      'a wrong password',
      { grant_type: 'password', client_id: 'sugar', client_secret: '', username: 'leadloop', password: 'nope' },
      401,
      'need_login',
    ],
    [
      'an unsupported grant',
      { grant_type: 'client_credentials', client_id: 'sugar', client_secret: '' },
      400,
      'unsupported_grant_type',
    ],
    [
      'an unknown refresh token',
      { grant_type: 'refresh_token', client_id: 'sugar', client_secret: '', refresh_token: 'r' },
      400,
      'invalid_grant',
    ],
  ])('rejects a token request with %s', async (_case, body, status, error) => {
    const response = await http.post('/oauth2/token', body);
    expect(response.status).toBe(status);
    expect(response.data.error).toBe(error);
  });

  it('also reads a form-encoded token request', async () => {
    const form = new URLSearchParams({
      grant_type: 'password',
      client_id: 'sugar',
      client_secret: '',
      username: 'leadloop',
      password: sandbox.credentials.password,
      platform: 'mobile',
    });
    const response = await http.post('/oauth2/token', form.toString(), {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(200);
    expect(response.data.token_type).toBe('bearer');
  });

  it('refuses inactive users', async () => {
    const inactive = [...sandbox.store.table('Users').all()].find((user) => user.status === 'Inactive')!;
    const response = await http.post('/oauth2/token', {
      grant_type: 'password',
      client_id: 'sugar',
      client_secret: '',
      username: inactive.user_name,
      password: 'sandbox',
      platform: 'base',
    });
    expect(response.status).toBe(401);
    expect(response.data).toEqual({
      error: 'need_login',
      error_message: 'You must specify a valid username and password.',
    });
  });

  it('answers need_login without a token and invalid_grant for an unknown one', async () => {
    expect((await me()).status).toBe(401);
    expect((await me()).data).toEqual({ error: 'need_login', error_message: 'No valid authentication for user.' });
    const unknown = await me('not-a-token');
    expect(unknown.status).toBe(401);
    expect(unknown.data).toEqual({ error: 'invalid_grant', error_message: 'The access token provided is invalid.' });
  });

  it('expires access tokens after expires_in, and a refresh gets a working one', async () => {
    const tokens = (await login()).data;
    clock += 3601 * 1000;
    const expired = await me(tokens.access_token);
    expect(expired.status).toBe(401);
    expect(expired.data.error).toBe('invalid_grant');
    const renewed = await refresh(tokens.refresh_token);
    expect(renewed.status).toBe(200);
    expect((await me(renewed.data.access_token)).status).toBe(200);
  });

  it('honours a shorter access-token lifetime set as a fault', async () => {
    sandbox.faults.accessTokenTtlSeconds = 5;
    try {
      const tokens = (await login()).data;
      expect(tokens.expires_in).toBe(5);
      clock += 6000;
      expect((await me(tokens.access_token)).status).toBe(401);
    } finally {
      sandbox.faults.accessTokenTtlSeconds = 3600;
    }
  });

  it('lets a refresh token be used once', async () => {
    const tokens = (await login()).data;
    expect((await refresh(tokens.refresh_token)).status).toBe(200);
    const again = await refresh(tokens.refresh_token);
    expect(again.status).toBe(400);
    expect(again.data).toEqual({ error: 'invalid_grant', error_message: 'Invalid refresh token' });
  });

  it('keeps one session per user and platform: a new login ends the earlier session and refresh token', async () => {
    const first = (await login()).data;
    const otherPlatform = (await login('mobile')).data;
    const second = (await login()).data;
    expect((await me(first.access_token)).data.error).toBe('invalid_grant');
    expect((await refresh(first.refresh_token)).data.error).toBe('invalid_grant');
    expect((await me(second.access_token)).status).toBe(200);
    expect((await me(otherPlatform.access_token)).status).toBe(200);
  });

  it('simulates someone logging in as the integration user, which invalidates its refresh token', async () => {
    const tokens = (await login()).data;
    sandbox.auth.simulateLogin();
    expect((await refresh(tokens.refresh_token)).data).toEqual({
      error: 'invalid_grant',
      error_message: 'Invalid refresh token',
    });
    expect((await login()).status).toBe(200);
  });

  it('logs out: the session ends and the given refresh token is deleted', async () => {
    const tokens = (await login()).data;
    const out = await http.post(
      '/oauth2/logout',
      { refresh_token: tokens.refresh_token },
      { headers: { 'OAuth-Token': tokens.access_token } },
    );
    expect(out.status).toBe(200);
    expect(out.data).toEqual({ success: true });
    expect((await me(tokens.access_token)).status).toBe(401);
    expect((await refresh(tokens.refresh_token)).status).toBe(400);
  });

  it('serves /rest/v10 through /rest/v11_27 and refuses other versions', async () => {
    const tokens = (await login()).data;
    const headers = { 'OAuth-Token': tokens.access_token };
    for (const version of ['v10', 'v11', 'v11_1', 'v11_27']) {
      expect((await axios.get(`${sandbox.url}/rest/${version}/me`, { headers })).status).toBe(200);
    }
    const old = await axios.get(`${sandbox.url}/rest/v4_1/me`, {
      headers,
      validateStatus: () => true,
      maxRedirects: 0,
    });
    expect(old.status).toBe(301);
    expect(old.data.error).toBe('incorrect_version');
  });
});

describe('SugarCRM sandbox API platforms', () => {
  it.each([
    [
      'an unregistered platform',
      'forms',
      422,
      { error: 'invalid_parameter', error_message: 'EXCEPTION_INVALID_PLATFORM' },
    ],
    ['a built-in platform', 'base', 200, undefined],
    ['the platform its admin registered', 'leadloop', 200, undefined],
  ])('answers a login on %s (%s) as Sugar does', async (_case, platform, status, body) => {
    const response = await login(platform);
    expect(response.status).toBe(status);
    if (body) expect(response.data).toEqual(body);
  });

  it('refuses a refresh on an unregistered platform too, and accepts any platform when told to', async () => {
    const open = await startSugarSandbox({ leads: 0, seed: 3, registeredPlatforms: 'any' });
    try {
      const client = axios.create({ baseURL: open.apiUrl, validateStatus: () => true });
      const grant = await client.post('/oauth2/token', {
        grant_type: 'password',
        client_id: 'sugar',
        client_secret: '',
        username: open.credentials.username,
        password: open.credentials.password,
        platform: 'forms',
      });
      expect(grant.status).toBe(200);
    } finally {
      await open.close();
    }
    const first = await login();
    const refused = await http.post('/oauth2/token', {
      grant_type: 'refresh_token',
      refresh_token: first.data.refresh_token,
      client_id: 'sugar',
      client_secret: '',
      platform: 'forms',
    });
    expect(refused.status).toBe(422);
    expect(refused.data.error_message).toBe('EXCEPTION_INVALID_PLATFORM');
  });
});
