import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { definitionsDir } from '../../src/definition/loadDefinition';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../src/sandbox/salesforce/startSalesforceSandbox';
import { runCli } from '../helpers/runCli';

/** Backtest and guarded activation on a synced org: figures and tables, and not one call to the CRM. */
describe('leadloop backtest against a synced Salesforce sandbox', () => {
  let sandbox: SalesforceSandbox;
  let env: NodeJS.ProcessEnv;
  let dataDir: string;
  let candidate: string;

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ leads: 800, seed: 11 });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-e2e-backtest-'));
    env = { LEADLOOP_DATA_DIR: dataDir, LEADLOOP_ENRICH_NETWORK: 'off' };
    const c = sandbox.credentials;
    expect(
      (
        await runCli(
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
          ],
          env,
        )
      ).code,
    ).toBe(0);
    expect((await runCli(['setup', 'acme'], env)).code).toBe(0);
    expect((await runCli(['sync', 'acme', '--full'], env)).code).toBe(0);
    // a candidate that weighs the company's size much less: same codes, other points
    const text = fs.readFileSync(path.join(definitionsDir(), 'default.yaml'), 'utf8');
    candidate = path.join(dataDir, 'candidate.yaml');
    fs.writeFileSync(candidate, text.replace(/points: 25\b/, 'points: 2').replace(/^version: \d+/m, 'version: 2'));
  }, 120_000);
  afterAll(async () => {
    await sandbox.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports ranking, from → to tables, MQLs, writes and movers, and calls the CRM not once', async () => {
    const calls = sandbox.calls.total;
    const stamps = sandbox.store.scan('Lead').map((l) => `${String(l['Id'])}@${String(l['SystemModstamp'])}`);
    const json = await runCli(['backtest', 'acme', '--definition', candidate, '--json'], env);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const r = json.json<
      Record<string, unknown> & {
        leads: number;
        grades: Record<string, Record<string, number>>;
        movers: { before: { reasons: string }; after: { reasons: string }; change: number }[];
        crmWrites: number;
        changed: { grade: number };
      }
    >();
    expect(r.leads).toBe(800);
    expect(
      Object.values(r.grades)
        .flatMap((row) => Object.values(row))
        .reduce((s, n) => s + n, 0),
    ).toBe(800);
    expect(r.changed.grade).toBeGreaterThan(0);
    expect(r.crmWrites).toBeGreaterThanOrEqual(r.changed.grade);
    expect(r.movers).toHaveLength(10);
    expect(Math.abs(r.movers[0]!.change)).toBeGreaterThanOrEqual(Math.abs(r.movers[9]!.change));
    expect(r.movers[0]!.before.reasons).toMatch(/^Score \d+ = fit \d+ \([A-D]\)/);
    expect(r).toHaveProperty('newMqls');
    expect(r).toHaveProperty('handoverTasks');

    const text = await runCli(['backtest', 'acme', '--definition', candidate, '--since', '2000-01-01'], env);
    expect(text.stdout).toMatch(/FROM \\ TO +A +B +C +D +TOTAL/);
    expect(text.stdout).toContain('Biggest movers (10)');
    expect(text.stdout).toContain('Nothing was written to the CRM.');
    const future = await runCli(
      ['backtest', 'acme', '--definition', candidate, '--since', '2999-01-01', '--json'],
      env,
    );
    expect(future.json()).toMatchObject({ leads: 0 });
    // the sandbox's counts and records are exactly as before
    expect(sandbox.calls.total).toBe(calls);
    expect(sandbox.store.scan('Lead').map((l) => `${String(l['Id'])}@${String(l['SystemModstamp'])}`)).toEqual(stamps);
  });

  it('definition activate shows the backtest and asks for --yes above the write limit', async () => {
    expect((await runCli(['definition', 'save', candidate], env)).code).toBe(0);
    const list = await runCli(['definition', 'list', 'default', '--json'], env);
    const newest = list.json<{ versions: { version: number; active: boolean }[] }>().versions[0]!;
    expect(newest.active).toBe(false);
    const strict = { ...env, LEADLOOP_ACTIVATE_MAX_WRITES: '10' };
    const refused = await runCli(['definition', 'activate', 'default', String(newest.version)], strict);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/acme: \d+ CRM writes, \d+ new MQLs, \d+ grade changes/);
    expect(refused.stderr).toMatch(
      /Not activated: acme would get \d+ CRM writes \(more than LEADLOOP_ACTIVATE_MAX_WRITES=10\)/,
    );
    const yes = await runCli(['definition', 'activate', 'default', String(newest.version), '--yes'], strict);
    expect(yes.code).toBe(0);
    expect(yes.stdout).toContain(`default version ${newest.version} is now active.`);
  });
});
