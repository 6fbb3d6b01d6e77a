import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../src/sandbox/salesforce/startSalesforceSandbox';
import { runCli } from '../helpers/runCli';

/** `leadloop connect salesforce` against the sandbox, in-process, with its own data dir. */
describe('leadloop connect salesforce', () => {
  let sandbox: SalesforceSandbox;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ leads: 50, seed: 3 });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-sf-connect-'));
    env = { LEADLOOP_DATA_DIR: dataDir, LEADLOOP_ENRICH_NETWORK: 'off' };
  });
  afterAll(async () => {
    await sandbox.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('connects with the username-password flow and stores the org, never printing secrets', async () => {
    const c = sandbox.credentials;
    const run = await runCli(
      [
        'connect',
        'salesforce',
        '--name',
        'acme',
        '--login-url',
        sandbox.url,
        '--client-id',
        c.clientId,
        '--client-secret',
        c.clientSecret,
        '--username',
        c.username,
        '--password',
        c.password,
        '--timezone',
        'Europe/Madrid',
        '--json',
      ],
      env,
    );
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({
      name: 'acme',
      crm: 'salesforce',
      instanceUrl: sandbox.url,
      externalOrgId: sandbox.store.orgId,
      userId: sandbox.apiUserId,
      state: 'connected',
    });
    for (const secret of [c.password, c.clientSecret]) expect(run.stdout + run.stderr).not.toContain(secret);
    const orgs = await runCli(['orgs', '--json'], env);
    expect(orgs.json<{ orgs: { name: string; crm: string; timezone: string }[] }>().orgs).toEqual([
      expect.objectContaining({ name: 'acme', crm: 'salesforce', timezone: 'Europe/Madrid' }),
    ]);
  });

  it('connects with the JWT bearer flow from a key file', async () => {
    const keyFile = path.join(dataDir, 'server.key');
    fs.writeFileSync(keyFile, sandbox.credentials.privateKeyPem, { mode: 0o600 });
    // the same Salesforce org: reconnected under its name (a second name would be refused, see test/e2e/orgConfig.test.ts)
    const run = await runCli(
      [
        'connect',
        'salesforce',
        '--name',
        'acme',
        '--login-url',
        sandbox.url,
        '--client-id',
        sandbox.credentials.clientId,
        '--username',
        sandbox.credentials.username,
        '--jwt-key-file',
        keyFile,
        '--json',
      ],
      env,
    );
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.json()).toMatchObject({ name: 'acme', crm: 'salesforce', userId: sandbox.apiUserId });
    expect(run.stdout + run.stderr).not.toContain('PRIVATE KEY');
  });

  it.each([
    [
      ['--password', 'wrong-Pa55word', '--client-secret', 'leadloop-sandbox-consumer-secret'],
      /the password grant was refused \(invalid_grant\)\. Check the username and password \(followed by the security token/,
    ],
    [
      ['--client-secret', 'leadloop-sandbox-consumer-secret'],
      /the username-password flow needs --username, --password and --client-secret/,
    ],
    [['--password', 'wrong-Pa55word'], /the username-password flow needs --username, --password and --client-secret/],
    [['--jwt-key-file', '/nonexistent/key.pem'], /--jwt-key-file \/nonexistent\/key\.pem: ENOENT/],
  ])('refuses %j with a clear message', async (extra, expected) => {
    const run = await runCli(
      [
        'connect',
        'salesforce',
        '--name',
        'bad',
        '--login-url',
        sandbox.url,
        '--client-id',
        sandbox.credentials.clientId,
        '--username',
        sandbox.credentials.username,
        ...extra,
      ],
      env,
    );
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(expected);
    expect(run.stderr + run.stdout).not.toContain('wrong-Pa55word');
  });
});
