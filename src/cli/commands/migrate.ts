import type { Command } from 'commander';
import type { CliContext } from '../context';
import { printResult } from '../output';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('migrate')
    .description('Apply pending database migrations (they also run automatically at start)')
    .option('--json', 'print one JSON object (machine-readable)')
    .action(async (opts: { json?: boolean }) => {
      const db = await ctx.database();
      const { rows } = await db.query<{ version: number; name: string }>(
        'SELECT version, name FROM schema_migrations ORDER BY version',
      );
      const s = ctx.settings();
      const data = {
        database: s.DATABASE_URL ? 'server' : 'embedded',
        migrations: rows.map((r) => `${String(r.version).padStart(3, '0')}_${r.name}`),
      };
      printResult(
        ctx.io,
        Boolean(opts.json),
        data,
        () => `Database (${data.database}) is up to date: ${data.migrations.length} migrations applied.`,
      );
    });
}
