import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSugarSandbox, type SugarSandbox } from '../../src/sandbox/sugarcrm/startSugarSandbox';
import { runCli, type CliRun } from '../helpers/runCli';

/** Every file under dir, raw bytes read as latin1 so a plain-text secret shows whatever the file format. */
function rawFiles(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...rawFiles(full));
    else if (entry.isFile()) out.push({ file: full, text: fs.readFileSync(full).toString('latin1') });
  }
  return out;
}

/** Issue 13 / B9: secrets stay out of logs (debug level), errors, --json output, run records and the raw database. */
describe('secrets under faults', () => {
  let sandbox: SugarSandbox;
  let dataDir: string;
  const outputs: CliRun[] = [];

  beforeAll(async () => {
    sandbox = await startSugarSandbox({
      leads: 300,
      seed: 31,
      installLeadloopPackage: true,
      latencyMs: 0,
      faults: { accessTokenTtlSeconds: 1, serverErrorShare: 0.03, dropConnectionShare: 0.01, retryAfterSeconds: 0 },
    });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-rel-secrets-'));
  });
  afterAll(async () => {
    await sandbox?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('never shows the password or any issued token', async () => {
    const env = { LEADLOOP_DATA_DIR: dataDir, LEADLOOP_ENRICH_NETWORK: 'off', LOG_LEVEL: 'debug' };
    const c = sandbox.credentials;
    const run = async (args: string[]) => {
      const result = await runCli(args, env);
      outputs.push(result);
      return result;
    };
    // a rejected password: its error must not echo it
    const wrongPassword = `${c.password}-wrong-Sentinel`;
    const rejected = await run([
      'connect',
      'sugarcrm',
      '--name',
      'bad',
      '--url',
      sandbox.url,
      '--username',
      c.username,
      '--password',
      wrongPassword,
      '--platform',
      c.platform,
      '--json',
    ]);
    expect(rejected.code).not.toBe(0);

    expect(
      (
        await run([
          'connect',
          'sugarcrm',
          '--name',
          'acme',
          '--url',
          sandbox.url,
          '--username',
          c.username,
          '--password',
          c.password,
          '--platform',
          c.platform,
          '--json',
        ])
      ).code,
    ).toBe(0);
    expect((await run(['setup', 'acme', '--json'])).code).toBe(0);
    const first = await run(['sync', 'acme', '--full', '--json']);
    expect(['completed', 'stopped']).toContain(first.json()['status']);
    // the allowance runs out: a stopped run record with its reason
    sandbox.faults.rateLimitAfterCalls = sandbox.calls.total + 1;
    sandbox.auth.expireAccessTokens();
    await run(['sync', 'acme', '--full', '--json']);
    sandbox.faults.rateLimitAfterCalls = null;
    await run(['sync', 'acme', '--json']);
    await run(['runs', 'acme', '--json']);

    const tokens = sandbox.auth.issuedTokens;
    // token expiry every second really forced new grants
    expect(tokens.length).toBeGreaterThanOrEqual(6);
    const secrets = [c.password, wrongPassword, ...tokens];
    const debugLines = outputs.reduce((n, o) => n + o.stderr.split('\n').length, 0);
    expect(debugLines).toBeGreaterThan(20);

    const leaks: string[] = [];
    outputs.forEach((o, i) => {
      for (const s of secrets) {
        if (o.stdout.includes(s))
          leaks.push(`stdout of command ${i} holds ${s === c.password ? 'the password' : 'a secret'}`);
        if (o.stderr.includes(s))
          leaks.push(`stderr/log of command ${i} holds ${s === c.password ? 'the password' : 'a secret'}`);
      }
    });
    for (const { file, text } of rawFiles(dataDir)) {
      for (const s of secrets)
        if (text.includes(s))
          leaks.push(`${path.relative(dataDir, file)} holds ${s === c.password ? 'the password' : 'a token'}`);
    }
    expect(leaks).toEqual([]);
  }, 120_000);
});
