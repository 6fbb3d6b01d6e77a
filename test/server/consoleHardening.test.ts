import crypto from 'node:crypto';
import request from 'supertest';
import { createSilentLogger } from '../../src/log/createLogger';
import { createSecretBox } from '../../src/security/secretBox';
import { createAdminStore } from '../../src/server/adminStore';
import { createApp, type App } from '../../src/server/createApp';
import { loadSettings } from '../../src/settings/loadSettings';
import type { Database } from '../../src/store/database';
import { openDatabase } from '../../src/store/openDatabase';
import { createOrgRepository } from '../../src/store/orgRepository';
import { fakeConsoleBuild } from '../helpers/fakeConsoleBuild';

/** DNS for the URL policy: a table, never the network. */
const lookup = async (host: string) => {
  const table: Record<string, string> = { 'login.salesforce.com': '13.108.0.6' };
  if (!table[host]) throw new Error(`ENOTFOUND ${host}`);
  return [{ address: table[host]!, family: 4 }];
};

const PASSWORD = 'correct horse battery staple';
const XSS_NAME = "x'-alert(document.domain)-'";

/** Issue 24, items 1, 2, 6 and 9: the console's pages, sessions, sign-in and tokens. */
describe('console hardening', () => {
  let db: Database;
  let app: App;
  const box = createSecretBox(crypto.randomBytes(32));
  const consoleDir = fakeConsoleBuild();
  const build = (env: Record<string, string> = {}) =>
    createApp({
      db,
      logger: createSilentLogger(),
      consoleDir,
      runtime: {
        db,
        box,
        settings: loadSettings({ LEADLOOP_DATA_DIR: '/tmp/leadloop-console-hardening', NODE_ENV: 'test', ...env }),
        logger: createSilentLogger(),
        crmAddressLookup: lookup,
      },
    });

  beforeAll(async () => {
    db = await openDatabase({ dataDir: 'memory' });
    app = build();
    await createAdminStore(db).createUser('admin@example.com', PASSWORD);
    await createOrgRepository(db, box).upsert({ name: 'acme', crm: 'salesforce', credentials: {} });
  });
  afterAll(async () => db.close());

  async function signIn(target: App = app, email = 'admin@example.com', password = PASSWORD) {
    const agent = request.agent(target);
    const login = await agent.post('/login').type('form').send({ email, password });
    expect(login.status).toBe(303);
    const page = await agent.get('/connect');
    return { agent, csrf: /name="_csrf" value="([^"]+)"/.exec(page.text)![1]! };
  }

  describe('item 1: org names and scripts', () => {
    it('refuses the XSS name in the repository (so in the CLI too) and in the database', async () => {
      await expect(
        createOrgRepository(db, box).upsert({ name: XSS_NAME, crm: 'sugarcrm', credentials: {} }),
      ).rejects.toThrow(/^Org name "x'-alert\(document\.domain\)-'" is not valid: it may hold/);
      await expect(db.query(`INSERT INTO orgs (name, crm) VALUES ($1, 'sugarcrm')`, [XSS_NAME])).rejects.toThrow(
        /orgs_name_valid/,
      );
      for (const bad of ['..', '-rf', 'a b', 'a/b', '', 'x'.repeat(81)])
        expect(() =>
          createOrgRepository(db, box).upsert({ name: bad, crm: 'sugarcrm', credentials: {} }),
        ).rejects.toThrow(/not valid/);
    });

    it('serves the console without inline script and a CSP without unsafe-inline; form-action is this site and the login hosts', async () => {
      const { agent } = await signIn();
      const page = await agent.get('/orgs/acme');
      expect(page.status).toBe(200);
      const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.map((m) => [m[1]!.trim(), m[2]])).toEqual([
        ['type="module" crossorigin src="/assets/index-test.js"', ''],
      ]);
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      // inline style attributes remain (style-src); no inline script may run
      expect(/script-src ([^;]+)/.exec(csp)![1]).toBe("'self'");
      const formAction = /form-action ([^;]+)/.exec(csp)![1]!.split(' ');
      expect(formAction).toEqual(
        expect.arrayContaining([
          "'self'",
          'https://*.salesforce.com',
          'https://*.my.salesforce.com',
          'https://*.force.com',
        ]),
      );
      expect(formAction).not.toContain('https:');
      expect(formAction).not.toContain('http:');
      const script = await agent.get('/assets/index-test.js');
      expect(script.status).toBe(200);
      expect(script.headers['content-type']).toMatch(/javascript/);
      expect(script.headers['cache-control']).toMatch(/immutable/);
      expect((await agent.get('/assets/missing.js')).status).toBe(404);
    });
  });

  describe('item 6: sign-in', () => {
    it('backs off one account after repeated wrong passwords, from any address, without counting successes', async () => {
      await createAdminStore(db).createUser('target@example.com', PASSWORD);
      const statuses: number[] = [];
      const console = build();
      for (let i = 0; i < 7; i++) {
        // a different X-Forwarded-For each time: with LEADLOOP_TRUST_PROXY unset it is not believed, and the account limit holds anyway
        statuses.push(
          (
            await request(console)
              .post('/login')
              .set('X-Forwarded-For', `203.0.113.${i}`)
              .type('form')
              .send({ email: 'Target@example.com', password: 'wrong password number' })
          ).status,
        );
      }
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses[5]).toBe(429);
      // successes of another account are never counted: twelve in a row all pass
      const fresh = build();
      for (let i = 0; i < 12; i++)
        expect(
          (await request(fresh).post('/login').type('form').send({ email: 'admin@example.com', password: PASSWORD }))
            .status,
        ).toBe(303);
    });

    it('refuses a sign-in form posted from another site (login CSRF)', async () => {
      const fresh = build();
      expect(
        (
          await request(fresh)
            .post('/login')
            .set('Origin', 'https://evil.example')
            .type('form')
            .send({ email: 'admin@example.com', password: PASSWORD })
        ).status,
      ).toBe(403);
      expect(
        (
          await request(fresh)
            .post('/login')
            .set('Sec-Fetch-Site', 'cross-site')
            .type('form')
            .send({ email: 'admin@example.com', password: PASSWORD })
        ).status,
      ).toBe(403);
      expect(
        (
          await request(fresh)
            .post('/login')
            .set('Origin', 'null')
            .type('form')
            .send({ email: 'admin@example.com', password: PASSWORD })
        ).status,
      ).toBe(403);
      const same = await request(fresh)
        .post('/login')
        .set('Host', 'console.test')
        .set('Origin', 'http://console.test')
        .type('form')
        .send({ email: 'admin@example.com', password: PASSWORD });
      expect(same.status).toBe(303);
    });

    it('trusts X-Forwarded-For only as LEADLOOP_TRUST_PROXY says', () => {
      expect(build().get('trust proxy')).toBe(false);
      expect(build({ LEADLOOP_TRUST_PROXY: '1' }).get('trust proxy')).toBe(1);
      expect(build({ LEADLOOP_TRUST_PROXY: '10.0.0.0/8, loopback' }).get('trust proxy')).toEqual([
        '10.0.0.0/8',
        'loopback',
      ]);
      expect(() => loadSettings({ LEADLOOP_TRUST_PROXY: 'true' })).toThrow(
        /^Invalid setting LEADLOOP_TRUST_PROXY: .*true would let any client pick its address/,
      );
    });
  });

  describe('item 2: sessions, administrators and token scopes', () => {
    it('ends every session of an administrator whose password changes, or who is disabled', async () => {
      const admins = createAdminStore(db);
      await admins.createUser('ops@example.com', PASSWORD);
      const one = await signIn(app, 'ops@example.com');
      const two = await signIn(app, 'ops@example.com');
      await admins.createUser('ops@example.com', 'a brand new passphrase here');
      expect((await one.agent.get('/')).status).toBe(303);
      expect((await two.agent.get('/')).status).toBe(303);
      const three = await signIn(app, 'ops@example.com', 'a brand new passphrase here');
      expect((await three.agent.get('/')).status).toBe(200);
      await admins.setDisabled('ops@example.com', true);
      expect((await three.agent.get('/')).status).toBe(303);
      expect(
        (
          await request(build())
            .post('/login')
            .type('form')
            .send({ email: 'ops@example.com', password: 'a brand new passphrase here' })
        ).status,
      ).toBe(401);
    });

    it('ends older sessions at a new sign-in when LEADLOOP_LOGIN_SESSIONS=single', async () => {
      const single = build({ LEADLOOP_LOGIN_SESSIONS: 'single' });
      await createAdminStore(db).createUser('solo@example.com', PASSWORD);
      const first = await signIn(single, 'solo@example.com');
      const second = await signIn(single, 'solo@example.com');
      expect((await first.agent.get('/')).status).toBe(303);
      expect((await second.agent.get('/')).status).toBe(200);
    });

    it.each([
      ['read', 'GET', '/api/v1/orgs', 200],
      ['read', 'GET', '/metrics', 200],
      ['read', 'POST', '/api/v1/orgs/acme/sync', 403],
      ['metrics', 'GET', '/metrics', 200],
      ['metrics', 'GET', '/api/v1/orgs', 403],
      ['metrics', 'GET', '/api/v1/openapi.json', 403],
      ['full', 'GET', '/api/v1/orgs', 200],
      ['full', 'GET', '/', 403], // tokens never open the console
    ] as const)('a %s token: %s %s → %s', async (scope, method, path, status) => {
      const token = await createAdminStore(db).createApiToken(`t-${scope}`, 'test', { scope });
      const call = method === 'GET' ? request(app).get(path) : request(app).post(path).send({ mode: 'incremental' });
      const res = await call.set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(status);
      if (status === 403) expect(res.body.error.code).toBe('SCOPE');
    });

    it('stops accepting an expired or revoked token; tokens made before scopes stay full', async () => {
      const admins = createAdminStore(db);
      const expired = await admins.createApiToken('old', 'test', { expiresAt: new Date(Date.now() - 1000) });
      expect((await request(app).get('/api/v1/orgs').set('Authorization', `Bearer ${expired}`)).status).toBe(401);
      const revoked = await admins.createApiToken('gone', 'test');
      expect(await admins.revokeApiToken('gone')).toBe(1);
      expect((await request(app).get('/api/v1/orgs').set('Authorization', `Bearer ${revoked}`)).status).toBe(401);
      const legacy = `llt_${crypto.randomBytes(32).toString('base64url')}`;
      await db.query(`INSERT INTO api_tokens (name, token_hash, created_by) VALUES ('legacy', $1, 'cli')`, [
        crypto.createHash('sha256').update(legacy).digest('hex'),
      ]);
      expect(
        (await request(app).post('/api/v1/orgs/nope/sync').set('Authorization', `Bearer ${legacy}`).send({})).status,
      ).toBe(404);
      const listed = (await admins.listApiTokens()).find((t) => t.name === 'legacy')!;
      expect(listed).toMatchObject({ scope: 'full', owner: 'cli', revokedAt: null });
      expect(listed.lastUsedAt).toBeInstanceOf(Date);
    });
  });

  describe('item 9: passwords and the pending OAuth flow', () => {
    it.each([['            '], ['password1234'], ['aaaaaaaaaaaaaaaa'], ['qwertyuiop12'], ['admin@example.com']])(
      'refuses the password %j',
      async (password) => {
        await expect(createAdminStore(db).createUser('admin@example.com', password)).rejects.toThrow(/password/);
      },
    );

    it('seals the consumer secret of a pending Salesforce flow and refuses the callback once it is stale', async () => {
      const { agent, csrf } = await signIn();
      const start = await agent.post('/connect/salesforce').type('form').send({
        _csrf: csrf,
        name: 'sf',
        loginUrl: 'https://login.salesforce.com',
        clientId: 'key',
        clientSecret: 'consumer-secret-42',
      });
      expect(start.status).toBe(303);
      const state = new URL(start.headers.location!).searchParams.get('state')!;
      const { rows } = await db.query<{ data: unknown }>('SELECT data FROM admin_sessions');
      expect(JSON.stringify(rows)).not.toContain('consumer-secret-42');
      await db.query(`UPDATE admin_sessions SET data = jsonb_set(data, '{salesforce,startedAt}', to_jsonb(0))`);
      const late = await agent.get(`/oauth/salesforce/callback?state=${state}&code=abc`);
      expect(late.status).toBe(400);
      expect(late.text).toMatch(/more than 10 minutes ago/);
    });

    it('refuses a Salesforce login URL off Salesforce domains before redirecting there', async () => {
      const { agent, csrf } = await signIn();
      const res = await agent
        .post('/connect/salesforce')
        .type('form')
        .send({ _csrf: csrf, name: 'sf2', loginUrl: 'https://attacker.example.com', clientId: 'key' });
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/not on one of Salesforce&#39;s domains/);
    });

    it('does not build the OAuth callback from the Host header in production', async () => {
      const prod = build({ NODE_ENV: 'production', LEADLOOP_SECRET_KEY: 'b'.repeat(64) });
      // production cookies are Secure (not sent over the test's http): the session is set by hand
      const { token, session } = (await createAdminStore(db).login('admin@example.com', PASSWORD))!;
      const res = await request(prod)
        .post('/connect/salesforce')
        .set('Host', 'evil.example')
        .set('Cookie', `leadloop_session=${token}`)
        .type('form')
        .send({ _csrf: session.csrfToken, name: 'sf3', loginUrl: 'https://login.salesforce.com', clientId: 'key' });
      expect(res.status).toBe(400);
      expect(res.text).toContain('Set LEADLOOP_PUBLIC_URL');
    });
  });
});
