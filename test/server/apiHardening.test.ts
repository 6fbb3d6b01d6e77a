import crypto from 'node:crypto';
import { PassThrough } from 'node:stream';
import request from 'supertest';
import { createLogger } from '../../src/log/createLogger';
import { createSecretBox } from '../../src/security/secretBox';
import { createAdminStore } from '../../src/server/adminStore';
import { createApp, type App } from '../../src/server/createApp';
import { loadSettings } from '../../src/settings/loadSettings';
import type { Database } from '../../src/store/database';
import { startSugarSandbox } from '../../src/sandbox';
import { openDatabase } from '../../src/store/openDatabase';
import { createOrgRepository } from '../../src/store/orgRepository';

/** Issue 24, items 3, 4 and 5: what reaches the API before and after authentication. */
describe('API hardening', () => {
  let db: Database;
  let app: App;
  let token: string;
  let logged = '';
  const stderrWrites: string[] = [];
  const originalWrite = process.stderr.write.bind(process.stderr);

  const build = (env: Record<string, string> = {}) => {
    const stream = new PassThrough();
    stream.on('data', (d: Buffer) => (logged += d.toString()));
    const logger = createLogger({ level: 'debug', format: 'json', stream });
    const settings = loadSettings({ LEADLOOP_DATA_DIR: '/tmp/leadloop-hardening-test', NODE_ENV: 'test', ...env });
    return createApp({ db, logger, runtime: { db, box: createSecretBox(crypto.randomBytes(32)), settings, logger } });
  };

  beforeAll(async () => {
    db = await openDatabase({ dataDir: 'memory' });
    app = build();
    token = await createAdminStore(db).createApiToken('ci', 'test');
    await createOrgRepository(db, createSecretBox(crypto.randomBytes(32))).upsert({
      name: 'acme',
      crm: 'salesforce',
      credentials: {},
    });
    // Express's default handler prints errors with console.error: catch anything that bypasses the logger
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      stderrWrites.push(String(chunk));
      return (originalWrite as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stderr.write;
  });
  afterAll(async () => {
    process.stderr.write = originalWrite;
    await db.close();
  });
  beforeEach(() => {
    logged = '';
    stderrWrites.length = 0;
  });

  const auth = (r: request.Test) => r.set('Authorization', `Bearer ${token}`);
  const badJson =
    '{"name":"acme","url":"https://acme.sugarondemand.com","username":"u","password":"hunter2-very-secret",';

  it('answers a body that is not JSON with the API error, logging {type, status} only (item 5)', async () => {
    const res = await auth(request(app).post('/api/v1/orgs/sugarcrm').set('Content-Type', 'application/json')).send(
      badJson,
    );
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ error: { code: 'INVALID_JSON', message: 'the body is not valid JSON' } });
    expect(res.text).not.toMatch(/at .*\.js|SyntaxError|hunter2/);
    expect(logged).toContain('"type":"entity.parse.failed"');
    expect(logged).toContain('"status":400');
    expect(logged + stderrWrites.join('')).not.toContain('hunter2');
  });

  it('never answers an HTML error page or a stack on API routes (item 5)', async () => {
    const res = await auth(
      request(app).post('/api/v1/orgs/acme/sync').set('Content-Type', 'application/json; charset=latin-9'),
    ).send('{}');
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(res.text).not.toMatch(/<html|<pre>|node_modules/i);
  });

  it('does not parse the body of a caller who is not signed in (item 4)', async () => {
    const res = await request(app).post('/api/v1/orgs/sugarcrm').set('Content-Type', 'application/json').send(badJson);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
    expect(logged).not.toContain('entity.parse.failed');
    const big = await request(app)
      .post('/api/v1/outcomes')
      .set('Content-Type', 'application/json')
      .send(`{"outcomes":[${'"x",'.repeat(1_000_000)}"x"]}`);
    expect(big.status).toBe(401);
  });

  it('keeps bodies small except where the documented body needs more, and refuses deep nesting (item 4)', async () => {
    const large = await auth(request(app).post('/api/v1/orgs/acme/schedule')).send({
      schedule: '0 3 * * *',
      padding: 'x'.repeat(300_000),
    });
    expect(large.status).toBe(413);
    expect(large.body.error.code).toBe('BODY_TOO_LARGE');
    const deep = await auth(request(app).post('/api/v1/orgs/acme/sync').set('Content-Type', 'application/json')).send(
      `${'['.repeat(5000)}${']'.repeat(5000)}`,
    );
    expect(deep.status).toBe(400);
    expect(deep.body.error.code).toBe('BODY_TOO_DEEP');
    // a string full of brackets is not nesting
    const flat = await auth(request(app).post('/api/v1/definitions/validate')).send({
      name: 'default',
      yaml: '[[[[['.repeat(2000),
    });
    expect(flat.status).not.toBe(400);
  });

  it('enforces the documented 10,000 outcomes per request (item 4)', async () => {
    const item = { lead_id: '00Q000000000001AAA', kind: 'won', occurred_at: '2026-02-01T10:00:00Z' };
    const res = await auth(request(app).post('/api/v1/orgs/acme/outcomes')).send({
      outcomes: Array.from({ length: 10_001 }, () => item),
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'INVALID_REQUEST',
      details: [expect.objectContaining({ path: 'outcomes' })],
    });
    const viaBody = await auth(request(app).post('/api/v1/outcomes')).send({
      org: 'acme',
      outcomes: Array.from({ length: 10_001 }, () => item),
    });
    expect(viaBody.status).toBe(400);
    const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM outcomes');
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('rate-limits /api per caller (item 4)', async () => {
    const limited = build({ LEADLOOP_API_RATE_LIMIT: '3' });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await auth(request(limited).get('/api/v1/orgs'))).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const last = await auth(request(limited).get('/api/v1/orgs'));
    expect(last.body.error.code).toBe('RATE_LIMITED');
    expect(last.headers['retry-after']).toBeDefined();
  });

  it.each([
    [
      'a loopback address in production',
      {
        NODE_ENV: 'production',
        LEADLOOP_SECRET_KEY: 'a'.repeat(64),
        LEADLOOP_PUBLIC_URL: 'https://leadloop.example.com',
      },
      'https://127.0.0.1:8443',
      /is not a public internet address/,
    ],
    ['plain http to a private address', {}, 'http://10.0.0.5', /http:\/\/ would send the credentials in clear text/],
    [
      'a decimal loopback address over https in production',
      {
        NODE_ENV: 'production',
        LEADLOOP_SECRET_KEY: 'a'.repeat(64),
        LEADLOOP_PUBLIC_URL: 'https://leadloop.example.com',
      },
      'https://2130706433',
      /is not a public internet address/,
    ],
  ])('refuses to connect Sugar at %s before sending the password (item 3)', async (_what, env, url, reason) => {
    const strict = build(env);
    const res = await auth(request(strict).post('/api/v1/orgs/sugarcrm')).send({
      name: 'evil',
      url,
      username: 'u',
      password: 'hunter2-very-secret',
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('CRM_URL_REFUSED');
    expect(res.body.error.message).toMatch(reason);
    expect(await createOrgRepository(db, createSecretBox(crypto.randomBytes(32))).findByName('evil')).toBeNull();
  });

  it('refuses time zones and cron expressions the scheduler would not accept (item 7)', async () => {
    for (const body of [
      { timezone: 'Mars/Olympus' },
      { schedule: 'every night' },
      { incrementalSchedule: '61 * * * *' },
    ]) {
      const res = await auth(request(app).post('/api/v1/orgs/acme/schedule')).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].path).toBe(Object.keys(body)[0]);
    }
    const connect = await auth(request(app).post('/api/v1/orgs/sugarcrm')).send({
      name: 'x',
      url: 'http://127.0.0.1:1',
      username: 'u',
      password: 'p',
      timezone: 'Mars/Olympus',
    });
    expect(connect.status).toBe(400);
  });

  it('connects a SugarCRM instance through POST /orgs/sugarcrm (the API connect of the connector registry), and refuses a second name for it', async () => {
    const sugar = await startSugarSandbox({ leads: 5 });
    try {
      const c = sugar.credentials;
      const body = { url: sugar.url, username: c.username, password: c.password, timezone: 'Europe/Madrid' };
      const res = await auth(request(app).post('/api/v1/orgs/sugarcrm')).send({ name: 'sugar-api', ...body });
      expect(res.status).toBe(201);
      expect(res.body.org).toMatchObject({ name: 'sugar-api', crm: 'sugarcrm', timezone: 'Europe/Madrid' });
      expect(JSON.stringify(res.body)).not.toContain(c.password);
      const again = await auth(request(app).post('/api/v1/orgs/sugarcrm')).send({ name: 'sugar-other', ...body });
      expect(again.status).toBeGreaterThanOrEqual(400);
      expect(again.body.error).toMatchObject({
        code: 'ORG_ALREADY_CONNECTED',
        message: expect.stringContaining('is already connected as "sugar-api"'),
      });
      // a field of another CRM's sign-in is refused by name
      const stray = await auth(request(app).post('/api/v1/orgs/sugarcrm')).send({
        name: 'x',
        ...body,
        loginUrl: 'https://login.salesforce.com',
      });
      expect(stray.status).toBe(400);
    } finally {
      await sugar.close();
    }
  });

  it('answers a YAML alias bomb with 422, not 500 (item 9)', async () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
    ].join('\n');
    for (const path of ['/api/v1/definitions', '/api/v1/definitions/validate']) {
      const res = await auth(request(app).post(path)).send({ name: 'bomb', yaml: bomb });
      expect(res.status).toBe(422);
      expect(JSON.stringify(res.body)).toMatch(/alias/i);
    }
  });
});
