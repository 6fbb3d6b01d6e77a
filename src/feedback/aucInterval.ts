/**
 * AUC with its variance by DeLong's method (DeLong, DeLong & Clarke-Pearson, "Comparing
 * the areas under two or more correlated ROC curves", Biometrics 1988), computed from
 * mid-ranks as in Sun & Xu, "Fast implementation of DeLong's algorithm", IEEE SPL 2014:
 * O(n log n), so it runs on every stored lead of an org. Two scores of the same leads are
 * compared paired (their covariance counts), which is what "does the proposal rank the
 * same held-out outcomes better than today's definition" asks.
 */

/** z for a two-sided 90 % interval. */
export const Z_90 = 1.6448536269514722;

export interface AucInterval {
  auc: number;
  low: number;
  high: number;
  variance: number;
}

export interface AucComparison {
  /** b − a. */
  difference: number;
  low: number;
  high: number;
}

function midRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]!] === values[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = rank;
    i = j + 1;
  }
  return ranks;
}

/** The structural components of one score: V10 per positive, V01 per negative. */
function components(
  scores: ArrayLike<number>,
  won: ArrayLike<boolean>,
): { v10: Float64Array; v01: Float64Array; auc: number } | null {
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < scores.length; i++) (won[i] ? pos : neg).push(scores[i]!);
  const m = pos.length;
  const n = neg.length;
  if (m < 2 || n < 2) return null;
  const all = midRanks([...pos, ...neg]);
  const rx = midRanks(pos);
  const ry = midRanks(neg);
  const v10 = new Float64Array(m);
  const v01 = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < m; i++) {
    v10[i] = (all[i]! - rx[i]!) / n;
    sum += v10[i]!;
  }
  for (let j = 0; j < n; j++) v01[j] = 1 - (all[m + j]! - ry[j]!) / m;
  return { v10, v01, auc: sum / m };
}

function covariance(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (a[i]! - ma) * (b[i]! - mb);
  return s / (n - 1);
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** AUC and its 90 % interval; null with fewer than two outcomes of either kind. */
export function aucWithInterval(scores: ArrayLike<number>, won: ArrayLike<boolean>, z = Z_90): AucInterval | null {
  const c = components(scores, won);
  if (!c) return null;
  const variance = covariance(c.v10, c.v10) / c.v10.length + covariance(c.v01, c.v01) / c.v01.length;
  const half = z * Math.sqrt(Math.max(0, variance));
  return { auc: c.auc, low: clamp01(c.auc - half), high: clamp01(c.auc + half), variance };
}

/** Paired comparison of two scores of the same leads: AUC(b) − AUC(a) with its 90 % interval. */
export function compareAuc(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  won: ArrayLike<boolean>,
  z = Z_90,
): AucComparison | null {
  const ca = components(a, won);
  const cb = components(b, won);
  if (!ca || !cb) return null;
  const m = ca.v10.length;
  const n = ca.v01.length;
  const variance =
    (covariance(ca.v10, ca.v10) + covariance(cb.v10, cb.v10) - 2 * covariance(ca.v10, cb.v10)) / m +
    (covariance(ca.v01, ca.v01) + covariance(cb.v01, cb.v01) - 2 * covariance(ca.v01, cb.v01)) / n;
  const difference = cb.auc - ca.auc;
  const half = z * Math.sqrt(Math.max(0, variance));
  return { difference, low: difference - half, high: difference + half };
}
