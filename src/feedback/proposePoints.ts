import type { Definition } from '../definition/definitionSchema';
import type { FeatureSpace, RuleSection } from './calibrationFeatures';

export interface RuleChange {
  code: string;
  section: RuleSection;
  signal: string;
  oldPoints: number;
  newPoints: number;
  /** Training leads the rule fired for, and how many of them were won. */
  leads: number;
  won: number;
  /**
   * Why the data did not set the points: too few leads to say anything, so an agreed
   * rule keeps its points and a discovered band gets the neutral (average) ones.
   */
  kept?: 'too_few_leads' | 'neutral_too_few_leads';
}

const POINT_LIMIT = 100;

/**
 * Maps logistic weights (log-odds per rule) back onto the definition's point scale. One
 * factor for all rules keeps the ranking the regression found; it is chosen so the best
 * band of every fit criterion adds up to what it added up to before, so fit still reads
 * 0–100 and the old and new points are comparable rule by rule (or, given, the scale
 * today's points were read as log-odds with). Penalties stay ≤ 0,
 * points are whole numbers within ±100, rules with too few leads keep their points.
 */
export function proposePoints(
  space: FeatureSpace,
  weights: number[],
  support: { leads: number[]; won: number[] },
  minLeads: number,
  pointsPerLogOdds?: number,
): RuleChange[] {
  const trusted = (i: number) => support.leads[i]! >= minLeads;
  // the sum over fit criteria of the best trusted band, in old points and in log-odds
  const bestOf = (value: (i: number) => number) =>
    space.criteria
      .filter((c) => c.section === 'fit')
      .reduce((sum, c) => sum + Math.max(0, ...c.rules.filter(trusted).map(value)), 0);
  const oldBest = bestOf((i) => space.rules[i]!.points);
  const fittedBest = bestOf((i) => weights[i]!);
  // with the prior's own scale, weights equal to the prior give back today's points exactly
  const factor =
    pointsPerLogOdds !== undefined
      ? pointsPerLogOdds
      : fittedBest > 1e-9 && oldBest > 0
        ? oldBest / fittedBest
        : 100 /
          Math.max(
            1e-9,
            space.rules.reduce((s, _, i) => s + (trusted(i) ? Math.abs(weights[i]!) : 0), 0),
          );
  return space.rules.map((rule, i) => {
    const base = {
      code: rule.code,
      section: rule.section,
      signal: rule.signal,
      oldPoints: rule.points,
      leads: support.leads[i]!,
      won: support.won[i]!,
    };
    if (!trusted(i)) return { ...base, newPoints: rule.points, kept: 'too_few_leads' as const };
    let points = Math.round(weights[i]! * factor);
    points = Math.max(-POINT_LIMIT, Math.min(POINT_LIMIT, points));
    if (rule.section === 'negative') points = Math.min(0, points);
    return { ...base, newPoints: points === 0 ? 0 : points };
  });
}

/**
 * Points for discovered criteria, where every lead falls in exactly one band of each
 * criterion: each criterion's weights are shifted so its worst band is 0 (only the
 * intercept moves) and all are scaled so the strongest band is worth 100. Fit then stays
 * linear in the log-odds between 0 and 100, so the score reads as a win probability
 * through one logistic link.
 */
export function discoverPoints(
  space: FeatureSpace,
  weights: number[],
  support: { leads: number[]; won: number[] },
  minLeads: number,
  /** Which bands the fit set, when not simply those with `minLeads` leads. */
  fitted?: readonly boolean[],
): RuleChange[] {
  const trusted = (i: number) => fitted?.[i] ?? support.leads[i]! >= minLeads;
  const shifted = weights.map((w, i) => (trusted(i) ? w : 0));
  for (const c of space.criteria) {
    const low = Math.min(...c.rules.map((r) => shifted[r]!));
    for (const r of c.rules) shifted[r] = shifted[r]! - low;
  }
  const top = Math.max(0, ...shifted);
  const factor = top > 1e-12 ? POINT_LIMIT / top : 0;
  return space.rules.map((rule, i) => ({
    code: rule.code,
    section: rule.section,
    signal: rule.signal,
    oldPoints: rule.points,
    leads: support.leads[i]!,
    won: support.won[i]!,
    newPoints: Math.round(shifted[i]! * factor),
    ...(trusted(i) ? {} : { kept: 'neutral_too_few_leads' as const }),
  }));
}

