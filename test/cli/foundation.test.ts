import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/runCli';

describe('leadloop CLI frame', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-cli-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('lists the commands in --help', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('orgs');
    expect(run.stdout).toContain('keygen');
  });

  it.each([
    ['DATABASE_URL', 'mysql://nope'],
    ['LEADLOOP_SECRET_KEY', 'short'],
  ])('stops with one line and exit 1 on a bad %s', async (name, value) => {
    const run = await runCli(['orgs'], { [name]: value, LEADLOOP_DATA_DIR: dataDir });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(name);
  });

  it('lists no orgs on a fresh embedded database, generating a dev key', async () => {
    const run = await runCli(['orgs', '--json'], { LEADLOOP_DATA_DIR: dataDir });
    expect(run.code).toBe(0);
    expect(run.json()).toEqual({ orgs: [] });
    expect(fs.existsSync(path.join(dataDir, 'secret.key'))).toBe(true);
    expect(run.stderr).toContain('generated a development key');
  });

  it('requires a secret key with a database server', async () => {
    const run = await runCli(['orgs'], { DATABASE_URL: 'postgres://u@127.0.0.1:1/x', LEADLOOP_DATA_DIR: dataDir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/LEADLOOP_SECRET_KEY/);
  });

  it('exits 2 on an unknown command', async () => {
    const run = await runCli(['frobnicate']);
    expect(run.code).toBe(2);
  });
});
