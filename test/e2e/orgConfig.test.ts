import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../src/sandbox/salesforce/startSalesforceSandbox';
import { startSugarSandbox, type SugarSandbox } from '../../src/sandbox/sugarcrm/startSugarSandbox';
import { openDatabase } from '../../src/store/openDatabase';
import { runCli } from '../helpers/runCli';

interface Config {
  mapping: { file: string; shipped: boolean };
  definition: { name: string; version: number | null; source: string };
  routing: { file: string | null; source: string };
  settings: { bulkThreshold: { value: number; source: string } };
  warnings?: string[];
}

const shippedMapping = path.join(__dirname, '../../mappings/salesforce.yaml');

/** Per-org configuration through the CLI: attached only after it is checked against the org itself. */
describe('leadloop orgs set / show against the Salesforce sandbox', () => {
  let sandbox: SalesforceSandbox;
  let env: NodeJS.ProcessEnv;
  let dataDir: string;
  let connectArgs: string[];

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ leads: 200, seed: 31 });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-e2e-orgcfg-'));
    env = { LEADLOOP_DATA_DIR: dataDir, LEADLOOP_ENRICH_NETWORK: 'off' };
    const c = sandbox.credentials;
    connectArgs = [
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
    ];
    expect((await runCli(['connect', 'salesforce', '--name', 'acme', ...connectArgs], env)).code).toBe(0);
  });
  afterAll(async () => {
    await sandbox.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows what applies to a freshly connected org: the shipped mapping and definition, no routing', async () => {
    const shown = await runCli(['orgs', 'show', 'acme', '--json'], env);
    expect(shown.code).toBe(0);
    expect(shown.json<Config>()).toMatchObject({
      mapping: { shipped: true },
      definition: { name: 'default', version: null, source: 'shipped file' },
      routing: { file: null, source: 'none' },
      settings: { bulkThreshold: { value: 2000, source: 'LEADLOOP_SYNC_BULK_THRESHOLD' } },
    });
    const human = await runCli(['orgs', 'show', 'acme'], env);
    expect(human.stdout).toMatch(/mapping\s+\S+salesforce\.yaml \(shipped default\)/);
    expect(human.stdout).toContain('not configured: MQLs stay with their CRM owner');
    expect(human.stdout).toContain('leadloop orgs set acme --routing FILE');
  });

  it.each([
    [
      'an unknown definition',
      ['--definition', 'nope'],
      /Definition "nope" is neither stored .* nor shipped .*shipped: .*consultoria-es/s,
    ],
    [
      'a mapping naming a field the org does not have',
      ['--mapping', 'BAD_MAPPING'],
      /fields\.industry: field Industry_Code__c does not exist on Lead/,
    ],
    [
      'a routing file naming a rep who is not a user',
      ['--routing', 'BAD_ROUTING'],
      /rules\.0\.assign: ghost@example\.com is not a user of this CRM/,
    ],
  ])('refuses %s and changes nothing', async (_what, args, message) => {
    const badMapping = path.join(dataDir, 'bad-mapping.yaml');
    fs.writeFileSync(
      badMapping,
      fs.readFileSync(shippedMapping, 'utf8').replace(/industry: Industry\b/, 'industry: Industry_Code__c'),
    );
    const badRouting = path.join(dataDir, 'bad-routing.yaml');
    fs.writeFileSync(
      badRouting,
      'teams:\n  all:\n    members: [{ user: ghost@example.com }]\n    hours: { timezone: Europe/Madrid }\nrules:\n  - { name: Everyone, when: {}, assign: { user: ghost@example.com } }\n',
    );
    const resolved = args.map((a) => (a === 'BAD_MAPPING' ? badMapping : a === 'BAD_ROUTING' ? badRouting : a));
    const refused = await runCli(['orgs', 'set', 'acme', ...resolved], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(message);
    expect(refused.stderr).toContain('Nothing was changed for acme');
    expect((await runCli(['orgs', 'show', 'acme', '--json'], env)).json<Config>()).toMatchObject({
      mapping: { shipped: true },
      definition: { name: 'default' },
      routing: { file: null },
    });
  });

  it('gives a usage error for nothing to set and for a bad threshold', async () => {
    expect((await runCli(['orgs', 'set', 'acme'], env)).code).toBe(2);
    const bad = await runCli(['orgs', 'set', 'acme', '--bulk-threshold', 'lots'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--bulk-threshold must be a whole number');
  });

  it('attaches the shipped consultoria-es definition and an own mapping, and sync scores with them', async () => {
    const own = path.join(dataDir, 'acme-mapping.yaml');
    fs.copyFileSync(shippedMapping, own);
    const set = await runCli(
      ['orgs', 'set', 'acme', '--definition', 'consultoria-es', '--mapping', own, '--bulk-threshold', '5000', '--json'],
      env,
    );
    expect(set.code).toBe(0);
    const config = set.json<Config>();
    expect(config).toMatchObject({
      mapping: { file: own, shipped: false },
      definition: { name: 'consultoria-es', version: 1, source: 'stored' },
      settings: { bulkThreshold: { value: 5000, source: 'org' } },
    });
    // the LeadLoop_* fields are not there before `leadloop setup`: a warning, not a refusal
    expect(config.warnings!.join('\n')).toMatch(/does not have LeadLoop_Score__c.*run `leadloop setup acme`/);
    expect((await runCli(['orgs', 'show', 'acme'], env)).stdout).toMatch(/definition\s+consultoria-es@1/);

    expect((await runCli(['setup', 'acme'], env)).code).toBe(0);
    const sync = await runCli(['sync', 'acme', '--full', '--json'], env);
    expect(sync.json()).toMatchObject({ status: 'completed', scored: 200 });
    const db = await openDatabase({ dataDir });
    try {
      const { rows } = await db.query<{ v: string; n: number }>(
        `SELECT split_part(definition_version, '#', 1) AS v, count(*)::int AS n FROM leads GROUP BY 1`,
      );
      expect(rows).toEqual([{ v: 'consultoria-es@1', n: 200 }]);
    } finally {
      await db.close();
    }

    const back = await runCli(
      ['orgs', 'set', 'acme', '--mapping', 'default', '--bulk-threshold', 'default', '--json'],
      env,
    );
    expect(back.json<Config>()).toMatchObject({
      mapping: { shipped: true },
      definition: { name: 'consultoria-es' },
      settings: { bulkThreshold: { source: 'LEADLOOP_SYNC_BULK_THRESHOLD' } },
    });
  });

  it('refuses to connect the same Salesforce org under a second name, unless told to replace it', async () => {
    const twice = await runCli(['connect', 'salesforce', '--name', 'acme-eu', ...connectArgs], env);
    expect(twice.code).toBe(1);
    expect(twice.stderr.trim().split('\n')).toHaveLength(1);
    expect(twice.stderr).toContain(`This Salesforce org (${sandbox.store.orgId}) is already connected as "acme"`);
    expect(
      (await runCli(['orgs', '--json'], env)).json<{ orgs: { name: string }[] }>().orgs.map((o) => o.name),
    ).toEqual(['acme']);

    // reconnecting under its own name is not a second connection
    expect((await runCli(['connect', 'salesforce', '--name', 'acme', ...connectArgs], env)).code).toBe(0);

    const replaced = await runCli(['connect', 'salesforce', '--name', 'acme-eu', '--replace', ...connectArgs], env);
    expect(replaced.code).toBe(0);
    const orgs = (await runCli(['orgs', '--json'], env)).json<{
      orgs: { name: string; state: string; stateMessage: string | null }[];
    }>().orgs;
    expect(orgs).toEqual([
      expect.objectContaining({
        name: 'acme',
        state: 'disabled',
        stateMessage: expect.stringContaining('replaced by "acme-eu"'),
      }),
      expect.objectContaining({ name: 'acme-eu', state: 'connected' }),
    ]);
    const old = await runCli(['sync', 'acme'], env);
    expect(old.code).toBe(1);
    expect(old.stderr).toContain('has no stored credentials');
  });
});

describe('connecting the same SugarCRM instance twice', () => {
  let sandbox: SugarSandbox;
  let dataDir: string;

  beforeAll(async () => {
    sandbox = await startSugarSandbox({ leads: 0, seed: 3 });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-e2e-orgcfg-sugar-'));
  });
  afterAll(async () => {
    await sandbox.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('is refused when the instance URL is the same once normalized', async () => {
    const env = { LEADLOOP_DATA_DIR: dataDir, LEADLOOP_ENRICH_NETWORK: 'off' };
    const c = sandbox.credentials;
    const args = ['--username', c.username, '--password', c.password, '--platform', c.platform];
    expect((await runCli(['connect', 'sugarcrm', '--name', 'crm', '--url', sandbox.url, ...args], env)).code).toBe(0);
    const again = await runCli(
      [
        'connect',
        'sugarcrm',
        '--name',
        'crm2',
        '--url',
        `${sandbox.url.toUpperCase().replace('HTTP://', 'http://')}/`,
        ...args,
      ],
      env,
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('SugarCRM instance');
    expect(again.stderr).toContain('is already connected as "crm"');
  });
});
