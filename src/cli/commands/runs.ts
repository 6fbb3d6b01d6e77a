import type { Command } from 'commander';
import type { CliContext } from '../context';
import { formatTable, printResult } from '../output';
import { findOrg } from '../../app/syncOrg';
import { createRunStore } from '../../sync/stores/runStore';
import { runtimeDeps } from '../runtimeDeps';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('runs')
    .description('Show recent sync runs of an org, or the failed records of one run')
    .argument('<name>', 'org name')
    .option('--failures <runId>', 'list the failed records of this run')
    .option('--limit <n>', 'how many runs', '20')
    .option('--json', 'print one JSON object (machine-readable)')
    .action(async (name: string, opts: { failures?: string; limit: string; json?: boolean }) => {
      const deps = await runtimeDeps(ctx);
      const org = await findOrg(deps, name);
      const runs = createRunStore(deps.db);
      if (opts.failures) {
        const failures = await runs.failures(Number(opts.failures));
        printResult(ctx.io, Boolean(opts.json), { runId: Number(opts.failures), failures }, () =>
          failures.length
            ? formatTable(
                ['RECORD', 'STAGE', 'KIND', 'CODE', 'MESSAGE'],
                failures.map((f) => [f.externalId, f.stage, f.kind, f.code, f.message]),
              )
            : 'No failed records in this run.',
        );
        return;
      }
      const list = await runs.list(org.id, Number(opts.limit));
      printResult(ctx.io, Boolean(opts.json), { org: org.name, runs: list }, () =>
        list.length
          ? formatTable(
              [
                'RUN',
                'MODE',
                'STATUS',
                'STARTED',
                'SECONDS',
                'PULLED',
                'WRITTEN',
                'UNCHANGED',
                'FAILED',
                'API CALLS',
                'SKIPPED',
                'REASON',
              ],
              list.map((r) => [
                r.id,
                r.mode,
                r.status,
                r.startedAt.toISOString().replace('T', ' ').slice(0, 19),
                r.finishedAt ? ((r.finishedAt.getTime() - r.startedAt.getTime()) / 1000).toFixed(1) : '…',
                r.counts.pulled,
                r.counts.written,
                r.counts.unchanged,
                r.counts.failed,
                r.apiCalls,
                r.skippedSources
                  .map((k) => `${k.source} (${[k.status, k.code].filter((x) => x !== undefined).join(' ')})`)
                  .join(', '),
                // one line a run: the reason's first line (a setup problem lists the fields below it), then the fix
                [r.stopReason?.split('\n')[0], r.fix].filter(Boolean).join(' — '),
              ]),
            )
          : `No runs yet for ${org.name}. Start one with \`leadloop sync ${org.name}\`.`,
      );
    });
}
