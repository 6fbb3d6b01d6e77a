import type { Grade } from '../definition/definitionSchema';
import type { EngagementType } from '../domain/engagement';
import { GRADE_RANK } from './compileDefinition';
import type { Contribution } from './reasonCollector';
import type { ScoreResult } from './scoreLead';

/** A contribution in whole points on the 0–100 scale it is shown on. */
export interface ShownPoints {
  code: string;
  points: number;
  en: string;
  es: string;
}

/** What would make a nurtured lead an MQL, each from the definition's rules. */
export type Need =
  | { kind: 'fit'; grade: Grade; minFit: number; fit: number }
  | {
      kind: 'engagement';
      minEngagement: number;
      engagement: number;
      examples: { type: EngagementType; count: number }[];
    }
  | { kind: 'complete'; fields: string[] }
  | { kind: 'fastLane'; en: string; es: string; events: EngagementType[]; withinDays: number };

/**
 * The score as a rep can check it: `score = round(fit × wFit + engagement × wEngagement)`,
 * the fit items sum to the fit, the engagement items to the engagement (each on its 0–100
 * scale, rounded so that the whole numbers shown add up), and what is missing.
 */
export interface ScoreExplanation {
  score: number;
  fit: number;
  grade: Grade;
  engagement: number;
  weights: { fit: number; engagement: number };
  /** The definition's weights when the normalised ones need more than two decimals. */
  definitionWeights?: { fit: number; engagement: number };
  /** The grade comes from fit alone: the threshold it reached (undefined for D). */
  gradeFloor: number | undefined;
  fitItems: ShownPoints[];
  engagementItems: ShownPoints[];
  /** A hard disqualifier zeroed the score. */
  disqualifier?: { code: string; en: string; es: string };
  needs: Need[];
}

/** Points on the 0–100 scale are clamped; the clamp is listed as one more item so the sum still holds. */
export const LIMIT_CODE = 'limit';

const GRADES: Grade[] = ['A', 'B', 'C'];

/**
 * Whole numbers that sum to `target`, each as close as possible to its exact value: start from
 * the rounded values and move the one that gains most (or loses least) by a point until the
 * sum is right (n is a few dozen at most).
 */
export function apportion(exact: number[], target: number): number[] {
  const shown = exact.map((v) => Math.round(v));
  let diff = target - shown.reduce((a, b) => a + b, 0);
  while (diff !== 0 && shown.length > 0) {
    const step = diff > 0 ? 1 : -1;
    let best = 0;
    let bestGap = -Infinity;
    for (let i = 0; i < exact.length; i++) {
      const gap = (exact[i]! - shown[i]!) * step;
      if (gap > bestGap) {
        bestGap = gap;
        best = i;
      }
    }
    shown[best]! += step;
    diff -= step;
  }
  return shown;
}

function scaled(
  items: Contribution[],
  maxPoints: number,
  value: number,
  limit: { en: string; es: string },
): ShownPoints[] {
  const exact = items.map((c) => (100 * c.points) / maxPoints);
  const total = exact.reduce((a, b) => a + b, 0);
  // what the items add up to before the 0–100 clamp (value itself when it was not clamped)
  const unclamped = (value === 0 && total < 0) || (value === 100 && total > 100) ? Math.round(total) : value;
  const shown = apportion(exact, unclamped);
  const out: ShownPoints[] = [];
  items.forEach((c, i) => {
    if (shown[i] !== 0) out.push({ code: c.code, points: shown[i]!, en: c.en, es: c.es });
  });
  out.sort((a, b) => Math.abs(b.points) - Math.abs(a.points) || (a.code < b.code ? -1 : 1));
  if (unclamped !== value) out.push({ code: LIMIT_CODE, points: value - unclamped, ...limit });
  return out;
}

