import type { Definition } from '../definition/definitionSchema';
import { GRADE_RANK } from '../scoring/compileDefinition';
import { featureSpace, fitFromPoints, gradeOf, type FiredRules } from './calibrationFeatures';
import { crossValidate, fitPlattParams, round4, type HeldOutFigures, type Scorer } from './crossValidation';
import { fitRulePoints, maxFitOf } from './fitRulePoints';
import { gradesForShares, matchGradeVolumes, saneGrades, withProposal, type RuleChange } from './proposePoints';
import { conversionByGrade, type GradeConversion } from './rankMetrics';
import { renderCalibrationYaml } from './renderCalibrationYaml';

export { splitValue } from './crossValidation';

/** One lead as the calibration sees it. `won` is null while the lead has no closing outcome. */
export interface CalibrationSample {
  id: string;
  fired: FiredRules;
  won: boolean | null;
  /** Stored engagement (0–100), for the MQL gate; null when unknown. */
  engagement: number | null;
}

export interface CalibrationOptions {
  /** Changes which leads fall in which fold; the split is a hash of seed and lead id, so it is stable as data grows. */
  seed?: number;
  folds?: number;
  /** Won and not-won closed outcomes needed before anything is proposed. */
  minPerClass?: number;
  /** Training leads a rule must fire for before its points are re-estimated. */
  minRuleLeads?: number;
  lambda?: number;
  /** `share`: thresholds keep today's share of leads per grade; `current`: keep today's numbers. */
  thresholds?: 'share' | 'current';
  /** `adjust` re-weights the definition's own rules; `discover` fits points for criteria built from the data. */
  mode?: 'adjust' | 'discover';
  /** With `discover`: the fit of each sample under the definition in use today, to compare against. */
  currentFits?: readonly number[];
  /** Name and version of what `currentFits` come from. */
  currentDefinition?: { name: string; version: number };
  /** Grade thresholds of that definition (the shares per grade to keep). */
  currentGrades?: Definition['grades'];
  /**
   * With `discover`: `per-criterion` (default) lets the training outcomes set how far each
   * criterion is shrunk (and number ranges be fitted as steps), so a few hundred outcomes
   * give points to the few columns they support; `uniform` shrinks every band by `lambda`.
   */
  shrinkage?: 'per-criterion' | 'uniform';
}

export interface ModelFigures extends HeldOutFigures {
  /** Held-out leads per grade (grades from the held-out fit and the thresholds). */
  byGrade: Record<string, GradeConversion>;
  /** All leads whose grade (and stored engagement) pass the MQL thresholds. */
  mqlVolume: number;
}

export type CalibrationStatus = 'proposed' | 'no_improvement' | 'insufficient';

export interface CalibrationResult {
  /** `proposed`: beats today's definition on held-out outcomes beyond the 90 % interval. */
  status: CalibrationStatus;
  message: string;
  definition: { name: string; version: number };
  current: { name: string; version: number } | null;
  outcomes: { won: number; notWon: number; needed: number; unlabelled: number };
  folds: number;
  seed: number;
  figures?: {
    current: ModelFigures | null;
    proposed: ModelFigures;
    difference: { difference: number; low: number; high: number } | null;
  };
  changes?: RuleChange[];
  thresholds?: { old: Definition['grades']; new: Definition['grades']; mode: 'share' | 'current'; adjusted: boolean };
  /**
   * `lambda`: the penalty (with per-criterion shrinkage, where every criterion's starts);
   * `penalties`: with per-criterion shrinkage, the one the outcomes set per criterion, in
   * definition order (large: the criterion is shrunk to almost no points).
   */
  model?: { intercept: number; iterations: number; converged: boolean; lambda: number; penalties?: number[] };
  /** The proposal's fit read as a win probability, fitted on all outcomes: 1 / (1 + e^-(intercept + slope·fit)). */
  winProbability?: { intercept: number; slope: number };
  proposal?: Definition;
  /** The proposal as a definition file, ready for the definition store. */
  yaml?: string;
}

