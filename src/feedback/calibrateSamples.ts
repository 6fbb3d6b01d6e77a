import YAML from 'yaml';
import type { Definition } from '../definition/definitionSchema';
import { compileDefinition, GRADE_RANK } from '../scoring/compileDefinition';
import { featureSpace, fitFromPoints, gradeOf, type FiredRules } from './calibrationFeatures';
import { fitLogistic } from './fitLogistic';
import { matchGradeVolumes, proposePoints, withProposal, type RuleChange } from './proposePoints';
import { auc, conversionByGrade, liftTopDecile, type GradeConversion } from './rankMetrics';

/** One stored lead as the calibration sees it. `won` is null while the lead has no closing outcome. */
export interface CalibrationSample {
  id: string;
  fired: FiredRules;
  won: boolean | null;
  /** Stored engagement (0–100), for the MQL gate; null when unknown. */
  engagement: number | null;
}

export interface CalibrationOptions {
  /** Changes which leads are held out; the split is a hash of seed and lead id, so it is stable as data grows. */
  seed?: number;
  holdoutShare?: number;
  /** Won and not-won closed outcomes needed before anything is proposed. */
  minPerClass?: number;
  /** Training leads a rule must fire for before its points are re-estimated. */
  minRuleLeads?: number;
  lambda?: number;
}

export interface ModelFigures {
  /** On the held-out leads. */
  auc: number | null;
  liftTopDecile: number | null;
  byGrade: Record<string, GradeConversion>;
  /** All stored leads whose grade (and stored engagement) pass the MQL thresholds. */
  mqlVolume: number;
  /** Share won among held-out closed leads that pass the MQL grade. */
  mqlConversion: number | null;
}

export interface CalibrationResult {
  status: 'proposed' | 'insufficient';
  message: string;
  definition: { name: string; version: number };
  outcomes: { won: number; notWon: number; needed: number; train: { won: number; notWon: number }; holdout: { won: number; notWon: number } };
  current?: ModelFigures;
  proposed?: ModelFigures;
  changes?: RuleChange[];
  thresholds?: { old: Definition['grades']; new: Definition['grades'] };
  model?: { intercept: number; iterations: number; converged: boolean; lambda: number };
  proposal?: Definition;
  /** The proposal as a definition file, ready for the definition store. */
  yaml?: string;
}

export const DEFAULTS = { seed: 1, holdoutShare: 0.3, minPerClass: 30, minRuleLeads: 10, lambda: 1 };

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
 * Fits won vs not-won on the definition's own rules, proposes new points and grade
 * thresholds, and measures the current and the proposed definition on held-out leads.
 */
