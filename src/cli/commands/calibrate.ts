import type { Command } from 'commander';
import type { CliContext } from '../context';
import { CliError, formatTable, printResult } from '../output';
import { applyCalibration, calibrate, type CalibrationResult } from '../../feedback/calibrate';
import { findOrg } from '../../sync/syncOrg';
import { runtimeDeps } from '../runtimeDeps';

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null | undefined, digits = 3) => (v === null || v === undefined ? '–' : v.toFixed(digits));

export function register(program: Command, ctx: CliContext): void {
  program
    .command('calibrate')
    .description("Measure the lead definition against won / not-won outcomes and propose new points and grade thresholds")
    .argument('<name>', 'org name')
    .option('--apply', 'store the proposal as the new active definition version (old versions stay)')
    .option('--seed <n>', 'changes which leads are held out for the evaluation', '1')
    .option('--json', 'print one JSON object (machine-readable)')
    .action(async (name: string, opts: { apply?: boolean; seed: string; json?: boolean }) => {
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed)) throw new CliError(`--seed "${opts.seed}" is not a whole number`);
      const deps = await runtimeDeps(ctx);
      const org = await findOrg(deps, name);
      const result = await calibrate(deps.db, org.id, { seed });
      let applied: { name: string; version: number } | null = null;
      if (opts.apply && result.status === 'proposed') {
        const saved = await applyCalibration(deps.db, org.id, result, 'leadloop calibrate');
        applied = { name: saved.name, version: saved.version };
      }
      const { proposal: _proposal, ...shown } = result;
      printResult(ctx.io, Boolean(opts.json), { org: org.name, ...shown, applied }, () => formatCalibration(result, applied, org.name));
      if (result.status === 'insufficient') throw new CliError(result.message);
    });
}

function formatCalibration(result: CalibrationResult, applied: { name: string; version: number } | null, org: string): string {
  const o = result.outcomes;
  const head = `Calibration of ${result.definition.name} v${result.definition.version} for ${org}: ${o.won} won, ${o.notWon} not-won closed outcomes ` +
    `(training ${o.train.won}/${o.train.notWon}, held out ${o.holdout.won}/${o.holdout.notWon}).`;
  if (result.status !== 'proposed') return `${head}\n${result.message}`;
  const c = result.current!;
  const p = result.proposed!;
  const t = result.thresholds!;
  const effect = formatTable(['', 'CURRENT', 'PROPOSED'], [
    ['AUC (held out)', num(c.auc), num(p.auc)],
    ['Lift in the top decile', num(c.liftTopDecile, 2), num(p.liftTopDecile, 2)],
    ['MQL volume (all leads)', c.mqlVolume, p.mqlVolume],
    ['Conversion of MQLs (held out)', pct(c.mqlConversion), pct(p.mqlConversion)],
    ...(['A', 'B', 'C', 'D'] as const).map((g) => [`Grade ${g}: leads / conversion`, `${c.byGrade[g]?.leads ?? 0} / ${pct(c.byGrade[g]?.conversionRate)}`, `${p.byGrade[g]?.leads ?? 0} / ${pct(p.byGrade[g]?.conversionRate)}`]),
  ]);
  const changed = result.changes!.filter((ch) => ch.newPoints !== ch.oldPoints || ch.kept);
  const rules = formatTable(['RULE', 'SECTION', 'OLD', 'NEW', 'LEADS', 'WON', 'NOTE'], changed.map((ch) => [
    ch.code, ch.section, ch.oldPoints, ch.newPoints, ch.leads, ch.won, ch.kept ? 'kept: too few leads' : ch.newPoints > ch.oldPoints ? 'up' : 'down',
  ]));
  const thresholds = (['A', 'B', 'C'] as const).map((g) => `${g} ${t.old[g]} → ${t.new[g]}`).join(', ');
  return [
    head,
    '',
    'Expected effect',
    effect,
    '',
    `Rule changes (${changed.length} of ${result.changes!.length} rules)`,
    changed.length ? rules : 'No rule changes.',
    '',
    `Grade thresholds (same share of leads per grade): ${thresholds}`,
    '',
    applied ? `Applied: ${applied.name} version ${applied.version} is now active.` : 'Not applied. Run again with --apply to make it the active definition version.',
  ].join('\n');
}