/**
 * `lambda` is the pull towards today's points (adjust) on standardised weights: 20 weighs
 * about as much as 140 outcomes, so 40 outcomes barely move the points and thousands move
 * them as far as the data says. Discovery has no agreed points to pull towards: 5, towards 0,
 * where each criterion's own penalty starts before its outcomes set it (per-criterion shrinkage).
 */
export const DEFAULTS = { seed: 1, folds: 5, minPerClass: 20, thresholds: 'share' as const, mode: 'adjust' as const };
const LAMBDA = { adjust: 20, discover: 5 };
/** Discovered bands are fitted from 10 leads on (the penalty keeps them modest); an agreed rule is re-estimated from 30. */
const MIN_RULE_LEADS = { adjust: 30, discover: 10 };

/** Why nothing is proposed yet, with how many more outcomes of each kind are needed. */
export function insufficientMessage(won: number, notWon: number, needed: number): string | null {
  if (won >= needed && notWon >= needed) return null;
  const missing = [
    won < needed ? `${needed - won} more won` : '',
    notWon < needed ? `${needed - notWon} more not-won (lost, disqualified or recycled)` : '',
  ].filter(Boolean);
  return `Not enough closed outcomes to calibrate: ${won} won and ${notWon} not-won; at least ${needed} of each are needed (${missing.join(' and ')}).`;
}

/**
 * Fits won vs not-won on the definition's rules, cross-validates the proposal against the
 * definition in use, and proposes new points and grade thresholds only when they rank
 * held-out outcomes better beyond the 90 % interval.
 */
