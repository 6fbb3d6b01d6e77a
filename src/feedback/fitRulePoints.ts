import type { FeatureSpace, FiredRules } from './calibrationFeatures';
import { fitFromPoints } from './calibrationFeatures';
import { fitPlatt } from './crossValidation';
import { fitGroupPenalties } from './fitGroupPenalties';
import { fitLogistic } from './fitLogistic';
import { discoverPoints, proposePoints, type RuleChange } from './proposePoints';

const NOMINAL_SLOPE = Math.log(4) / 100;

export interface RuleFitOptions {
  /** Penalty on the standardised weights, around today's points (`adjust`) or 0 (`discover`). */
  lambda: number;
  /** Training leads a rule must fire for before its points are re-estimated. */
  minRuleLeads: number;
  /**
   * `adjust`: re-weight an agreed definition, shrunk towards its points and on its scale;
   * `discover`: points for criteria built from the data, every lead in one band per criterion.
   */
  mode: 'adjust' | 'discover';
  /** The definition's own fit.maxPoints, when it sets one. */
  maxPoints?: number | undefined;
  /**
   * `discover` only. `per-criterion`: one penalty per criterion, chosen from the training
   * outcomes (fitGroupPenalties; `lambda` is where they start), and number ranges fitted
   * as steps between neighbouring bands, so a criterion gets only the complexity its
   * outcomes support; `uniform` (default): every weight shrunk by `lambda`.
   */
  shrinkage?: 'per-criterion' | 'uniform' | undefined;
}

export interface RuleFit {
  changes: RuleChange[];
  points: number[];
  maxFitPoints: number;
  model: { intercept: number; iterations: number; converged: boolean };
  /** With per-criterion shrinkage: the penalty chosen for every criterion of the feature space. */
  penalties?: number[];
}

/** Points that make fit 100, as compileDefinition computes them: the best band of every fit criterion. */
export function maxFitOf(space: FeatureSpace, points: readonly number[], maxPoints?: number): number {
  if (maxPoints !== undefined) return maxPoints;
  const sum = space.criteria
    .filter((c) => c.section === 'fit')
    .reduce((s, c) => s + Math.max(0, ...c.rules.map((r) => points[r]!)), 0);
  return Math.max(1, sum);
}

/**
 * Fits won vs not-won on the rules of a feature space over the training rows and turns
 * the weights into whole points. In `adjust` mode the prior is today's points read as
 * log-odds (their slope fitted on the same rows), so with few outcomes the proposal stays
 * close to what sales and marketing agreed instead of swinging on noise.
 */
export function fitRulePoints(
  space: FeatureSpace,
  fired: readonly FiredRules[],
  won: readonly boolean[],
  train: readonly number[],
  o: RuleFitOptions,
): RuleFit {
  if (o.mode === 'discover' && o.shrinkage === 'per-criterion') return fitPerCriterion(space, fired, won, train, o);
  const oldPoints = space.rules.map((r) => r.points);
  const columns = space.rules.map(() => new Float64Array(train.length));
  const support = { leads: space.rules.map(() => 0), won: space.rules.map(() => 0) };
  train.forEach((row, i) => {
    for (const rule of fired[row]!) {
      if (rule < 0) continue;
      columns[rule]![i] = 1;
      support.leads[rule]!++;
      if (won[row]) support.won[rule]!++;
    }
  });
  // rules with too few leads keep their points: leave them out of the fit too
  const trusted = support.leads.map((n) => n >= o.minRuleLeads);
  const fitted = columns.map((c, j) => (trusted[j] ? c : new Float64Array(train.length)));
  const labels = train.map((row) => (won[row] ? 1 : 0));
  let prior: number[] | undefined;
  let pointsPerLogOdds: number | undefined;
  if (o.mode === 'adjust') {
    const maxFit = maxFitOf(space, oldPoints, o.maxPoints);
    const fits = train.map((row) => fitFromPoints(fired[row]!, oldPoints, maxFit));
    // today's points read as log-odds: on the slope the outcomes give them, but at least
    // a nominal one (fit 100 = 4× the odds of fit 0), so a definition that ranks nothing
    // today is still the shape few outcomes are pulled towards, never a flipped one
    const link = fitPlatt(
      fits,
      train.map((row) => won[row]!),
    );
    const logit = (p: number) => Math.log(p / (1 - p));
    const slope = Math.max(NOMINAL_SLOPE, logit(link(1)) - logit(link(0)));
    prior = oldPoints.map((p) => (slope * 100 * p) / maxFit);
    pointsPerLogOdds = maxFit / (slope * 100);
  }
  const model = fitLogistic(fitted, labels, { lambda: o.lambda, ...(prior ? { prior } : {}) });
  const changes =
    o.mode === 'adjust'
      ? proposePoints(space, model.weights, support, o.minRuleLeads, pointsPerLogOdds)
      : discoverPoints(space, model.weights, support, o.minRuleLeads);
  const points = changes.map((c) => c.newPoints);
  return {
    changes,
    points,
    maxFitPoints: maxFitOf(space, points, o.mode === 'adjust' ? o.maxPoints : undefined),
    model: { intercept: model.intercept, iterations: model.iterations, converged: model.converged },
  };
}

