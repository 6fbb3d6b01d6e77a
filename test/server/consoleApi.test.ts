import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { definitionsDir } from '../../src/definition/loadDefinition';
import request from 'supertest';
import { createSilentLogger } from '../../src/log/createLogger';
import { createSecretBox } from '../../src/security/secretBox';
import { createAdminStore } from '../../src/server/adminStore';
import { createApp, type App } from '../../src/server/createApp';
import { loadSettings } from '../../src/settings/loadSettings';
import type { Database } from '../../src/store/database';
import { createOrgRepository } from '../../src/store/orgRepository';
import { testDatabaseTargets } from '../helpers/testDatabases';
import { insertLeads } from '../unit/feedback/feedbackFixtures';
import { fakeConsoleBuild } from '../helpers/fakeConsoleBuild';

const PASSWORD = 'correct horse battery staple';

describe.each(testDatabaseTargets())('admin API and console on $name', (target) => {
  let db: Database;
  let app: App;
  let token: string;
  let orgId: number;

  beforeAll(async () => {
    db = await target.open();
    const settings = loadSettings({ LEADLOOP_DATA_DIR: '/tmp/leadloop-console-test', NODE_ENV: 'test' });
    app = createApp({
      db,
      logger: createSilentLogger(),
      consoleDir: fakeConsoleBuild(),
      runtime: { db, box: createSecretBox(crypto.randomBytes(32)), settings, logger: createSilentLogger() },
    });
    const admins = createAdminStore(db);
    await admins.createUser('Admin@Example.com', PASSWORD);
    token = await admins.createApiToken('ci', 'test');
    const org = await createOrgRepository(db, createSecretBox(crypto.randomBytes(32))).upsert({
      name: 'acme',
      crm: 'salesforce',
      credentials: {},
    });
    orgId = org.id;
    await insertLeads(db, orgId, [
      {
        id: '00Q000000000001AAA',
        status: 'mql',
        score: 80,
        grade: 'A',
        source: 'web',
        firstSeenAt: '2026-01-01T00:00:00Z',
      },
    ]);
  });
  afterAll(async () => {
    await db.close();
  });

  async function signIn() {
    const agent = request.agent(app);
    const login = await agent.post('/login').type('form').send({ email: 'admin@example.com', password: PASSWORD });
    expect(login.status).toBe(303);
    expect(login.headers['set-cookie']![0]).toMatch(/^leadloop_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
    const page = await agent.get('/connect');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    return { agent, csrf };
  }

  it('lets nobody in without auth except health', async () => {
    expect((await request(app).get('/healthz')).status).toBe(200);
    expect((await request(app).get('/readyz')).body).toMatchObject({ status: 'ready' });
    for (const path of ['/api/v1/orgs', '/api/v1/openapi.json', '/metrics'])
      expect((await request(app).get(path)).status).toBe(401);
    expect((await request(app).get('/api/v1/orgs')).body).toEqual({
      error: { code: 'UNAUTHENTICATED', message: expect.any(String) },
    });
    const page = await request(app).get('/');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/login');
    expect((await request(app).get('/api/v1/orgs').set('Authorization', 'Bearer llt_wrong')).status).toBe(401);
  });

  it('serves the API to a machine token, with helmet headers and one error body', async () => {
    const res = await request(app).get('/api/v1/orgs').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.orgs).toEqual([expect.objectContaining({ name: 'acme', crm: 'salesforce' })]);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    const missing = await request(app).get('/api/v1/orgs/nope').set('Authorization', `Bearer ${token}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: 'ORG_NOT_FOUND', message: 'no org named "nope"' } });
    const invalid = await request(app)
      .post('/api/v1/orgs/acme/sync')
      .set('Authorization', `Bearer ${token}`)
      .send({ mode: 'sometimes' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatchObject({
      code: 'INVALID_REQUEST',
      details: [expect.objectContaining({ path: 'mode' })],
    });
  });

  it('records outcomes posted from outside the CRM, one result per item', async () => {
    const res = await request(app)
      .post('/api/v1/orgs/acme/outcomes')
      .set('Authorization', `Bearer ${token}`)
      .send({
        outcomes: [
          {
            lead_id: '00Q000000000001AAA',
            kind: 'won',
            occurred_at: '2026-02-01T10:00:00Z',
            amount: 5000,
            source_id: 'invoice-1',
          },
          { lead_id: 'unknown', kind: 'won', occurred_at: '2026-02-01T10:00:00Z' },
        ],
      });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 1, errors: [expect.objectContaining({ line: 2, field: 'lead_id' })] });
    const report = await request(app).get('/api/v1/orgs/acme/report').set('Authorization', `Bearer ${token}`);
    expect(report.body.funnel.won).toBe(1);
    // the same through POST /api/v1/outcomes with the org in the body; a repeat is a duplicate, not a second outcome
    const again = await request(app)
      .post('/api/v1/outcomes')
      .set('Authorization', `Bearer ${token}`)
      .send({
        org: 'acme',
        outcomes: [
          {
            lead_id: '00Q000000000001AAA',
            kind: 'won',
            occurred_at: '2026-02-01T10:00:00Z',
            amount: 5000,
            source_id: 'invoice-1',
          },
        ],
      });
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1, errors: [] });
    expect(
      (
        await request(app)
          .post('/api/v1/outcomes')
          .set('Authorization', `Bearer ${token}`)
          .send({ org: 'nope', outcomes: [{ lead_id: 'x', kind: 'won', occurred_at: '2026-02-01T10:00:00Z' }] })
      ).status,
    ).toBe(404);
    const { rows } = await db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE action = 'outcomes.import'`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(1);
  });

  it('backtests a candidate definition for an org without writing anything, and names a bad one', async () => {
    const yaml = fs
      .readFileSync(path.join(definitionsDir(), 'default.yaml'), 'utf8')
      .replace(/points: 25\b/, 'points: 2');
    const res = await request(app)
      .post('/api/v1/orgs/acme/backtest')
      .set('Authorization', `Bearer ${token}`)
      .send({ yaml });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      leads: expect.any(Number),
      crmWrites: expect.any(Number),
      newMqls: expect.any(Number),
      grades: expect.any(Object),
      statuses: expect.any(Object),
      movers: expect.any(Array),
    });
    const both = await request(app)
      .post('/api/v1/orgs/acme/backtest')
      .set('Authorization', `Bearer ${token}`)
      .send({ yaml, definition: 'default@1' });
    expect(both.status).toBe(400);
    const bad = await request(app)
      .post('/api/v1/orgs/acme/backtest')
      .set('Authorization', `Bearer ${token}`)
      .send({ yaml: 'name: x\n' });
    expect(bad.status).toBe(422);
    expect(bad.body.problems.length).toBeGreaterThan(0);
  });

  it('describes every route in the OpenAPI document', async () => {
    const doc = (await request(app).get('/api/v1/openapi.json').set('Authorization', `Bearer ${token}`)).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/orgs',
        '/orgs/{name}/sync',
        '/orgs/{name}/outcomes',
        '/orgs/{name}/backtest',
        '/runs/{id}',
        '/definitions/validate',
      ]),
    );
    expect(
      doc.paths['/orgs/{name}/outcomes'].post.requestBody.content['application/json'].schema.properties.outcomes.type,
    ).toBe('array');
  });

  it('exposes Prometheus metrics per org', async () => {
    await db.query(
      `INSERT INTO sync_runs (org_id, mode, status, finished_at, counts, api_calls) VALUES ($1, 'full', 'completed', now(), '{"pulled": 10, "written": 7, "failed": 1}', 12)`,
      [orgId],
    );
    const res = await request(app).get('/metrics').set('Authorization', `Bearer ${token}`);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0.0.4/);
    expect(res.text).toContain('leadloop_sync_runs_total{org="acme",status="completed"} 1');
    expect(res.text).toContain('leadloop_records_written_total{org="acme"} 7');
    expect(res.text).toContain('leadloop_api_calls_total{org="acme"} 12');
    expect(res.text).toMatch(/# TYPE leadloop_records_failed_total counter/);
  });

  it('signs an admin in, serves the console, refuses changes without the CSRF token, and signs out', async () => {
    const { agent, csrf } = await signIn();
    const dashboard = await agent.get('/');
    expect(dashboard.status).toBe(200);
    expect(dashboard.text).toContain('<div id="root">');
    const session = await agent.get('/api/v1/session');
    expect(session.body).toEqual({ kind: 'admin', name: 'admin@example.com', scope: 'full', csrfToken: csrf });
    expect((await agent.post('/api/v1/orgs/acme/schedule').send({ schedule: '0 3 * * *' })).status).toBe(403);
    const changed = await agent
      .post('/api/v1/orgs/acme/schedule')
      .set('X-CSRF-Token', csrf)
      .send({ schedule: '30 1 * * *', timezone: 'Europe/Madrid' });
    expect(changed.body.org).toMatchObject({ schedule: '30 1 * * *', timezone: 'Europe/Madrid' });
    expect((await agent.post('/logout').type('form').send({})).status).toBe(403);
    await agent.post('/logout').type('form').send({ _csrf: csrf });
    expect((await agent.get('/')).status).toBe(303);
    expect((await agent.get('/api/v1/session')).status).toBe(401);
  });

  it('lists orgs with their health, last run and lead count', async () => {
    const res = await request(app).get('/api/v1/orgs').set('Authorization', `Bearer ${token}`);
    const acme = (res.body.orgs as { name: string }[]).find((o) => o.name === 'acme');
    expect(acme).toMatchObject({
      leadCount: 1,
      health: { status: 'connected', message: null, nextStep: expect.any(String) },
      lastRun: expect.objectContaining({ status: 'completed', stopCode: null, fix: null }),
    });
    const one = await request(app).get('/api/v1/orgs/acme').set('Authorization', `Bearer ${token}`);
    expect(one.body.org).toMatchObject({ leadCount: 1, health: { status: 'connected' } });
    const runs = await request(app).get('/api/v1/runs').set('Authorization', `Bearer ${token}`);
    expect(runs.body.runs[0]).toMatchObject({ org: 'acme', status: 'completed' });
    const run = await request(app).get(`/api/v1/runs/${runs.body.runs[0].id}`).set('Authorization', `Bearer ${token}`);
    expect(run.body.run).toMatchObject({ org: 'acme', counts: expect.objectContaining({ written: 7 }) });
    expect(one.body.org.nextRuns).toHaveLength(5);
    expect(one.body.org.nextRuns[0]).toEqual({
      at: expect.stringMatching(/T\d\d:\d\d:00\.000Z$/),
      schedule: 'nightly',
    });
    const preview = await request(app)
      .get('/api/v1/schedule/preview')
      .query({ schedule: '30 1 * * 1', timezone: 'America/New_York' })
      .set('Authorization', `Bearer ${token}`);
    expect(preview.body.nextRuns).toHaveLength(5);
    for (const at of preview.body.nextRuns as string[]) {
      expect(new Date(at).getUTCDay()).toBe(1);
      expect(at).toMatch(/T0[56]:30:00\.000Z$/); // 01:30 in New York: UTC-5, or UTC-4 in summer
    }
    const bad = await request(app)
      .get('/api/v1/schedule/preview')
      .query({ schedule: 'every night', timezone: 'Mars/Olympus' })
      .set('Authorization', `Bearer ${token}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['schedule', 'timezone']);
    const mapping = await request(app).get('/api/v1/orgs/acme/mapping').set('Authorization', `Bearer ${token}`);
    expect(mapping.body.fields).toEqual(
      expect.arrayContaining([{ leadloop: 'score', crmField: 'LeadLoop_Score__c', direction: 'written' }]),
    );
  });

  it('rate-limits sign-in attempts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push(
        (
          await request(app)
            .post('/login')
            .type('form')
            .send({ email: 'admin@example.com', password: 'wrong password!' })
        ).status,
      );
    expect(statuses).toContain(429);
  });
});
