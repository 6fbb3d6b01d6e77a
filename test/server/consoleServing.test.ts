import crypto from 'node:crypto';
import path from 'node:path';
import os from 'node:os';
import request from 'supertest';
import { createSilentLogger } from '../../src/log/createLogger';
import { createSecretBox } from '../../src/security/secretBox';
import { createAdminStore } from '../../src/server/adminStore';
import { createApp, type App } from '../../src/server/createApp';
import { loadSettings } from '../../src/settings/loadSettings';
import type { Database } from '../../src/store/database';
import { openDatabase } from '../../src/store/openDatabase';
import { fakeConsoleBuild } from '../helpers/fakeConsoleBuild';

const PASSWORD = 'correct horse battery staple';

/** How the express app serves the console's build: its paths, a 404 for others, and no crash without a build. */
describe('serving the console', () => {
  let db: Database;
  const build = (consoleDir: string): App =>
    createApp({
      db,
      logger: createSilentLogger(),
      consoleDir,
      runtime: {
        db,
        box: createSecretBox(crypto.randomBytes(32)),
        settings: loadSettings({ LEADLOOP_DATA_DIR: '/tmp/leadloop-console-serving', NODE_ENV: 'test' }),
        logger: createSilentLogger(),
      },
    });
  const signIn = async (app: App) => {
    const agent = request.agent(app);
    expect(
      (await agent.post('/login').type('form').send({ email: 'admin@example.com', password: PASSWORD })).status,
    ).toBe(303);
    return agent;
  };

  beforeAll(async () => {
    db = await openDatabase({ dataDir: 'memory' });
    await createAdminStore(db).createUser('admin@example.com', PASSWORD);
  });
  afterAll(async () => db.close());

  it('answers the console for its paths and a 404 with the console for any other page', async () => {
    const agent = await signIn(build(fakeConsoleBuild()));
    for (const p of [
      '/',
      '/orgs',
      '/orgs/acme',
      '/runs',
      '/runs/12',
      '/definitions',
      '/routing',
      '/reports',
      '/settings',
    ]) {
      const res = await agent.get(p);
      expect([p, res.status]).toEqual([p, 200]);
      expect(res.text).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
    const missing = await agent.get('/no/such/page');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('<div id="root">');
    // the API keeps its JSON 404, and the connect pages stay server pages
    const api = await agent.get('/api/nope');
    expect(api.status).toBe(404);
    expect(api.body.error.code).toBe('NOT_FOUND');
    expect((await agent.get('/api/v1/nope')).body.error.code).toBe('NOT_FOUND');
    expect((await agent.get('/connect')).text).toContain('Connect a CRM');
  });

  it('sends a visitor who is not signed in to the sign-in page', async () => {
    const res = await request(build(fakeConsoleBuild())).get('/orgs');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login');
  });

  it('says how to build the console when there is no build, and the API still works', async () => {
    const app = build(path.join(os.tmpdir(), 'leadloop-no-console-build-here'));
    const agent = await signIn(app);
    const res = await agent.get('/orgs');
    expect(res.status).toBe(503);
    expect(res.text).toContain('The console is not built');
    expect(res.text).toContain('npm run build');
    expect((await agent.get('/api/v1/orgs')).status).toBe(200);
    expect((await agent.get('/healthz')).status).toBe(200);
  });
});
