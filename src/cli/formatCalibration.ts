import type { CalibrationResult, ModelFigures } from '../feedback/calibrateSamples';
import { formatTable } from './output';

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null | undefined, digits = 3) => (v === null || v === undefined ? '–' : v.toFixed(digits));
const interval = (f: ModelFigures | null | undefined) =>
  f ? `${num(f.auc)} [${num(f.aucLow)}–${num(f.aucHigh)}]` : '–';

/** The calibration as a terminal report: figures of today and the proposal, the verdict, the rules, the thresholds. */
export function formatCalibration(
  result: CalibrationResult,
  applied: { name: string; version: number } | null,
  subject: string,
): string {
  const o = result.outcomes;
  const head =
    `Calibration of ${result.definition.name} v${result.definition.version} for ${subject}: ${o.won} won, ${o.notWon} not-won closed outcomes` +
    (o.unlabelled ? ` (${o.unlabelled} leads without one are left out)` : '') +
    `; ${result.folds}-fold cross-validation, stratified, seed ${result.seed}.`;
  if (!result.figures) return `${head}\n${result.message}`;
  const c = result.figures.current;
  const p = result.figures.proposed;
  const d = result.figures.difference;
  const effect = formatTable(
    ['HELD-OUT OUTCOMES', c ? 'CURRENT' : '', 'PROPOSED'].filter((h, i) => i !== 1 || c),
    [
      ['AUC [90 % interval, DeLong]', interval(c), interval(p)],
      ['Lift in the top decile', num(c?.liftTopDecile, 2), num(p.liftTopDecile, 2)],
      ['Lift in the top quintile', num(c?.liftTopQuintile, 2), num(p.liftTopQuintile, 2)],
      ['ECE (score as win probability)', num(c?.ece), num(p.ece)],
      ['MQL volume (all leads)', c?.mqlVolume, p.mqlVolume],
      ...(['A', 'B', 'C', 'D'] as const).map((g) => [
        `Grade ${g}: leads / won rate`,
        c ? `${c.byGrade[g]?.leads ?? 0} / ${pct(c.byGrade[g]?.conversionRate)}` : '',
        `${p.byGrade[g]?.leads ?? 0} / ${pct(p.byGrade[g]?.conversionRate)}`,
      ]),
    ].map((row) => (c ? row : [row[0], row[2]])),
  );
  const verdict = result.status === 'proposed' ? 'Verdict: an improvement' : 'Verdict: NO IMPROVEMENT';
  const changed = (result.changes ?? []).filter((ch) => ch.newPoints !== ch.oldPoints || ch.kept);
  const rules = formatTable(
    ['RULE', 'SECTION', 'OLD', 'NEW', 'LEADS', 'WON', 'NOTE'],
    changed.map((ch) => [
      ch.code,
      ch.section,
      ch.oldPoints,
      ch.newPoints,
      ch.leads,
      ch.won,
      ch.kept === 'too_few_leads'
        ? 'kept: too few leads to re-estimate'
        : ch.kept
          ? 'neutral: too few leads'
          : ch.newPoints > ch.oldPoints
            ? 'up'
            : 'down',
    ]),
  );
  const t = result.thresholds!;
  const thresholds = (['A', 'B', 'C'] as const).map((g) => `${g} ${t.old[g]} → ${t.new[g]}`).join(', ');
  const how =
    t.mode === 'current'
      ? 'kept'
      : t.adjusted
        ? 'same share of leads per grade where the order and room between grades allow'
        : 'same share of leads per grade';
  return [
    head,
    '',
    effect,
    '',
    `${verdict}${d ? ` (AUC ${d.difference >= 0 ? '+' : ''}${d.difference.toFixed(3)}, 90 % interval ${d.low.toFixed(3)} to ${d.high.toFixed(3)})` : ''}. ${result.message}`,
    '',
    `Rule changes (${changed.length} of ${result.changes!.length} rules)`,
    changed.length ? rules : 'No rule changes.',
    '',
    `Grade thresholds (${how}): ${thresholds}`,
    '',
    applied
      ? `Applied: ${applied.name} version ${applied.version} is now active.`
      : result.status === 'proposed'
        ? 'Not applied. Run again with --apply to make it the active definition version.'
        : 'Not applied: --apply refuses a proposal that is no improvement (add --force to store it anyway).',
  ].join('\n');
}
