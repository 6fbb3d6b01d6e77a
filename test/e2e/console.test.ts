import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { createSilentLogger } from '../../src/log/createLogger';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../src/sandbox/salesforce/startSalesforceSandbox';
import { startSugarSandbox, type SugarSandbox } from '../../src/sandbox/sugarcrm/startSugarSandbox';
import path from 'node:path';
import { createSecretBox } from '../../src/security/secretBox';
import { createAdminStore } from '../../src/server/adminStore';
import { createApp, type App } from '../../src/server/createApp';
import { loadSettings } from '../../src/settings/loadSettings';
import type { Database } from '../../src/store/database';
import { openDatabase } from '../../src/store/openDatabase';

const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'a long console password';

/** The console in a real browser (Debian chromium driven by playwright-core): sign in, connect SugarCRM, sync now, read the dashboard. */
describe('admin console in headless Chromium', () => {
  let sandbox: SugarSandbox;
  let salesforce: SalesforceSandbox;
  const shots = path.join(__dirname, '../../test-output');
  let db: Database;
  let app: App;
  let server: Server;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (.ci/run does)`);
    sandbox = await startSugarSandbox({ leads: 300, seed: 9, installLeadloopPackage: true });
    salesforce = await startSalesforceSandbox({ leads: 200, seed: 19 });
    fs.mkdirSync(shots, { recursive: true });
    db = await openDatabase({ dataDir: 'memory' });
    const settings = loadSettings({
      LEADLOOP_DATA_DIR: '/tmp/leadloop-console-e2e',
      NODE_ENV: 'test',
      LEADLOOP_ENRICH_NETWORK: 'off',
    });
    app = createApp({
      db,
      logger: createSilentLogger(),
      runtime: { db, box: createSecretBox(crypto.randomBytes(32)), settings, logger: createSilentLogger() },
    });
    await createAdminStore(db).createUser('ops@example.com', PASSWORD);
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.runner?.idle();
    await new Promise((resolve) => server?.close(resolve));
    await db?.close();
    await sandbox?.close();
    await salesforce?.close();
  });

  it('signs in, connects SugarCRM, syncs now and shows the numbers', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    expect(page.url()).toBe(`${base}/login`);
    await page.fill('input[name=email]', 'ops@example.com');
    await page.fill('input[name=password]', 'wrong password');
    await page.click('button');
    expect(await page.textContent('.error')).toContain('Wrong e-mail or password');
    await page.fill('input[name=email]', 'ops@example.com');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button');
    expect(await page.textContent('main')).toContain('No CRM connected yet');

    await page.click('text=Connect a CRM');
    const sugar = page.locator('form[action="/connect/sugarcrm"]');
    await sugar.locator('input[name=name]').fill('acme-sugar');
    await sugar.locator('input[name=url]').fill(sandbox.url);
    await sugar.locator('input[name=username]').fill(sandbox.credentials.username);
    await sugar.locator('input[name=password]').fill(sandbox.credentials.password);
    await sugar.locator('input[name=platform]').fill(sandbox.credentials.platform);
    await sugar.locator('button').click();
    await page.waitForURL(`${base}/orgs/acme-sugar`);
    expect(await page.textContent('h1')).toContain('acme-sugar');

    await page.selectOption('select[name=mode]', 'full');
    await page.click('text=Sync now');
    await page.waitForURL(`${base}/orgs/acme-sugar`);
    // the runs table refreshes itself from the API until the run completes
    await page.locator('#runs .status.completed').first().waitFor({ timeout: 60_000 });
    const row = await page.locator('#runs tr').nth(1).textContent();
    expect(row).toMatch(/full\s*completed/);

    await page.goto(`${base}/`);
    const kpi = await page.locator('.kpi').first().textContent();
    expect(kpi).toBe('300leads scored');
    expect(await page.locator('svg rect').count()).toBeGreaterThan(5);
    await page.screenshot({ path: path.join(shots, 'console-dashboard.png'), fullPage: true });

    // Salesforce through the OAuth web-server redirect with PKCE (the sandbox's login server approves at once)
    await page.goto(`${base}/connect`);
    const sf = page.locator('form[action="/connect/salesforce"]');
    await sf.locator('input[name=name]').fill('acme-sf');
    await sf.locator('input[name=loginUrl]').fill(salesforce.url);
    await sf.locator('input[name=clientId]').fill(salesforce.credentials.clientId);
    await sf.locator('input[name=clientSecret]').fill(salesforce.credentials.clientSecret);
    await sf.locator('button').click();
    await page.waitForURL(`${base}/orgs/acme-sf`);
    expect(await page.textContent('main')).toContain(salesforce.url);
    expect(salesforce.calls.byKind['oauth.authorization_code']).toBe(1);
    expect(await page.textContent('main')).toContain('LeadLoop_Score__c');
    await page.click('text=Check setup in the CRM');
    expect(await page.textContent('main')).toContain('Missing or invisible leadloop fields');
    await page.screenshot({ path: path.join(shots, 'console-salesforce-org.png'), fullPage: true });
    await page.close();
  }, 90_000);
});
