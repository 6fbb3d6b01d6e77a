import { aucWithInterval, compareAuc, type AucComparison } from './aucInterval';
import { fitLogistic } from './fitLogistic';
import { expectedCalibrationError, liftTop } from './rankMetrics';

/**
 * k-fold cross-validation of lead scores against won / not-won outcomes. Every lead is
 * scored once by a model that never saw its outcome; the figures are computed on those
 * held-out scores pooled over the folds.
 */

/** Ranking and calibration figures of one score on held-out outcomes. */
export interface HeldOutFigures {
  /** Mann-Whitney AUC with a 90 % DeLong interval. */
  auc: number | null;
  aucLow: number | null;
  aucHigh: number | null;
  liftTopDecile: number | null;
  liftTopQuintile: number | null;
  /**
   * Expected calibration error over 10 bins, the score read as a win probability through
   * a logistic link (Platt scaling) fitted on the training folds only.
   */
  ece: number | null;
}

/** Trains on the given rows (indexes into the labelled rows) and returns a score per row index. */
export type Scorer = (train: readonly number[]) => (row: number) => number;

export interface CrossValidation {
  folds: number;
  current: HeldOutFigures | null;
  proposed: HeldOutFigures;
  /** Paired DeLong: AUC(proposed) − AUC(current) with its 90 % interval; null without a current score. */
  difference: AucComparison | null;
}

/** FNV-1a of seed and id, as a number in [0, 1). */
export function splitValue(id: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) / 2 ** 32;
}

/**
 * Fold of every row: won and not-won rows are each ordered by a seeded hash of their id
 * and dealt round the folds, so every fold holds the same share of wins and a lead stays
 * in its fold for a given seed whatever order the rows come in.
 */
export function stratifiedFolds(ids: readonly string[], won: readonly boolean[], k: number, seed: number): Int32Array {
  const fold = new Int32Array(ids.length);
  for (const label of [true, false]) {
    const members = ids.map((_, i) => i).filter((i) => won[i] === label);
    const key = new Map(members.map((i) => [i, splitValue(ids[i]!, seed)]));
    members.sort((a, b) => key.get(a)! - key.get(b)! || (ids[a]! < ids[b]! ? -1 : 1));
    members.forEach((row, position) => (fold[row] = position % k));
  }
  return fold;
}

/** Logistic link from a score to a win probability, fitted on training rows (Platt scaling). */
export function fitPlatt(scores: readonly number[], won: readonly boolean[]): (score: number) => number {
  const { intercept, slope } = fitPlattParams(scores, won);
  return (score) => 1 / (1 + Math.exp(-(intercept + slope * score)));
}

/** The link's parameters: P(won | score s) = 1 / (1 + e^-(intercept + slope·s)). */
export function fitPlattParams(
  scores: readonly number[],
  won: readonly boolean[],
): { intercept: number; slope: number } {
  const fit = fitLogistic(
    [Float64Array.from(scores)],
    won.map((w) => (w ? 1 : 0)),
    { lambda: 1e-6 },
  );
  return { intercept: fit.intercept, slope: fit.weights[0]! };
}

/**
 * Ranking figures come from the score itself, as grades see it (a link fitted on the
 * training folds could flip a score that ranks backwards); ECE from its win probability.
 */
export function heldOutFigures(
  scores: readonly number[],
  probabilities: readonly number[],
  won: readonly boolean[],
): HeldOutFigures {
  const interval = aucWithInterval(scores, won);
  return {
    auc: round4(interval?.auc ?? null),
    aucLow: round4(interval?.low ?? null),
    aucHigh: round4(interval?.high ?? null),
    liftTopDecile: round4(liftTop(scores, won, 0.1)),
    liftTopQuintile: round4(liftTop(scores, won, 0.2)),
    ece: round4(expectedCalibrationError(probabilities, won, 10)),
  };
}

/** Held-out scores and win probabilities of one scorer, one per row. */
function outOfFold(
  scorer: Scorer,
  fold: Int32Array,
  won: readonly boolean[],
  k: number,
): { scores: number[]; probabilities: number[] } {
  const scores = new Array<number>(won.length).fill(0);
  const out = new Array<number>(won.length).fill(0);
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < won.length; i++) (fold[i] === f ? test : train).push(i);
    if (!test.length) continue;
    const score = scorer(train);
    const link = fitPlatt(
      train.map(score),
      train.map((i) => won[i]!),
    );
    for (const i of test) {
      scores[i] = score(i);
      out[i] = link(scores[i]!);
    }
  }
  return { scores, probabilities: out };
}

export function crossValidate(
  ids: readonly string[],
  won: readonly boolean[],
  scorers: { current: Scorer | null; proposed: Scorer },
  k: number,
  seed: number,
): CrossValidation {
  const fold = stratifiedFolds(ids, won, k, seed);
  const proposed = outOfFold(scorers.proposed, fold, won, k);
  const current = scorers.current ? outOfFold(scorers.current, fold, won, k) : null;
  const difference = current ? compareAuc(current.scores, proposed.scores, won) : null;
  return {
    folds: k,
    current: current ? heldOutFigures(current.scores, current.probabilities, won) : null,
    proposed: heldOutFigures(proposed.scores, proposed.probabilities, won),
    difference: difference
      ? { difference: round4(difference.difference)!, low: round4(difference.low)!, high: round4(difference.high)! }
      : null,
  };
}

export const round4 = (v: number | null) => (v === null ? null : Math.round(v * 10_000) / 10_000);
