import type { Command } from 'commander';
import type { CliContext } from '../context';
import { CliError, formatTable, printResult } from '../output';
import { createProgress } from '../progress';
import { syncOrg } from '../../app/syncOrg';
import type { RunSummary } from '../../sync/syncTypes';
import { runtimeDeps } from '../runtimeDeps';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('sync')
    .description('Run one sync of an org now: pull, enrich, score, route, write back, read outcomes')
    .argument('<name>', 'org name (see `leadloop orgs`)')
    .option('--full', 're-read every lead instead of what changed since the last run')
    .option('--bulk', 'read leads through the Bulk API whatever their number (Salesforce)')
    .option(
      '--rest',
      'read leads through the REST query API whatever their number (default: Bulk API above the bulk threshold, see `leadloop orgs show`)',
    )
    .option('--json', 'print one JSON object as the last line (machine-readable)')
    .action(async (name: string, opts: { full?: boolean; bulk?: boolean; rest?: boolean; json?: boolean }) => {
      if (opts.bulk && opts.rest) throw new CliError('--bulk and --rest exclude each other', 2);
      const deps = await runtimeDeps(ctx);
      const progress = createProgress(ctx.io.stderr, `sync ${name}`, {
        enabled: !opts.json || Boolean((ctx.io.stderr as NodeJS.WriteStream).isTTY),
      });
      const summary = await syncOrg(deps, name, {
        mode: opts.full ? 'full' : 'incremental',
        pullMode: opts.bulk ? 'bulk' : opts.rest ? 'rest' : 'auto',
        onProgress: (p) =>
          progress.update(
            p.counts.pulled + p.counts.rescored,
            `${p.stage}: scored ${p.counts.scored}, written ${p.counts.written}, api calls ${p.apiCalls}`,
          ),
      });
      progress.finish(summary.status);
      const data = toJson(summary);
      printResult(ctx.io, Boolean(opts.json), data, () => renderSummary(summary));
      if (summary.status !== 'completed')
        throw new CliError(`sync of ${name} ${summary.status}: ${summary.stopReason ?? 'see leadloop runs ' + name}`);
    });
}

export function toJson(s: RunSummary) {
  return {
    runId: s.runId,
    org: s.org,
    mode: s.mode,
    status: s.status,
    stopReason: s.stopReason,
    pulled: s.counts.pulled,
    scored: s.counts.scored,
    written: s.counts.written,
    unchanged: s.counts.unchanged,
    failed: s.counts.failed,
    skipped: s.counts.skipped,
    apiCalls: s.apiCalls,
    durationMs: s.durationMs,
    counts: s.counts,
    enrichment: s.enrichment,
    ...(s.sla ? { sla: s.sla } : {}),
    ...(s.notifications ? { notifications: s.notifications } : {}),
    ...(s.warnings?.length ? { warnings: s.warnings } : {}),
    ...(s.handover ? { handover: s.handover } : {}),
    skippedSources: s.skippedSources,
  };
}

export function renderSummary(s: RunSummary): string {
  const c = s.counts;
  const rows: [string, number | string][] = [
    ['pulled', c.pulled],
    ['scored', c.scored],
    ['status changes', c.statusChanges],
    ['assigned', c.assigned],
    ['hand-over tasks', c.handovers],
    ['written', c.written],
    ['unchanged (not written)', c.unchanged],
    ['failed', c.failed],
    ['skipped (converted/deleted)', c.skipped],
    ['outcomes read', c.outcomes],
    ['engagement events', c.engagementEvents],
    ['re-scored', c.rescored],
    ...(s.enrichment?.network
      ? [
          [
            'network enrichment',
            s.enrichment.network === 'unavailable'
              ? 'unavailable (nothing scored from it; retried next run)'
              : s.enrichment.network,
          ] as [string, string],
        ]
      : []),
    ...(s.sla ? [['SLA breaches (reassigned)', `${s.sla.breaches} (${s.sla.reassigned})`] as [string, string]] : []),
    ...(s.notifications
      ? [['notifications sent (failed)', `${s.notifications.sent} (${s.notifications.failed})`] as [string, string]]
      : []),
    ['API calls', s.apiCalls],
    ['time', `${(s.durationMs / 1000).toFixed(1)} s`],
  ];
  const head = `Sync ${s.runId ?? ''} of ${s.org} (${s.mode}): ${s.status}${s.stopReason ? ` — ${s.stopReason}` : ''}`;
  const notes = [
    ...s.skippedSources.map((k) => `Skipped: ${k.message}`),
    ...(c.failed ? [`${c.failed} records failed: \`leadloop runs ${s.org} --failures ${s.runId}\``] : []),
    ...(s.handover?.hint ? [`Note: ${s.handover.hint}.`] : []),
    ...(s.handover?.unassigned
      ? [
          `${s.handover.unassigned} new MQL(s) left unassigned (${Object.entries(s.handover.unassignedWhy ?? {})
            .map(([why, n]) => `${n} ${why}`)
            .join(', ')}): no task, no SLA; e.g. ${(s.handover.examples ?? []).join(', ')}`,
        ]
      : []),
  ];
  const tail =
    notes.map((n) => `\n${n}`).join('') +
    (s.warnings?.length
      ? `\nRan without (see \`leadloop setup ${s.org}\`):\n${s.warnings.map((w) => `  ! ${w}`).join('\n')}`
      : '');
  return `${head}\n${formatTable(['', ''], rows).split('\n').slice(2).join('\n')}${tail}`;
}
