import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createSilentLogger } from '../../src/log/createLogger';
import { createSecretBox } from '../../src/security/secretBox';
import { createAdminStore } from '../../src/server/adminStore';
import { createApp, type App } from '../../src/server/createApp';
import { loadSettings } from '../../src/settings/loadSettings';
import { openDatabase } from '../../src/store/openDatabase';
import type { Database } from '../../src/store/database';
import { createOrgRepository } from '../../src/store/orgRepository';

const PASSWORD = 'correct horse battery staple';

jest.setTimeout(120_000);

/** Per-org configuration over the admin API (the console uses it): the same checks as `leadloop orgs set`. */
describe('org configuration in the admin API and the console', () => {
  let db: Database;
  let app: App;
  let token: string;
  let dataDir: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-orgcfg-api-'));
    db = await openDatabase({ dataDir: 'memory' });
    const settings = loadSettings({ LEADLOOP_DATA_DIR: dataDir, NODE_ENV: 'test' });
    const box = createSecretBox(crypto.randomBytes(32));
    app = createApp({ db, logger: createSilentLogger(), runtime: { db, box, settings, logger: createSilentLogger() } });
    const admins = createAdminStore(db);
    await admins.createUser('admin@example.com', PASSWORD);
    token = await admins.createApiToken('ci', 'test');
    await createOrgRepository(db, box).upsert({ name: 'acme', crm: 'salesforce', credentials: {} });
  });
  afterAll(async () => {
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('describes the operation in the OpenAPI document with its body schema', async () => {
    const doc = (await request(app).get('/api/v1/openapi.json').set(auth())).body;
    const op = doc.paths['/orgs/{name}/config'];
    expect(Object.keys(op)).toEqual(['get', 'post']);
    expect(Object.keys(op.post.requestBody.content['application/json'].schema.properties)).toEqual([
      'definition',
      'mapping',
      'routing',
      'bulkThreshold',
    ]);
  });

  it('shows what applies and attaches a shipped definition', async () => {
    const before = await request(app).get('/api/v1/orgs/acme/config').set(auth());
    expect(before.body).toMatchObject({
      org: 'acme',
      mapping: { shipped: true },
      definition: { name: 'default', version: null },
      routing: { file: null },
    });
    const set = await request(app)
      .post('/api/v1/orgs/acme/config')
      .set(auth())
      .send({ definition: 'consultoria-es', bulkThreshold: 3000 });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      definition: { name: 'consultoria-es', version: 1, source: 'stored' },
      settings: { bulkThreshold: { value: 3000, source: 'org' } },
      warnings: [],
    });
  });

  it.each([
    ['an unknown definition', { definition: 'nope' }, 422, /Definition "nope" is neither stored/],
    [
      'a mapping that is not valid YAML',
      { mapping: 'crm: [salesforce' },
      422,
      /mapping-[0-9a-f]{12}\.yaml:1:\d+ Flow sequence/,
    ],
    ['a routing file without rules', { routing: 'teams: {}\nrules: []\n' }, 422, /rules/],
    ['a threshold of zero', { bulkThreshold: 0 }, 400, /bulkThreshold/],
    ['an unknown key', { mappingFile: '/etc/passwd' }, 400, /mappingFile/],
  ])('refuses %s, saves nothing and leaves no file behind', async (_what, body, status, message) => {
    const res = await request(app).post('/api/v1/orgs/acme/config').set(auth()).send(body);
    expect(res.status).toBe(status);
    expect(`${res.body.error.message}\n${JSON.stringify(res.body.error.details ?? '')}`).toMatch(message);
    const orgDir = path.join(dataDir, 'orgs');
    const files = fs.existsSync(orgDir)
      ? fs.readdirSync(orgDir, { recursive: true }).filter((f) => String(f).endsWith('.yaml'))
      : [];
    expect(files).toEqual([]);
    expect((await request(app).get('/api/v1/orgs/acme/config').set(auth())).body).toMatchObject({
      mapping: { shipped: true },
      definition: { name: 'consultoria-es' },
      routing: { file: null },
    });
  });
});