/**
 * Discovered points with one penalty per criterion chosen from the outcomes. A criterion
 * of number ranges is fitted as its lowest band plus a step at every higher one (a column
 * "this band or above"), so the penalty pulls neighbouring bands together rather than
 * every band to 0: a few outcomes give a smooth staircase, many give each band its own
 * points. A step with too few leads on either side is not fitted (the band takes its
 * lower neighbour's points).
 */
function fitPerCriterion(
  space: FeatureSpace,
  fired: readonly FiredRules[],
  won: readonly boolean[],
  train: readonly number[],
  o: RuleFitOptions,
): RuleFit {
  const support = { leads: space.rules.map(() => 0), won: space.rules.map(() => 0) };
  for (const row of train) {
    for (const rule of fired[row]!) {
      if (rule < 0) continue;
      support.leads[rule]!++;
      if (won[row]) support.won[rule]!++;
    }
  }
  const position = new Int32Array(space.rules.length).fill(-1);
  for (const c of space.criteria) c.ordered?.forEach((rule, p) => (position[rule] = p));
  // design columns: one per trusted band, or per trusted step of a number range, plus the
  // range's trend (its band's rank) in a group of its own: a strong smooth effect is one
  // large trend and small steps, and must not be shrunk as if its small steps were all it had
  const design: { rule: number; criterion: number; values: Float64Array; group: number }[] = [];
  const trends: { criterion: number; column: number }[] = [];
  space.criteria.forEach((c, ci) => {
    const ordered = new Set(c.ordered ?? []);
    if (c.ordered) {
      trends.push({ criterion: ci, column: design.length });
      design.push({
        rule: -1,
        criterion: ci,
        group: space.criteria.length + trends.length - 1,
        values: Float64Array.from(train, (row) => Math.max(0, position[fired[row]![ci]!] ?? 0)),
      });
    }
    for (const rule of c.rules) {
      if (!ordered.has(rule)) {
        if (support.leads[rule]! < o.minRuleLeads) continue;
        design.push({
          rule,
          criterion: ci,
          group: ci,
          values: Float64Array.from(train, (row) => (fired[row]![ci] === rule ? 1 : 0)),
        });
        continue;
      }
      const p = position[rule]!;
      if (p === 0) continue;
      const values = Float64Array.from(train, (row) => {
        const r = fired[row]![ci]!;
        return r >= 0 && position[r]! >= p ? 1 : 0;
      });
      const above = values.reduce((sum, v) => sum + v, 0);
      const below = c.ordered!.slice(0, p).reduce((sum, r) => sum + support.leads[r]!, 0);
      if (above >= o.minRuleLeads && below >= o.minRuleLeads) design.push({ rule, criterion: ci, group: ci, values });
    }
  });
  const fit = fitGroupPenalties(
    design.map((d) => d.values),
    train.map((row) => (won[row] ? 1 : 0)),
    design.map((d) => d.group),
    space.criteria.length + trends.length,
    { initial: o.lambda },
  );
  const weights = space.rules.map(() => 0);
  design.forEach((d, k) => {
    if (d.rule >= 0) weights[d.rule] = fit.model.weights[k]!;
  });
  // a band of a number range is worth the trend at its rank plus its steps from the lowest band up
  for (const t of trends) {
    const slope = fit.model.weights[t.column]!;
    let sum = 0;
    space.criteria[t.criterion]!.ordered!.forEach((rule, p) => (weights[rule] = (sum += weights[rule]!) + slope * p));
  }
  // a band of a number range always has points (its neighbours'), so it is never neutral
  const trusted = space.rules.map((_, j) => position[j]! >= 0 || support.leads[j]! >= o.minRuleLeads);
  const changes = discoverPoints(space, weights, support, o.minRuleLeads, trusted);
  const points = changes.map((c) => c.newPoints);
  return {
    changes,
    points,
    maxFitPoints: maxFitOf(space, points),
    model: { intercept: fit.model.intercept, iterations: fit.iterations, converged: fit.model.converged },
    penalties: fit.penalties.slice(0, space.criteria.length),
  };
}