export function calibrateSamples(
  def: Definition,
  samples: CalibrationSample[],
  options: CalibrationOptions = {},
): CalibrationResult {
  const o = { ...DEFAULTS, ...options };
  const space = featureSpace(def);
  const rows = samples.map((s, i) => i).filter((i) => samples[i]!.won !== null);
  const won = rows.map((i) => samples[i]!.won === true);
  const ids = rows.map((i) => samples[i]!.id);
  const fired = rows.map((i) => samples[i]!.fired);
  const count = { won: won.filter(Boolean).length, notWon: won.filter((w) => !w).length };
  const current = o.mode === 'adjust' ? { name: def.name, version: def.version } : (o.currentDefinition ?? null);
  const base = {
    definition: { name: def.name, version: def.version },
    current,
    folds: o.folds,
    seed: o.seed,
    outcomes: { ...count, needed: o.minPerClass, unlabelled: samples.length - rows.length },
  };
  const refusal = insufficientMessage(count.won, count.notWon, o.minPerClass);
  if (refusal) return { ...base, status: 'insufficient', message: refusal };

  const lambda = o.lambda ?? LAMBDA[o.mode];
  const fitOptions = {
    lambda,
    minRuleLeads: o.minRuleLeads ?? MIN_RULE_LEADS[o.mode],
    mode: o.mode,
    maxPoints: def.fit.maxPoints,
    shrinkage: o.shrinkage ?? (o.mode === 'discover' ? ('per-criterion' as const) : ('uniform' as const)),
  };
  const oldPoints = space.rules.map((r) => r.points);
  const oldMax = maxFitOf(space, oldPoints, def.fit.maxPoints);
  const currentFitAll: readonly number[] | null =
    o.mode === 'adjust' ? samples.map((s) => fitFromPoints(s.fired, oldPoints, oldMax)) : (o.currentFits ?? null);
  const currentScorer: Scorer | null = currentFitAll ? () => (row) => currentFitAll[rows[row]!]! : null;
  const proposedScorer: Scorer = (train) => {
    const fit = fitRulePoints(space, fired, won, train, fitOptions);
    return (row) => fitFromPoints(fired[row]!, fit.points, fit.maxFitPoints);
  };
  const cv = crossValidate(ids, won, { current: currentScorer, proposed: proposedScorer }, o.folds, o.seed);
  const final = fitRulePoints(
    space,
    fired,
    won,
    rows.map((_, i) => i),
    fitOptions,
  );
  const newFitAll = samples.map((s) => fitFromPoints(s.fired, final.points, final.maxFitPoints));
  const currentGrades = o.mode === 'adjust' ? def.grades : (o.currentGrades ?? def.grades);
  const matched =
    o.thresholds === 'current'
      ? def.grades
      : currentFitAll
        ? matchGradeVolumes(currentFitAll, newFitAll, currentGrades)
        : gradesForShares(newFitAll);
  const sane = saneGrades(matched);
  const proposal = withProposal(def, final.changes, sane.grades);
  // a discovered definition is a first version, not a revision of one
  if (o.mode === 'discover') proposal.version = def.version;

  const figures = (held: HeldOutFigures, fits: readonly number[], grades: Definition['grades']): ModelFigures => {
    const minRank = GRADE_RANK[def.status.mql.minGrade];
    let mqlVolume = 0;
    samples.forEach((s, i) => {
      const passes = GRADE_RANK[gradeOf(fits[i]!, grades)] >= minRank;
      if (passes && (s.engagement === null || s.engagement >= def.status.mql.minEngagement)) mqlVolume++;
    });
    return {
      ...held,
      byGrade: conversionByGrade(
        rows.map((i) => gradeOf(fits[i]!, grades)),
        won,
      ),
      mqlVolume,
    };
  };
  const shown = {
    current: cv.current && currentFitAll ? figures(cv.current, currentFitAll, currentGrades) : null,
    proposed: figures(cv.proposed, newFitAll, sane.grades),
    difference: cv.difference,
  };
  const beats = cv.difference ? cv.difference.low > 0 : (cv.proposed.aucLow ?? 0) > 0.5;
  const status: CalibrationStatus = beats ? 'proposed' : 'no_improvement';
  const result: CalibrationResult = {
    ...base,
    status,
    message: verdictMessage(status, def, proposal, shown),
    figures: shown,
    changes: final.changes,
    thresholds: { old: def.grades, new: sane.grades, mode: o.thresholds, adjusted: sane.adjusted },
    model: {
      ...final.model,
      lambda,
      ...(final.penalties ? { penalties: final.penalties.map((p) => Math.round(p * 100) / 100) } : {}),
    },
    winProbability: (({ intercept, slope }) => ({ intercept: round4(intercept)!, slope: round4(slope)! }))(
      fitPlattParams(
        rows.map((i) => newFitAll[i]!),
        won,
      ),
    ),
    proposal,
  };
  result.yaml = renderCalibrationYaml(proposal, result);
  return result;
}

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : v.toFixed(3));

function verdictMessage(
  status: CalibrationStatus,
  def: Definition,
  proposal: Definition,
  f: NonNullable<CalibrationResult['figures']>,
): string {
  const auc = (m: HeldOutFigures | null) => (m ? `${fmt(m.auc)} [${fmt(m.aucLow)}–${fmt(m.aucHigh)}]` : 'n/a');
  const d = f.difference;
  const change = d
    ? ` (${d.difference >= 0 ? '+' : ''}${d.difference.toFixed(3)}, 90 % interval ${d.low >= 0 ? '+' : ''}${d.low.toFixed(3)} to ${d.high >= 0 ? '+' : ''}${d.high.toFixed(3)})`
    : '';
  const figures = f.current
    ? `held-out AUC ${auc(f.current)} → ${auc(f.proposed)}${change}`
    : `held-out AUC ${auc(f.proposed)}`;
  if (status === 'proposed') return `Proposed ${def.name} v${proposal.version}: ${figures}.`;
  const why = f.current
    ? 'it does not rank held-out outcomes better than the current definition beyond the 90 % interval'
    : 'it does not rank held-out outcomes better than chance beyond the 90 % interval';
  return `No improvement: ${figures}; ${why}. Nothing to apply (--force stores it anyway).`;
}
