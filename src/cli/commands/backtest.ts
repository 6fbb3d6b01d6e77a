import type { Command } from 'commander';
import { backtestOrg, resolveCandidate } from '../../feedback/backtestOrg';
import { findOrg } from '../../app/syncOrg';
import type { CliContext } from '../context';
import { formatBacktest } from '../formatBacktest';
import { CliError, printResult } from '../output';
import { runtimeDeps } from '../runtimeDeps';

interface Options {
  definition: string;
  since?: string;
  from?: string;
  outcome?: string;
  positive?: string;
  id?: string;
  mapping?: string;
  json?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('backtest')
    .description(
      "Replay a candidate definition over the org's stored leads and outcomes next to the active one; writes nothing to the CRM",
    )
    .argument('<name>', 'org name')
    .requiredOption('--definition <file|name@version>', 'the candidate: a definition YAML or a stored version')
    .option('--since <date>', 'only leads first seen on or after this date (YYYY-MM-DD)')
    .option('--from <file>', 'past leads and outcomes from a CSV instead of the store')
    .option('--outcome <column>', 'with --from: the column that says whether the lead was won')
    .option('--positive <value>', 'with --from: the outcome value that means won')
    .option('--id <column>', 'with --from: the lead id column')
    .option('--mapping <file>', "with --from: a mapping that reads the file's columns")
    .option('--json', 'print one JSON object (machine-readable)')
    .action(async (name: string, opts: Options) => {
      const since =
        opts.since === undefined
          ? null
          : new Date(/^\d{4}-\d{2}-\d{2}$/.test(opts.since) ? `${opts.since}T00:00:00Z` : opts.since);
      if (since && Number.isNaN(since.getTime()))
        throw new CliError(`--since "${opts.since}" is not a date (YYYY-MM-DD)`, 2);
      if (opts.from && !opts.outcome) throw new CliError('--from needs --outcome COLUMN', 2);
      if (!opts.from)
        for (const k of ['outcome', 'positive', 'id', 'mapping'] as const)
          if (opts[k] !== undefined) throw new CliError(`--${k} only goes with --from FILE`, 2);
      const deps = await runtimeDeps(ctx);
      const org = await findOrg(deps, name);
      const candidate = await resolveCandidate(deps.db, opts.definition);
      const result = await backtestOrg(deps.db, org.id, candidate, {
        since,
        warn: (line) => ctx.io.stderr.write(`${line}\n`),
        ...(opts.from
          ? {
              from: {
                file: opts.from,
                outcome: opts.outcome!,
                positive: opts.positive,
                id: opts.id,
                mapping: opts.mapping,
              },
            }
          : {}),
      });
      printResult(ctx.io, Boolean(opts.json), { org: org.name, ...result }, () => formatBacktest(result, org.name));
    });
}
