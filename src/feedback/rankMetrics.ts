/**
 * How well a score ranks outcomes. AUC is the Mann-Whitney statistic: the chance that a
 * random won lead scores above a random not-won one, ties counting half (a coarse score
 * that puts everyone in one bucket gets 0.5, not a lucky ordering).
 */
export function auc(scores: ArrayLike<number>, won: ArrayLike<boolean>): number | null {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const midRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (won[order[k]!]) {
        positives++;
        rankSum += midRank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Conversion in the top 10 % by score over the overall conversion (see liftTop). */
export function liftTopDecile(scores: ArrayLike<number>, won: ArrayLike<boolean>): number | null {
  return liftTop(scores, won, 0.1);
}

/**
 * Conversion in the top `share` of leads by score over the overall conversion. Leads tied
 * at the cut count with their tie group's average conversion, so ties cannot flatter a score.
 */
export function liftTop(scores: ArrayLike<number>, won: ArrayLike<boolean>, share: number): number | null {
  const n = scores.length;
  if (n === 0) return null;
  let total = 0;
  for (let i = 0; i < n; i++) if (won[i]) total++;
  if (total === 0) return null;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const take = Math.max(1, Math.ceil(n * share));
  let wonTop = 0;
  let i = 0;
  while (i < take) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    let groupWon = 0;
    for (let k = i; k <= j; k++) if (won[order[k]!]) groupWon++;
    const inTop = Math.min(j, take - 1) - i + 1;
    wonTop += (groupWon * inTop) / (j - i + 1);
    i = j + 1;
  }
  return wonTop / take / (total / n);
}

export interface GradeConversion {
  leads: number;
  won: number;
  conversionRate: number | null;
}

export function conversionByGrade(grades: ArrayLike<string>, won: ArrayLike<boolean>): Record<string, GradeConversion> {
  const out: Record<string, GradeConversion> = {};
  for (const g of ['A', 'B', 'C', 'D']) out[g] = { leads: 0, won: 0, conversionRate: null };
  for (let i = 0; i < grades.length; i++) {
    const entry = (out[grades[i]!] ??= { leads: 0, won: 0, conversionRate: null });
    entry.leads++;
    if (won[i]) entry.won++;
  }
  for (const entry of Object.values(out))
    entry.conversionRate = entry.leads ? Math.round((entry.won / entry.leads) * 10_000) / 10_000 : null;
  return out;
}

/**
 * Expected calibration error over `bins` equal-width bins of the predicted win
 * probability: the share-weighted gap between the mean prediction and the observed win
 * rate in each bin (Guo et al., "On Calibration of Modern Neural Networks", 2017, eq. 3).
 */
export function expectedCalibrationError(
  probabilities: ArrayLike<number>,
  won: ArrayLike<boolean>,
  bins = 10,
): number | null {
  const n = probabilities.length;
  if (n === 0) return null;
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  const count = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const p = probabilities[i]!;
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    sumP[b] += p;
    sumY[b] += won[i] ? 1 : 0;
    count[b]++;
  }
  let error = 0;
  for (let b = 0; b < bins; b++) if (count[b]) error += Math.abs(sumP[b]! - sumY[b]!) / n;
  return error;
}
