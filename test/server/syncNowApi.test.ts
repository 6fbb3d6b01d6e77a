import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { connectSalesforce } from '../../connectors/salesforce/connectSalesforce';
import { connectSugar } from '../../connectors/sugarcrm/connectSugar';
import { startSugarSandbox, type SugarSandbox } from '../../src/sandbox/sugarcrm/startSugarSandbox';
import { saveConnectedOrg } from '../../src/app/saveConnectedOrg';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../src/sandbox/salesforce/startSalesforceSandbox';
import { createSilentLogger } from '../../src/log/createLogger';
import { createSecretBox } from '../../src/security/secretBox';
import { createAdminStore } from '../../src/server/adminStore';
import { createApp, type App } from '../../src/server/createApp';
import { loadSettings } from '../../src/settings/loadSettings';
import type { Database } from '../../src/store/database';
import { openDatabase } from '../../src/store/openDatabase';
import { createRunStore } from '../../src/sync/stores/runStore';
import { fakeConsoleBuild } from '../helpers/fakeConsoleBuild';

/** "Sync now" over the API: the run is recorded at once, and one that cannot start ends failed with why and the fix. */
describe('sync now', () => {
  let sandbox: SalesforceSandbox;
  let sugar: SugarSandbox;
  let db: Database;
  let app: App;
  let token: string;
  let dataDir: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ leads: 20, seed: 5 });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-sync-now-'));
    db = await openDatabase({ dataDir: 'memory' });
    const box = createSecretBox(crypto.randomBytes(32));
    const settings = loadSettings({ LEADLOOP_DATA_DIR: dataDir, NODE_ENV: 'test', LEADLOOP_ENRICH_NETWORK: 'off' });
    app = createApp({
      db,
      logger: createSilentLogger(),
      consoleDir: fakeConsoleBuild(),
      runtime: { db, box, settings, logger: createSilentLogger() },
    });
    token = await createAdminStore(db).createApiToken('ci', 'test');
    const c = sandbox.credentials;
    // connected, but `leadloop setup` never ran: leadloop's fields do not exist in the org
    const connected = await connectSalesforce({
      flow: 'password',
      loginUrl: sandbox.url,
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      username: c.username,
      password: c.password,
    });
    await saveConnectedOrg(db, box, { name: 'bare', crm: 'salesforce', connected, actor: 'test' });
    // a Sugar instance without the leadloop package installed
    sugar = await startSugarSandbox({ leads: 10, seed: 3, installLeadloopPackage: false });
    const sugarConnected = await connectSugar({
      url: sugar.url,
      username: sugar.credentials.username,
      password: sugar.credentials.password,
      platform: sugar.credentials.platform,
    });
    await saveConnectedOrg(db, box, { name: 'bare-sugar', crm: 'sugarcrm', connected: sugarConnected, actor: 'test' });
  }, 60_000);
  afterAll(async () => {
    await app?.runner?.idle();
    await db?.close();
    await sandbox?.close();
    await sugar?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers the queued run, which ends failed with its reason and the fix when setup is incomplete', async () => {
    const started = Date.now();
    const res = await request(app).post('/api/v1/orgs/bare/sync').set(auth()).send({ mode: 'full' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ accepted: true, org: 'bare', mode: 'full', run: { status: 'queued' } });
    const id = res.body.run.id as number;
    let run;
    do {
      run = (await request(app).get(`/api/v1/runs/${id}`).set(auth())).body.run;
    } while (run.status === 'queued' && Date.now() - started < 10_000);
    await app.runner!.idle();
    const failedMs = Date.now() - started;
    run = (await request(app).get(`/api/v1/runs/${id}`).set(auth())).body.run;
    expect(run).toMatchObject({ id, org: 'bare', status: 'failed', stopCode: 'SETUP_INCOMPLETE' });
    expect(run.stopReason).toMatch(/^The mapping for bare does not match the org\.\n {2}- /);
    expect(run.stopReason).toContain('LeadLoop_Score__c');
    // "… within a second" (issue 23) is measured, not asserted: no timing in tests
    console.log(`Sync now on a broken org: failed with its reason ${failedMs} ms after the request`);
    expect(run.fix).toMatch(/^Run `leadloop setup bare` to create leadloop's fields \(.*LeadLoop_Score__c/);
    const org = (await request(app).get('/api/v1/orgs/bare').set(auth())).body.org;
    expect(org.health).toEqual({ status: 'setup_needed', message: run.stopReason, nextStep: run.fix });
    expect(org.lastRun.id).toBe(id);
    // the runs list has it too; nothing else was recorded
    const runs = (await request(app).get('/api/v1/orgs/bare/runs').set(auth())).body.runs;
    expect(runs.map((r: { id: number }) => r.id)).toEqual([id]);
  });

  it("tells a Sugar admin to install leadloop's package, which is what creates Sugar fields", async () => {
    const res = await request(app).post('/api/v1/orgs/bare-sugar/sync').set(auth()).send({});
    expect(res.status).toBe(202);
    await app.runner!.idle();
    const run = (await request(app).get(`/api/v1/runs/${res.body.run.id}`).set(auth())).body.run;
    expect(run).toMatchObject({ status: 'failed', stopCode: 'SETUP_INCOMPLETE', mode: 'incremental' });
    expect(run.fix).toMatch(
      /^Install the leadloop package in Sugar to add its fields \(.*\): build it with `npm run sugar:package`, then in Sugar as an administrator Admin → Module Loader → Upload → Install/,
    );
    expect(run.fix).not.toMatch(/create leadloop's fields/);
  });

  it('fails a run left queued by a process that stopped, so nobody waits for it', async () => {
    const org = (await db.query<{ id: string }>(`SELECT id FROM orgs WHERE name = 'bare'`)).rows[0]!;
    const runs = createRunStore(db);
    const stale = await runs.queue(Number(org.id), 'full', 'web');
    const fresh = await runs.queue(Number(org.id), 'full', 'web');
    await db.query(`UPDATE sync_runs SET started_at = now() - interval '16 minutes' WHERE id = $1`, [stale]);
    await runs.markAbandoned(Number(org.id));
    expect(await runs.get(stale)).toMatchObject({ status: 'failed', stopCode: 'NEVER_STARTED', fix: 'Sync again.' });
    expect((await runs.get(fresh))!.status).toBe('queued');
    await db.query('DELETE FROM sync_runs WHERE id = ANY($1)', [[stale, fresh]]);
  });

  it('checks the setup on request and names the missing fields', async () => {
    const res = await request(app).get('/api/v1/orgs/bare/setup-check').set(auth());
    expect(res.status).toBe(200);
    expect(res.body.ready).toBe(false);
    expect(res.body.missingFields).toContain('LeadLoop_Score__c');
    expect(res.body.fieldCount).toBeGreaterThan(10);
  });
});