/** The fewest fresh events of one type that close the engagement gap, per type that can (its cap allows). */
function engagementExamples(result: ScoreResult, gap: number): { type: EngagementType; count: number }[] {
  const { rules, maxEngagementPoints } = {
    rules: result.breakdown.rules.engagementRules,
    maxEngagementPoints: result.breakdown.maxEngagementPoints,
  };
  const needed = (gap * maxEngagementPoints) / 100;
  const held = new Map(
    result.breakdown.contributions.filter((c) => c.part === 'engagement').map((c) => [c.code, c.points]),
  );
  const options: { type: EngagementType; count: number; points: number }[] = [];
  for (const rule of rules) {
    if (rule.points <= 0) continue;
    const count = Math.ceil(needed / rule.points - 1e-9);
    if (count < 1 || count > 10) continue;
    if ((held.get(rule.code) ?? 0) + count * rule.points > rule.cap + 1e-9) continue;
    options.push({ type: rule.type, count, points: rule.points });
  }
  options.sort((a, b) => a.count - b.count || b.points - a.points);
  return options.slice(0, 2).map(({ type, count }) => ({ type, count }));
}

function needsOf(result: ScoreResult): Need[] {
  if (result.proposedStatus !== 'nurture') return [];
  const { rules, grades } = result.breakdown;
  const needs: Need[] = [];
  const { mql } = rules;
  if (GRADE_RANK[result.grade] < GRADE_RANK[mql.minGrade] && mql.minGrade !== 'D') {
    needs.push({ kind: 'fit', grade: mql.minGrade, minFit: grades[mql.minGrade], fit: result.fit });
  }
  if (result.engagement < mql.minEngagement) {
    needs.push({
      kind: 'engagement',
      minEngagement: mql.minEngagement,
      engagement: result.engagement,
      examples: engagementExamples(result, mql.minEngagement - result.engagement),
    });
  }
  if (mql.requireComplete && result.missingRequired.length > 0)
    needs.push({ kind: 'complete', fields: result.missingRequired });
  for (const lane of rules.fastLane) {
    if (GRADE_RANK[result.grade] < GRADE_RANK[lane.minGrade]) continue;
    if (lane.requireComplete && result.missingRequired.length > 0) continue;
    needs.push({ kind: 'fastLane', en: lane.en, es: lane.es, events: lane.events, withinDays: lane.withinDays });
  }
  return needs;
}

const twoDecimals = (w: number) => Math.abs(Math.round(w * 100) / 100 - w) < 1e-9;

/** Turns a score into the numbers a rep can check by hand (see ScoreExplanation). */
export function explainScore(result: ScoreResult): ScoreExplanation {
  const b = result.breakdown;
  const fitValue = b.fitBeforeDisqualifier;
  const fitItems = scaled(
    b.contributions.filter((c) => c.part === 'fit'),
    b.maxFitPoints,
    fitValue,
    { en: 'fit is kept within 0–100', es: 'el perfil se mantiene entre 0 y 100' },
  );
  const engagementItems = scaled(
    b.contributions.filter((c) => c.part === 'engagement'),
    b.maxEngagementPoints,
    result.engagement,
    { en: 'engagement is kept within 0–100', es: 'el interés se mantiene entre 0 y 100' },
  );
  const disqualifier =
    result.proposedStatus === 'disqualified' ? b.contributions.find((c) => c.part === 'disqualifier') : undefined;
  const fitGrade: Grade = GRADES.find((g) => fitValue >= b.grades[g as 'A' | 'B' | 'C']) ?? 'D';
  const out: ScoreExplanation = {
    score: result.score,
    fit: fitValue,
    grade: disqualifier ? result.grade : fitGrade,
    engagement: result.engagement,
    weights: b.weights,
    gradeFloor: fitGrade === 'D' ? undefined : b.grades[fitGrade as 'A' | 'B' | 'C'],
    fitItems,
    engagementItems,
    needs: needsOf(result),
  };
  if (!twoDecimals(b.weights.fit) || !twoDecimals(b.weights.engagement)) out.definitionWeights = b.definitionWeights;
  if (disqualifier) out.disqualifier = { code: disqualifier.code, en: disqualifier.en, es: disqualifier.es };
  return out;
}
