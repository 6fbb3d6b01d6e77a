import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { ConfigurationError, isLeadloopError } from '../domain/errors';
import { describeError } from '../log/redact';
import { SettingsError } from '../settings/loadSettings';
import { DataDirLockedError } from '../store/lockDataDir';
import { createCliContext, type CliContext, type CliIo } from './context';
import { CliError } from './output';

/** A command module in `commands/`: registers its subcommand on the program. */
export interface CommandModule {
  register(program: Command, ctx: CliContext): void;
}

/**
 * Every command, listed: the CLI loads exactly these modules (a test checks the list against
 * the folder). Heavy parts (the sandbox, the demo) are imported inside their actions.
 */
const COMMAND_MODULES: readonly (() => CommandModule)[] = [
  () => require('./commands/admin'),
  () => require('./commands/backtest'),
  () => require('./commands/calibrate'),
  () => require('./commands/connect'),
  () => require('./commands/definition'),
  () => require('./commands/demo'),
  () => require('./commands/erase'),
  () => require('./commands/keygen'),
  () => require('./commands/migrate'),
  () => require('./commands/orgs'),
  () => require('./commands/outcomes'),
  () => require('./commands/report'),
  () => require('./commands/routing'),
  () => require('./commands/runs'),
  () => require('./commands/sandbox'),
  () => require('./commands/score'),
  () => require('./commands/serve'),
  () => require('./commands/setup'),
  () => require('./commands/sync'),
  () => require('./commands/worker'),
];

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('leadloop')
    .description('Score, qualify, route and follow up leads inside Salesforce and SugarCRM.')
    .version(readVersion(), '-V, --version')
    .showHelpAfterError()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
    })
    .exitOverride();
  for (const load of COMMAND_MODULES) load().register(program, ctx);
  return program;
}

/** Runs the CLI; returns the exit code instead of exiting, so tests can call it in-process. */
export async function main(
  argv: string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
  return runInContext(io, argv, (ctx) => buildProgram(ctx).parseAsync(argv, { from: 'user' }));
}

/**
 * Runs `body` with a CLI context and turns what it throws into one line and an exit code; the
 * `web` and `worker` processes use it too, without loading the CLI's commands.
 */
export async function runInContext(
  io: CliIo,
  argv: string[],
  body: (ctx: CliContext) => Promise<unknown>,
): Promise<number> {
  const ctx = createCliContext({ ...io, json: io.json ?? argv.includes('--json') });
  try {
    await body(ctx);
    return ctx.exitCode ?? 0;
  } catch (error) {
    return reportError(error, ctx);
  } finally {
    await ctx.dispose().catch(() => undefined);
  }
}

function reportError(error: unknown, ctx: CliContext): number {
  if (error instanceof CommanderError) {
    // help and version exit with 0; usage errors were already printed by commander
    return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version'
      ? 0
      : 2;
  }
  const line = (m: string) => ctx.io.stderr.write(`leadloop: ${ctx.secrets.scrub(m)}\n`);
  if (
    error instanceof SettingsError ||
    error instanceof CliError ||
    error instanceof ConfigurationError ||
    error instanceof DataDirLockedError
  ) {
    line(error.message);
    return error instanceof CliError ? error.exitCode : 1;
  }
  if (isLeadloopError(error)) {
    line(`${error.message} [${error.code}]`);
    return 1;
  }
  const described = describeError(error, ctx.secrets);
  line(`unexpected error: ${String(described['message'])}`);
  if (ctx.io.env['LOG_LEVEL'] === 'debug' && error instanceof Error && error.stack)
    ctx.io.stderr.write(ctx.secrets.scrub(error.stack) + '\n');
  return 1;
}

function readVersion(): string {
  for (const candidate of [path.join(__dirname, '../../package.json'), path.join(__dirname, '../../../package.json')]) {
    if (fs.existsSync(candidate))
      return (JSON.parse(fs.readFileSync(candidate, 'utf8')) as { version: string }).version;
  }
  return '0.0.0';
}
