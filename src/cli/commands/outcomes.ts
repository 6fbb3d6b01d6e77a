import fs from 'node:fs';
import type { Command } from 'commander';
import type { CliContext } from '../context';
import { CliError, formatTable, printResult } from '../output';
import { findOrg } from '../../app/syncOrg';
import { getLeadTimeline } from '../../feedback/getLeadTimeline';
import { explainTimeline } from '../../feedback/explainTimeline';
import { createDefinitionStore } from '../../definition/definitionStore';
import { DEFAULT_RECYCLE_COOL_OFF_DAYS } from '../../scoring/compileDefinition';
import { importOutcomes } from '../../feedback/importOutcomes';
import { outcomeFileFormat, readOutcomeRows } from '../../feedback/readOutcomeRows';
import { formatRowError } from '../../feedback/toOutcomeEvent';
import { runtimeDeps } from '../runtimeDeps';

const SHOWN_ERRORS = 20;

export function register(program: Command, ctx: CliContext): void {
  const outcomes = program
    .command('outcomes')
    .description('Sales outcomes that close the loop: import them, follow one lead');

  outcomes
    .command('import')
    .description(
      'Import outcomes kept outside the CRM (CSV with lead_id,kind,occurred_at,amount,currency,reason,source_id, or JSON lines)',
    )
    .argument('<name>', 'org name')
    .argument('<file>', 'a .csv file, or .jsonl / .ndjson with one outcome object per line')
    .option('--json', 'print one JSON object (machine-readable)')
    .action(async (name: string, file: string, opts: { json?: boolean }) => {
      if (!fs.existsSync(file)) throw new CliError(`Outcomes file ${file} does not exist`);
      const deps = await runtimeDeps(ctx);
      const org = await findOrg(deps, name);
      const rows = readOutcomeRows(fs.createReadStream(file), outcomeFileFormat(file));
      const result = await importOutcomes(deps.db, org.id, rows, { origin: 'import' });
      printResult(ctx.io, Boolean(opts.json), { org: org.name, file, ...result }, () => {
        const lines = [
          `Imported ${result.accepted} new outcome(s) into ${org.name}; ${result.duplicates} already known; ${result.statusChanges} status change(s).`,
        ];
        if (result.errorCount) {
          lines.push(`${result.errorCount} row problem(s) (those rows were skipped, the rest was imported):`);
          lines.push(...result.errors.slice(0, SHOWN_ERRORS).map((e) => `  ${formatRowError(e)}`));
          if (result.errorCount > SHOWN_ERRORS)
            lines.push(`  … and ${result.errorCount - SHOWN_ERRORS} more (use --json for the list)`);
        }
        return lines.join('\n');
      });
      // the good rows are stored; a non-zero exit still tells a script that some were not
      if (result.errorCount)
        throw new CliError(
          `${result.errorCount} row(s) of ${file} were skipped; fix them and import the file again (imported rows are not duplicated)`,
        );
    });

  outcomes
    .command('show')
    .description("One lead's way through the lifecycle: status history, hand-over score and the final outcome")
    .argument('<name>', 'org name')
    .argument('<leadId>', "the lead's CRM id")
    .option('--json', 'print one JSON object (machine-readable)')
    .action(async (name: string, leadId: string, opts: { json?: boolean }) => {
      const deps = await runtimeDeps(ctx);
      const org = await findOrg(deps, name);
      const timeline = await getLeadTimeline(deps.db, org.id, leadId);
      if (!timeline) throw new CliError(`No lead "${leadId}" in ${org.name}`);
      const active = await createDefinitionStore(deps.db).getActive(org.definitionId ?? 'default');
      const explanation = explainTimeline(timeline, {
        coolOffDays: active?.definition.status.recycle?.coolOffDays ?? DEFAULT_RECYCLE_COOL_OFF_DAYS,
      });
      printResult(ctx.io, Boolean(opts.json), { ...timeline, explanation }, () => {
        const h = timeline.handover;
        const f = timeline.finalOutcome;
        return [
          `Lead ${leadId}: ${timeline.status}, score ${timeline.score ?? '–'} (${timeline.grade ?? '–'}), owner ${timeline.ownerId ?? '–'}`,
          h
            ? `Handed over ${h.at} with score ${h.score ?? '–'}, grade ${h.grade ?? '–'}, definition ${h.definitionVersion ?? '–'}`
            : 'Never handed over to sales.',
          f
            ? `Outcome: ${f.kind} on ${f.occurredAt}${f.amount !== null ? `, ${f.amount} ${f.currency ?? ''}`.trimEnd() : ''}${f.reason ? ` (${f.reason})` : ''}`
            : 'No final outcome yet.',
          '',
          ...explanation,
          '',
          formatTable(
            ['AT', 'FROM', 'TO', 'CAUSE', 'DETAIL', 'SCORE', 'GRADE'],
            timeline.history.map((t) => [t.at, t.from, t.to, t.cause, t.detail, t.score, t.grade]),
          ),
        ].join('\n');
      });
    });
}