/** Fit points between grade thresholds, and the lowest C, below which grades stop meaning anything. */
export const GRADE_GAP = 5;
export const MIN_GRADE_C = 5;

/**
 * Thresholds that stay ordered with room between them: C ≥ 5, B ≥ C + 5, A ≥ B + 5,
 * A ≤ 100. A volume match on a score that bunches its leads (B 2, C 1) is pushed up to
 * these; `adjusted` says the shares per grade could not be kept exactly.
 */
export function saneGrades(grades: Definition['grades']): { grades: Definition['grades']; adjusted: boolean } {
  let C = Math.max(MIN_GRADE_C, grades.C);
  let B = Math.max(grades.B, C + GRADE_GAP);
  let A = Math.max(grades.A, B + GRADE_GAP);
  if (A > 100) {
    A = 100;
    B = Math.min(B, A - GRADE_GAP);
    C = Math.min(C, B - GRADE_GAP);
  }
  return { grades: { A, B, C }, adjusted: A !== grades.A || B !== grades.B || C !== grades.C };
}

/** The definition with the proposed points and grade thresholds; texts, codes and everything else unchanged. */
export function withProposal(def: Definition, changes: RuleChange[], grades: Definition['grades']): Definition {
  const next = structuredClone(def);
  const points = new Map(changes.map((c) => [c.code, c.newPoints]));
  for (const list of [next.fit.criteria, next.qualification.criteria, next.negative]) {
    for (const criterion of list)
      for (const band of criterion.bands) band.points = points.get(band.code) ?? band.points;
  }
  next.grades = grades;
  next.version = def.version + 1;
  return next;
}

/**
 * Grade thresholds that keep the share of leads in each grade: the same number of A, B
 * and C leads go to sales as today, only better chosen. `oldFits`/`newFits` are the fits
 * of the same leads under the current and the proposed points.
 */
export function matchGradeVolumes(
  oldFits: ArrayLike<number>,
  newFits: ArrayLike<number>,
  grades: Definition['grades'],
): Definition['grades'] {
  const n = oldFits.length;
  if (n === 0) return grades;
  const countAtLeast = (fits: ArrayLike<number>) => {
    const counts = new Array<number>(102).fill(0);
    for (let i = 0; i < fits.length; i++) counts[fits[i]!]!++;
    for (let t = 100; t >= 0; t--) counts[t] = counts[t]! + counts[t + 1]!;
    return counts;
  };
  const before = countAtLeast(oldFits);
  const after = countAtLeast(newFits);
  const threshold = (old: number) => {
    const want = before[old]!;
    let best = old;
    for (let t = 100; t >= 1; t--) if (Math.abs(after[t]! - want) < Math.abs(after[best]! - want)) best = t;
    return best;
  };
  const A = Math.min(100, threshold(grades.A));
  const B = Math.min(A - 1, threshold(grades.B));
  const C = Math.max(0, Math.min(B - 1, threshold(grades.C)));
  return { A, B: Math.max(B, C + 1), C };
}

/** Shares of leads at or above each grade when no definition is in use to keep them from: 10 % A, 30 % B or better, 60 % C or better. */
export const DEFAULT_GRADE_SHARES = { A: 0.1, B: 0.3, C: 0.6 };

/** Thresholds that put the given shares of leads at or above A, B and C. */
export function gradesForShares(
  fits: ArrayLike<number>,
  shares: { A: number; B: number; C: number } = DEFAULT_GRADE_SHARES,
): Definition['grades'] {
  const sorted = Array.from(fits).sort((a, b) => b - a);
  const at = (share: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))]! : 0;
  return { A: at(shares.A), B: at(shares.B), C: at(shares.C) };
}
