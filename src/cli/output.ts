import type { CliIo } from './context';

/** Writes a command's result: a human rendering, or with --json one JSON object as the last stdout line. */
export function printResult(io: CliIo, json: boolean, data: unknown, human: () => string): void {
  if (json) io.stdout.write(JSON.stringify(data) + '\n');
  else io.stdout.write(human().replace(/\n?$/, '\n'));
}

/** A fixed-width text table for terminal output. */
export function formatTable(headers: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** An error a command reports as one line on stderr with a non-zero exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
