import { seededRandom } from '../../../bench/calibrationSynthetic';
import { aucWithInterval, compareAuc } from '../../../src/feedback/aucInterval';
import { crossValidate, stratifiedFolds } from '../../../src/feedback/crossValidation';
import { expectedCalibrationError, liftTop } from '../../../src/feedback/rankMetrics';

/** DeLong's variance straight from its definition, O(m·n): the check for the mid-rank version. */
function bruteDelong(a: number[], b: number[], won: boolean[]) {
  const psi = (x: number, y: number) => (x > y ? 1 : x === y ? 0.5 : 0);
  const pos = won.map((w, i) => (w ? i : -1)).filter((i) => i >= 0);
  const neg = won.map((w, i) => (w ? -1 : i)).filter((i) => i >= 0);
  const comp = (s: number[]) => ({
    v10: pos.map((i) => neg.reduce((t, j) => t + psi(s[i]!, s[j]!), 0) / neg.length),
    v01: neg.map((j) => pos.reduce((t, i) => t + psi(s[i]!, s[j]!), 0) / pos.length),
  });
  const cov = (x: number[], y: number[]) => {
    const mx = x.reduce((s, v) => s + v, 0) / x.length;
    const my = y.reduce((s, v) => s + v, 0) / y.length;
    return x.reduce((s, v, i) => s + (v - mx) * (y[i]! - my), 0) / (x.length - 1);
  };
  const ca = comp(a);
  const cb = comp(b);
  const aucA = ca.v10.reduce((s, v) => s + v, 0) / pos.length;
  const aucB = cb.v10.reduce((s, v) => s + v, 0) / pos.length;
  const varA = cov(ca.v10, ca.v10) / pos.length + cov(ca.v01, ca.v01) / neg.length;
  const varDiff =
    (cov(ca.v10, ca.v10) + cov(cb.v10, cb.v10) - 2 * cov(ca.v10, cb.v10)) / pos.length +
    (cov(ca.v01, ca.v01) + cov(cb.v01, cb.v01) - 2 * cov(ca.v01, cb.v01)) / neg.length;
  return { aucA, varA, diff: aucB - aucA, varDiff };
}

describe('AUC intervals (DeLong) and held-out figures', () => {
  const random = seededRandom(9);
  const won = Array.from({ length: 300 }, () => random() < 0.3);
  // coarse scores with many ties, as points-based fits are
  const a = won.map((w) => Math.round((w ? 0.4 : 0) * 10 + random() * 10));
  const b = won.map((w, i) => a[i]! + Math.round((w ? 3 : 0) * random()));

  it('matches the O(m·n) definition of the variance, ties included', () => {
    const brute = bruteDelong(a, b, won);
    const one = aucWithInterval(a, won)!;
    expect(one.auc).toBeCloseTo(brute.aucA, 12);
    expect(one.variance).toBeCloseTo(brute.varA, 12);
    expect(one.high - one.auc).toBeCloseTo(1.6448536 * Math.sqrt(brute.varA), 6);
    const diff = compareAuc(a, b, won)!;
    expect(diff.difference).toBeCloseTo(brute.diff, 12);
    expect(diff.high - diff.difference).toBeCloseTo(1.6448536 * Math.sqrt(brute.varDiff), 6);
  });

  it.each([
    ['perfectly calibrated bins', [0.05, 0.05, 0.95, 0.95], [false, false, true, true], 0.05],
    ['always 0.5 on a 50 % rate', [0.5, 0.5, 0.5, 0.5], [true, false, true, false], 0],
    ['confidently wrong', [0.9, 0.9], [false, false], 0.9],
  ])('ECE: %s', (_label, p, y, expected) => {
    expect(expectedCalibrationError(p, y)!).toBeCloseTo(expected, 10);
  });

  it('lift in the top quintile counts ties at the cut at their average', () => {
    expect(
      liftTop(
        [5, 4, 3, 2, 1, 0, 0, 0, 0, 0],
        [true, false, false, false, false, false, false, false, false, true],
        0.2,
      ),
    ).toBeCloseTo(0.5 / 0.2, 10);
  });

  it('deals won and not-won leads evenly round the folds, the same for a seed whatever the row order', () => {
    const ids = won.map((_, i) => `L${i}`);
    const folds = stratifiedFolds(ids, won, 5, 4);
    for (let f = 0; f < 5; f++) {
      const inFold = won.filter((_, i) => folds[i] === f);
      expect(Math.abs(inFold.filter(Boolean).length - won.filter(Boolean).length / 5)).toBeLessThanOrEqual(1);
    }
    const reversed = stratifiedFolds([...ids].reverse(), [...won].reverse(), 5, 4);
    expect(Array.from(reversed).reverse()).toEqual(Array.from(folds));
    expect(Array.from(stratifiedFolds(ids, won, 5, 5))).not.toEqual(Array.from(folds));
  });

  it('scores every lead with a model that never saw its outcome', () => {
    const ids = won.map((_, i) => `L${i}`);
    const seen: number[][] = [];
    const cv = crossValidate(
      ids,
      won,
      {
        current: null,
        proposed: (train) => {
          seen.push([...train]);
          return (row) => a[row]!;
        },
      },
      5,
      1,
    );
    expect(seen).toHaveLength(5);
    // each model trains on all rows but one fold, and every row is held out exactly once
    const folds = stratifiedFolds(ids, won, 5, 1);
    seen.forEach((train, f) => expect(train).toEqual(ids.map((_, i) => i).filter((i) => folds[i] !== f)));
    expect(cv.proposed.auc).toBeCloseTo(aucWithInterval(a, won)!.auc, 4);
    expect(cv.current).toBeNull();
  });
});
