import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main';
import { runCli } from '../helpers/runCli';

// each test opens the embedded database on disk several times (slow on a loaded machine)
jest.setTimeout(180_000);

/** Issue 24, items 1, 2 and 9: administrators and tokens managed from the CLI; passwords never need argv. */
describe('leadloop admin', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-admin-'));
    env = { LEADLOOP_DATA_DIR: dir };
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const withStdin = async (args: string[], input: string) => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    stdin.end(input);
    const code = await main(args, {
      stdout,
      stderr,
      stdin,
      env: { NODE_ENV: 'test', LOG_LEVEL: 'warn', LOG_FORMAT: 'json', ...env },
    });
    return { code, stdout: out, stderr: err };
  };

  it('creates an administrator from a password on stdin, and refuses weak ones with exit 2', async () => {
    const created = await withStdin(
      ['admin', 'create', '--email', 'ops@example.com', '--password-stdin', '--json'],
      'a long console password\n',
    );
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toEqual({ email: 'ops@example.com', created: true });
    const weak = await withStdin(
      ['admin', 'create', '--email', 'ops@example.com', '--password-stdin'],
      '            \n',
    );
    expect(weak.code).toBe(2);
    expect(weak.stderr).toBe('leadloop: refused: the password is only spaces\n');
    const argv = await runCli(
      ['admin', 'create', '--email', 'dev@example.com', '--password', 'another long passphrase'],
      env,
    );
    expect(argv.code).toBe(0);
    expect(argv.stderr).toMatch(/warning: --password is visible to other users of this machine/);
  });

  it('lists, disables, enables and removes administrators', async () => {
    const listed = (await runCli(['admin', 'list', '--json'], env)).json<{
      admins: { email: string; disabledAt: string | null }[];
    }>();
    expect(listed.admins.map((a) => a.email)).toEqual(['dev@example.com', 'ops@example.com']);
    expect((await runCli(['admin', 'disable', '--email', 'dev@example.com'], env)).stdout).toBe(
      'Disabled administrator dev@example.com. Every session of theirs has ended.\n',
    );
    const after = (await runCli(['admin', 'list', '--json'], env)).json<{
      admins: { email: string; disabledAt: string | null }[];
    }>();
    expect(after.admins.find((a) => a.email === 'dev@example.com')!.disabledAt).not.toBeNull();
    expect((await runCli(['admin', 'enable', '--email', 'dev@example.com'], env)).code).toBe(0);
    expect((await runCli(['admin', 'remove', '--email', 'dev@example.com'], env)).stdout).toBe(
      'Removed administrator dev@example.com.\n',
    );
    const missing = await runCli(['admin', 'remove', '--email', 'dev@example.com'], env);
    expect([missing.code, missing.stderr]).toEqual([2, 'leadloop: no administrator dev@example.com\n']);
  });

  it('creates scoped, expiring tokens, lists them without the secret, and revokes them', async () => {
    const legacy = await runCli(['admin', 'token', '--name', 'ci', '--json'], env);
    expect(legacy.json()).toMatchObject({
      name: 'ci',
      scope: 'full',
      expiresAt: null,
      token: expect.stringMatching(/^llt_/),
    });
    const scoped = (
      await runCli(
        [
          'admin',
          'token',
          'create',
          '--name',
          'prometheus',
          '--scope',
          'metrics',
          '--expires-in-days',
          '30',
          '--owner',
          'ops-team',
          '--json',
        ],
        env,
      )
    ).json<{ token: string; expiresAt: string }>();
    expect(Date.parse(scoped.expiresAt) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    const list = await runCli(['admin', 'token', 'list', '--json'], env);
    expect(list.stdout).not.toContain(scoped.token);
    expect(list.json<{ tokens: unknown[] }>().tokens).toEqual([
      expect.objectContaining({ name: 'ci', scope: 'full', owner: 'cli', revokedAt: null }),
      expect.objectContaining({ name: 'prometheus', scope: 'metrics', owner: 'ops-team', revokedAt: null }),
    ]);
    expect((await runCli(['admin', 'token', 'revoke', 'prometheus'], env)).stdout).toBe(
      'Revoked 1 API token (prometheus).\n',
    );
    const again = await runCli(['admin', 'token', 'revoke', 'prometheus'], env);
    expect(again.code).toBe(2);
    const bad = await runCli(['admin', 'token', 'create', '--name', 'x', '--scope', 'admin'], env);
    expect([bad.code, bad.stderr]).toEqual([2, 'leadloop: --scope admin: one of read, metrics, full\n']);
  });

  it('refuses an org name that would break pages or paths before connecting anything', async () => {
    const run = await runCli(
      [
        'connect',
        'sugarcrm',
        '--name',
        "x'-alert(document.domain)-'",
        '--url',
        'http://127.0.0.1:9',
        '--username',
        'u',
        '--password',
        'p',
      ],
      env,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'leadloop: --name "x\'-alert(document.domain)-\'": an org name may hold 1–80 letters, digits, dots, dashes and underscores, not starting with a dot or dash\n',
    );
    const tz = await runCli(
      [
        'connect',
        'sugarcrm',
        '--name',
        'ok',
        '--url',
        'http://127.0.0.1:9',
        '--username',
        'u',
        '--password',
        'p',
        '--timezone',
        'Mars/Olympus',
      ],
      env,
    );
    expect([tz.code, tz.stderr]).toEqual([
      2,
      'leadloop: --timezone: "Mars/Olympus" is not an IANA time zone (e.g. Europe/Madrid)\n',
    ]);
  });
});
