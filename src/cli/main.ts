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

const COMMAND_FILE = /^[a-zA-Z]+\.(js|ts)$/;

function loadCommandModules(dir = path.join(__dirname, 'commands')): CommandModule[] {
  return fs
    .readdirSync(dir)
    .filter((f) => COMMAND_FILE.test(f) && !f.endsWith('.d.ts'))
    .sort()
    .map((f) => require(path.join(dir, f)) as CommandModule)
    .filter((m) => typeof m.register === 'function');
}

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
  for (const mod of loadCommandModules()) mod.register(program, ctx);
  return program;
}

/** Runs the CLI; returns the exit code instead of exiting, so tests can call it in-process. */
export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  const ctx = createCliContext(io);
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    return reportError(error, ctx);
  } finally {
    await ctx.dispose().catch(() => undefined);
  }
}

function reportError(error: unknown, ctx: CliContext): number {
  if (error instanceof CommanderError) {
    // help and version exit with 0; usage errors were already printed by commander
    return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2;
  }
  const line = (m: string) => ctx.io.stderr.write(`leadloop: ${ctx.secrets.scrub(m)}\n`);
  if (error instanceof SettingsError || error instanceof CliError || error instanceof ConfigurationError || error instanceof DataDirLockedError) {
    line(error.message);
    return error instanceof CliError ? error.exitCode : 1;
  }
  if (isLeadloopError(error)) {
    line(`${error.message} [${error.code}]`);
    return 1;
  }
  const described = describeError(error, ctx.secrets);
  line(`unexpected error: ${String(described['message'])}`);
  if (ctx.io.env['LOG_LEVEL'] === 'debug' && error instanceof Error && error.stack) ctx.io.stderr.write(ctx.secrets.scrub(error.stack) + '\n');
  return 1;
}

function readVersion(): string {
  for (const candidate of [path.join(__dirname, '../../package.json'), path.join(__dirname, '../../../package.json')]) {
    if (fs.existsSync(candidate)) return (JSON.parse(fs.readFileSync(candidate, 'utf8')) as { version: string }).version;
  }
  return '0.0.0';
}
