import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The last stdout line parsed as JSON (for --json commands). */
  json<T = Record<string, unknown>>(): T;
}

/** Runs the CLI in-process with its own environment and captured output. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await main(args, {
    stdout,
    stderr,
    env: { NODE_ENV: 'test', LOG_LEVEL: 'warn', LOG_FORMAT: 'json', ...env },
  });
  return {
    code,
    stdout: out,
    stderr: err,
    json<T>() {
      const lines = out.trim().split('\n');
      return JSON.parse(lines[lines.length - 1]!) as T;
    },
  };
}