export function calibrateSamples(def: Definition, samples: CalibrationSample[], options: CalibrationOptions = {}): CalibrationResult {
  const o = { ...DEFAULTS, ...options };
  const space = featureSpace(def);
  const labelled = samples.filter((s) => s.won !== null);
  const isHoldout = (s: CalibrationSample) => splitValue(s.id, o.seed) < o.holdoutShare;
  const train = labelled.filter((s) => !isHoldout(s));
  const holdout = labelled.filter(isHoldout);
  const count = (list: CalibrationSample[]) => ({ won: list.filter((s) => s.won).length, notWon: list.filter((s) => !s.won).length });
  const all = count(labelled);
  const outcomes = { ...all, needed: o.minPerClass, train: count(train), holdout: count(holdout) };
  const base = { definition: { name: def.name, version: def.version }, outcomes };
  if (all.won < o.minPerClass || all.notWon < o.minPerClass) {
    const missing = [all.won < o.minPerClass ? `${o.minPerClass - all.won} more won` : '', all.notWon < o.minPerClass ? `${o.minPerClass - all.notWon} more not-won (lost, disqualified or recycled)` : ''].filter(Boolean);
    return {
      ...base,
      status: 'insufficient',
      message: `Not enough closed outcomes to calibrate: ${all.won} won and ${all.notWon} not-won; at least ${o.minPerClass} of each are needed (${missing.join(' and ')}).`,
    };
  }

  const columns = space.rules.map(() => new Float64Array(train.length));
  const support = { leads: space.rules.map(() => 0), won: space.rules.map(() => 0) };
  train.forEach((s, i) => {
    for (const rule of s.fired) {
      if (rule < 0) continue;
      columns[rule]![i] = 1;
      support.leads[rule]!++;
      if (s.won) support.won[rule]!++;
    }
  });
  // rules with too few leads keep their points: leave them out of the fit too
  const fitted = columns.map((c, j) => (support.leads[j]! >= o.minRuleLeads ? c : new Float64Array(train.length)));
  const model = fitLogistic(fitted, train.map((s) => (s.won ? 1 : 0)), { lambda: o.lambda });
  const changes = proposePoints(space, model.weights, support, o.minRuleLeads);

  const compiledOld = compileDefinition(def);
  const oldPoints = space.rules.map((r) => r.points);
  const newPoints = changes.map((c) => c.newPoints);
  const draft = compileDefinition(withProposal(def, changes, def.grades));
  const oldFits = samples.map((s) => fitFromPoints(s.fired, oldPoints, compiledOld.maxFitPoints));
  const newFits = samples.map((s) => fitFromPoints(s.fired, newPoints, draft.maxFitPoints));
  const grades = matchGradeVolumes(oldFits, newFits, def.grades);
  const proposal = withProposal(def, changes, grades);

  const figures = (fits: number[], g: Definition['grades']): ModelFigures => {
    const minRank = GRADE_RANK[def.status.mql.minGrade];
    const passes = (i: number) => GRADE_RANK[gradeOf(fits[i]!, g)] >= minRank;
    let mqlVolume = 0;
    samples.forEach((s, i) => {
      if (passes(i) && (s.engagement === null || s.engagement >= def.status.mql.minEngagement)) mqlVolume++;
    });
    const index = new Map(samples.map((s, i) => [s, i]));
    const rows = holdout.map((s) => index.get(s)!);
    const won = rows.map((i) => samples[i]!.won === true);
    const scores = rows.map((i) => fits[i]!);
    const gated = rows.filter(passes);
    const gatedWon = gated.filter((i) => samples[i]!.won).length;
    return {
      auc: round4(auc(scores, won)),
      liftTopDecile: round4(liftTopDecile(scores, won)),
      byGrade: conversionByGrade(scores.map((f) => gradeOf(f, g)), won),
      mqlVolume,
      mqlConversion: gated.length ? round4(gatedWon / gated.length) : null,
    };
  };
  const current = figures(oldFits, def.grades);
  const proposed = figures(newFits, grades);
  const delta = current.auc !== null && proposed.auc !== null ? proposed.auc - current.auc : null;
  return {
    ...base,
    status: 'proposed',
    message: `Proposed ${def.name} v${proposal.version}: AUC ${fmt(current.auc)} → ${fmt(proposed.auc)}${delta !== null ? ` (${delta >= 0 ? '+' : ''}${delta.toFixed(3)})` : ''} on ${holdout.length} held-out leads; MQL volume ${current.mqlVolume} → ${proposed.mqlVolume}.`,
    current,
    proposed,
    changes,
    thresholds: { old: def.grades, new: grades },
    model: { intercept: model.intercept, iterations: model.iterations, converged: model.converged, lambda: o.lambda },
    proposal,
    yaml: toYaml(proposal, current, proposed),
  };
}

const round4 = (v: number | null) => (v === null ? null : Math.round(v * 10_000) / 10_000);
const fmt = (v: number | null) => (v === null ? 'n/a' : v.toFixed(3));

function toYaml(def: Definition, current: ModelFigures, proposed: ModelFigures): string {
  const header = [
    `# ${def.name} v${def.version}, proposed by \`leadloop calibrate\` from won / not-won outcomes.`,
    `# Held-out AUC ${fmt(current.auc)} → ${fmt(proposed.auc)}; top-decile lift ${fmt(current.liftTopDecile)} → ${fmt(proposed.liftTopDecile)}.`,
    '# Points and grade thresholds changed; codes, reason texts and everything else are as before.',
  ];
  return `${header.join('\n')}\n${YAML.stringify(def, { lineWidth: 0 })}`;
}
