import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { register } from '../../src/cli/commands/erase';
import { createCliContext } from '../../src/cli/context';

/**
 * Drives only the erase command (the way main.ts registers it), so this test does not
 * depend on every other command module loading.
 */
async function runErase(args: string[], dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const ctx = createCliContext({
    stdout,
    stderr,
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      LOG_FORMAT: 'json',
      LEADLOOP_DATA_DIR: dataDir,
      LEADLOOP_SECRET_KEY: TEST_KEY,
    },
  });
  const program = new Command('leadloop')
    .exitOverride()
    .configureOutput({ writeOut: (s) => stdout.write(s), writeErr: (s) => stderr.write(s) });
  register(program, ctx);
  try {
    await program.parseAsync(args, { from: 'user' });
    return { code: 0, stdout: out, stderr: err };
  } catch (error) {
    return {
      code: (error as { exitCode?: number }).exitCode ?? 1,
      stdout: out,
      stderr: err + String((error as Error).message),
    };
  } finally {
    await ctx.dispose();
  }
}

// an in-memory embedded database: the command's behaviour, without a data directory's initdb
const TEST_KEY = 'a'.repeat(64);
const dataDir = 'memory';

describe('leadloop erase', () => {
  it('erases by email and prints one JSON object on the last line', async () => {
    const run = await runErase(['erase', '--email', 'ana@acme.es', '--json'], dataDir);
    expect(run.code).toBe(0);
    const last = run.stdout.trim().split('\n').at(-1)!;
    expect(JSON.parse(last)).toEqual({
      erased: {
        emailHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        domain: 'acme.es',
        cacheEntriesDeleted: 0,
        leadsDeleted: 0,
        historyDeleted: 0,
        outcomesDeleted: 0,
        engagementDeleted: 0,
        handoversDeleted: 0,
      },
    });
    expect(run.stdout).not.toContain('ana@acme.es');
  });

  it('refuses something that is not an email address, naming the option', async () => {
    const run = await runErase(['erase', '--email', 'not-an-email'], dataDir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--email');
  });

  it('requires --email', async () => {
    const run = await runErase(['erase'], dataDir);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("required option '--email <address>'");
  });
});
