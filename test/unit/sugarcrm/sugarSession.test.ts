import { PassThrough } from 'node:stream';
import nock from 'nock';
import { NeedsReconnectError } from '../../../src/domain/errors';
import { createLogger } from '../../../src/log/createLogger';
import { API, BASE, harness, tokenBody } from './sugarFixtures';

const me = { current_user: { type: 'user', id: 'a1b2c3d4-0000-4000-8000-00000000u001', user_name: 'leadloop_api' } };
const expired = { error: 'invalid_grant', error_message: 'The access token provided is invalid.' };

describe('SugarCRM session', () => {
  it('refreshes an expired token once, persists the rotated refresh token and replays the call', async () => {
    const scope = nock(BASE)
      .get(`${API}/me`)
      .matchHeader('OAuth-Token', 'access-aaaa-1111')
      .reply(401, expired)
      .post(`${API}/oauth2/token`, {
        grant_type: 'refresh_token',
        refresh_token: 'refresh-rrrr-1111',
        client_id: 'sugar',
        client_secret: '',
        platform: 'leadloop',
      })
      .reply(200, tokenBody('access-bbbb-2222', 'refresh-rrrr-2222'))
      .get(`${API}/me`)
      .matchHeader('OAuth-Token', 'access-bbbb-2222')
      .reply(200, me);
    const h = harness();
    await expect(h.connector.check()).resolves.toEqual({ orgId: BASE, userId: me.current_user.id, instanceUrl: BASE });
    scope.done();
    expect(h.persisted).toHaveLength(1);
    expect(h.persisted[0]).toMatchObject({
      accessToken: 'access-bbbb-2222',
      refreshToken: 'refresh-rrrr-2222',
      expiresAt: '2026-03-02T11:00:00.000Z',
    });
    expect(h.connector.apiUsage().calls).toBe(3);
  });

  it('signs in again with the password when the refresh token was invalidated (F8), then goes on', async () => {
    const scope = nock(BASE)
      .get(`${API}/me`)
      .reply(401, { error: 'need_login', error_message: 'No valid authentication for user.' })
      .post(`${API}/oauth2/token`, (b) => b.grant_type === 'refresh_token')
      .reply(400, { error: 'invalid_grant', error_message: 'Invalid refresh token' })
      .post(
        `${API}/oauth2/token`,
        (b) => b.grant_type === 'password' && b.password === 'S3cret-pass!' && b.platform === 'leadloop',
      )
      .reply(200, tokenBody('access-cccc-3333', 'refresh-rrrr-3333'))
      .get(`${API}/me`)
      .matchHeader('OAuth-Token', 'access-cccc-3333')
      .reply(200, me);
    const h = harness();
    await h.connector.check();
    scope.done();
    expect(h.persisted.map((c) => c.refreshToken)).toEqual(['refresh-rrrr-3333']);
  });

  it('throws NeedsReconnectError explaining the platform when refresh and password both fail', async () => {
    const scope = nock(BASE)
      .get(`${API}/me`)
      .reply(401, expired)
      .post(`${API}/oauth2/token`, (b) => b.grant_type === 'refresh_token')
      .reply(400, { error: 'invalid_grant', error_message: 'Invalid refresh token' })
      .post(`${API}/oauth2/token`, (b) => b.grant_type === 'password')
      .reply(401, { error: 'need_login', error_message: 'You must specify a valid username and password.' });
    const h = harness();
    const error = await h.connector.check().catch((e: unknown) => e);
    scope.done();
    expect(error).toBeInstanceOf(NeedsReconnectError);
    expect((error as Error).message).toMatch(/platform "leadloop"/);
    expect((error as Error).message).toMatch(/leadloop connect sugarcrm/);
    expect(h.persisted).toHaveLength(0);
  });

  it('refreshes before the first call when the stored token has expired', async () => {
    const scope = nock(BASE)
      .post(`${API}/oauth2/token`, (b) => b.grant_type === 'refresh_token')
      .reply(200, tokenBody('access-dddd-4444', 'refresh-rrrr-4444'))
      .get(`${API}/me`)
      .matchHeader('OAuth-Token', 'access-dddd-4444')
      .reply(200, me);
    const h = harness({}, { expiresAt: '2026-03-02T09:59:30.000Z' });
    await h.connector.check();
    scope.done();
    expect(h.persisted[0]?.refreshToken).toBe('refresh-rrrr-4444');
  });

  it('waits at least Retry-After (7 s) after a 429, through the injected sleep', async () => {
    const scope = nock(BASE)
      .get(`${API}/me`)
      .reply(429, { error: 'too_many_requests', error_message: 'Rate limit exceeded' }, { 'Retry-After': '7' })
      .get(`${API}/me`)
      .reply(200, me);
    const h = harness();
    await h.connector.check();
    scope.done();
    expect(h.sleeps).toHaveLength(1);
    expect(h.sleeps[0]).toBeGreaterThanOrEqual(7000);
  });

  it('retries maintenance (503) and resets, then gives up with a transient error', async () => {
    const scope = nock(BASE)
      .get(`${API}/me`)
      .reply(503, { error: 'maintenance', error_message: 'The system is in maintenance mode.' })
      .get(`${API}/me`)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
      .get(`${API}/me`)
      .times(2)
      .reply(500, { error: 'fatal_error', error_message: 'Fatal error' });
    const h = harness();
    await expect(h.connector.check()).rejects.toMatchObject({ kind: 'transient', code: 'fatal_error', status: 500 });
    scope.done();
    expect(h.sleeps).toHaveLength(3);
  });

  it('never writes tokens or the password into log lines', async () => {
    const stream = new PassThrough();
    let output = '';
    stream.on('data', (d) => {
      output += String(d);
    });
    const logger = createLogger({ level: 'debug', format: 'json', stream });
    const scope = nock(BASE)
      .get(`${API}/me`)
      .reply(401, expired)
      .post(`${API}/oauth2/token`, (b) => b.grant_type === 'refresh_token')
      .reply(400, { error: 'invalid_grant', error_message: 'Invalid refresh token refresh-rrrr-1111' })
      .post(`${API}/oauth2/token`, (b) => b.grant_type === 'password')
      .reply(200, tokenBody('access-eeee-5555', 'refresh-rrrr-5555'))
      .get(`${API}/me`)
      .reply(200, me);
    const h = harness({}, {}, logger);
    await h.connector.check();
    scope.done();
    await new Promise((r) => setImmediate(r));
    expect(output).toContain('refresh token refused');
    for (const secret of [
      'refresh-rrrr-1111',
      'access-eeee-5555',
      'refresh-rrrr-5555',
      'S3cret-pass!',
      'access-aaaa-1111',
    ])
      expect(output).not.toContain(secret);
  });
});
