import type { CalibrationResult } from './calibrateSamples';
import type { HeldOutFigures } from './crossValidation';

const f3 = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : v.toFixed(3));

function figures(f: HeldOutFigures | null | undefined): string {
  if (!f) return 'none';
  return `AUC ${f3(f.auc)} [${f3(f.aucLow)}, ${f3(f.aucHigh)}] lift10 ${f3(f.liftTopDecile)} lift20 ${f3(f.liftTopQuintile)} ECE ${f3(f.ece)}`;
}

/**
 * The version note of an applied calibration: the held-out figures it was applied on, in
 * one line (the stored YAML carries the same figures in its header comment).
 */
export function calibrationNote(result: CalibrationResult, forced: boolean): string {
  const d = result.figures?.difference;
  return [
    `calibrated${forced ? ' (forced: no improvement on held-out outcomes)' : ''}: held-out AUC ${f3(result.figures?.current?.auc)} → ${f3(result.figures?.proposed.auc)}`,
    `on ${result.outcomes.won} won / ${result.outcomes.notWon} not-won, ${result.folds}-fold CV seed ${result.seed}`,
    `current ${figures(result.figures?.current)}`,
    `proposed ${figures(result.figures?.proposed)}`,
    ...(d ? [`difference ${f3(d.difference)} [${f3(d.low)}, ${f3(d.high)}]`] : []),
  ].join('; ');
}
