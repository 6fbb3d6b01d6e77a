import { fitLogistic, type LogisticFit } from './fitLogistic';

/**
 * L2 logistic regression with one penalty per group of columns (one group per criterion),
 * each chosen from the training outcomes alone by empirical Bayes: the weights of a group
 * are read as drawn from N(0, 1/penalty) on the standardised scale, and each penalty is
 * set to maximise the evidence (the marginal likelihood of the training outcomes) by
 * MacKay's fixed-point update, refitting until the penalties settle.
 *
 * How much a criterion may say thus follows from how much the outcomes support it: with
 * a few hundred outcomes a column that carries no signal is shrunk to almost nothing and
 * the few that do keep their weight; with thousands every penalty is small next to the
 * data and the fit is the plain regression. Nothing here looks at rows outside `labels`.
 */
export interface GroupPenaltyOptions {
  /** Penalty every group starts from. */
  initial: number;
  /** Penalties stay within these bounds (the top one is "as good as left out"). */
  min: number;
  max: number;
  maxIterations: number;
  /** Stop when no penalty moves by more than this share. */
  tolerance: number;
}

export const GROUP_PENALTY_DEFAULTS: GroupPenaltyOptions = {
  initial: 5,
  min: 0.01,
  max: 1e4,
  maxIterations: 50,
  tolerance: 1e-3,
};

export interface GroupPenaltyFit {
  model: LogisticFit;
  /** Final penalty per group. */
  penalties: number[];
  iterations: number;
}

export function fitGroupPenalties(
  columns: Float64Array[],
  labels: ArrayLike<number>,
  /** Group of every column, 0 … groups − 1. */
  groupOf: readonly number[],
  groups: number,
  options: Partial<GroupPenaltyOptions> = {},
): GroupPenaltyFit {
  const o = { ...GROUP_PENALTY_DEFAULTS, ...options };
  let penalties = new Array<number>(groups).fill(o.initial);
  let model: LogisticFit | undefined;
  let iterations = 0;
  for (;;) {
    iterations++;
    model = fitLogistic(columns, labels, {
      penalties: groupOf.map((g) => penalties[g]!),
      posterior: true,
      ...(model ? { start: model } : {}),
    });
    const squares = new Array<number>(groups).fill(0);
    const spread = new Array<number>(groups).fill(0);
    const size = new Array<number>(groups).fill(0);
    const { weights, variances } = model.standardised!;
    groupOf.forEach((g, j) => {
      if (variances[j]! <= 0) return; // a constant column says nothing about its group
      squares[g] += weights[j]! ** 2;
      spread[g] += variances[j]!;
      size[g]++;
    });
    // MacKay's fixed point of the evidence: the group's well-determined weights (its size less
    // what the prior still decides) over their sum of squares; same optimum as EM, fewer refits
    const next = penalties.map((p, g) => {
      if (!size[g]) return p;
      const determined = Math.max(1e-6, size[g]! - p * spread[g]!);
      return Math.min(o.max, Math.max(o.min, determined / Math.max(squares[g]!, 1e-12)));
    });
    const moved = next.some((p, g) => Math.abs(p - penalties[g]!) > o.tolerance * penalties[g]!);
    penalties = next;
    if (!moved || iterations >= o.maxIterations) break;
  }
  // the weights that go with the penalties returned
  model = fitLogistic(columns, labels, { penalties: groupOf.map((g) => penalties[g]!), start: model });
  return { model, penalties, iterations };
}
