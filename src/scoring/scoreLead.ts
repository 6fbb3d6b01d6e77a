import type { Grade } from '../definition/definitionSchema';
import type { EngagementEvent } from '../domain/engagement';
import type { Enrichment } from '../domain/enrichment';
import type { CanonicalLead } from '../domain/lead';
import { isSalesStatus, type LeadStatus } from '../domain/status';
import { TYPE_INDEX, type CompiledCriterion, type CompiledDefinition, type ExplainInfo } from './compileDefinition';
import { decideStatus } from './decideStatus';
import { parseIsoMs } from './parseIsoMs';
import type { Contribution, ReasonCollector, ReasonSource, ScoreReason } from './reasonCollector';
import { gatherFacts, type LeadView, type SignalValue } from './signalReaders';

export type { ScoreReason } from './reasonCollector';

export interface ScoreInput {
  lead: CanonicalLead;
  enrichment?: Enrichment;
  events: EngagementEvent[];
  currentStatus: LeadStatus | null;
  now: Date;
  /**
   * When sales last returned the lead (the `recycled` transition). Engagement before it
   * is ignored, so a recycled lead re-qualifies only on what it does afterwards.
   */
  recycledAt?: Date | string | null;
  /** A rep disqualified the lead and has not reopened it: it stays disqualified. */
  disqualifiedBySales?: boolean;
  /**
   * Engagement already measured (0–100) when the events are not at hand, as in a backtest
   * over stored leads: it replaces the events' sum; no engagement reasons, no fast lane.
   */
  knownEngagement?: number;
}

/**
 * Everything a rep needs to check the score by hand: the contributions with their exact
 * points on the definition's scales, and the scales. explainScore turns it into the
 * numbers that add up.
 */
export interface ScoreBreakdown {
  /** Fit and engagement contributions (exact points), and the hard disqualifier that matched. */
  contributions: Contribution[];
  maxFitPoints: number;
  maxEngagementPoints: number;
  /** Normalised weights (sum 1) and the definition's own. */
  weights: { fit: number; engagement: number };
  definitionWeights: { fit: number; engagement: number };
  grades: { A: number; B: number; C: number };
  /** The fit before a hard disqualifier zeroed the score (the grade shown is then D). */
  fitBeforeDisqualifier: number;
  /** A returned lead: engagement from this instant on counts toward qualifying again. */
  countsFrom?: string;
  /** The definition's qualification rules (shared, not copied per score). */
  rules: ExplainInfo;
}

export interface ScoreResult {
  fit: number;
  grade: Grade;
  engagement: number;
  score: number;
  completeness: number;
  missingRequired: string[];
  proposedStatus: LeadStatus;
  /** Stable code: mql_threshold, fast_lane:<code>, disqualified:<code>, nurture:<why>, sales_owned, converted. */
  statusCause: string;
  fastLane: boolean;
  /** Why the status was chosen when a single rule decided it (fast lane, disqualifier). */
  statusReason?: { code: string; en: string; es: string };
  reasons: ScoreReason[];
  definitionVersion: string;
  breakdown: ScoreBreakdown;
}

function isPresent(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') {
    // the usual value starts with a visible ASCII character: no trimmed copy needed
    const first = value.length > 0 ? value.charCodeAt(0) : 0;
    if (first > 32 && first < 127) return true;
    return value.trim() !== '';
  }
  return true;
}

function applyCriteria(list: CompiledCriterion[], view: LeadView, reasons: ReasonCollector): number {
  // every contribution is kept (also those not among the top reasons): the explanation lists them all
  let total = 0;
  for (const criterion of list) {
    const value = criterion.read(view);
    for (const band of criterion.bands) {
      if (!band.match(value)) continue;
      total += band.points;
      if (band.points !== 0) reasons.add(band, band.points, value);
      break;
    }
  }
  return total;
}

function toMs(value: Date | string | null | undefined): number {
  if (value === null || value === undefined) return -Infinity;
  const ms = value instanceof Date ? value.getTime() : parseIsoMs(value);
  return Number.isNaN(ms) ? -Infinity : ms;
}

function clamp100(value: number): number {
  return value <= 0 ? 0 : value >= 100 ? 100 : Math.round(value);
}

/**
 * Scores and qualifies one lead against a compiled definition. Pure and deterministic:
 * the same input always gives the same result (time comes from `now`). Synchronous by
 * design: it reuses the compiled definition's scratch buffers.
 */
export function scoreLead(compiled: CompiledDefinition, input: ScoreInput): ScoreResult {
  const { lead, events } = input;
  const nowMs = input.now.getTime();
  // Returned by sales, and not taken back by them since: the recycle keeps counting after the
  // first re-score moved the lead to nurture, so scoring it twice gives the same result.
  const recycled =
    input.currentStatus === 'recycled' ||
    (input.recycledAt != null && !(input.currentStatus !== null && isSalesStatus(input.currentStatus)));
  // engagement during the cool-off after the return does not count either
  const sinceMs = recycled ? toMs(input.recycledAt) + compiled.recycleCoolOffMs : -Infinity;
  const { sums, counts, latest, reasons } = compiled.scratch;
  reasons.reset();

  // Completeness of the CRM record (what a rep sees), required fields first.
  const missingRequired: string[] = [];
  let present = 0;
  for (const req of compiled.required) {
    let ok = false;
    for (const read of req.read) if (isPresent(read(lead))) ok = true;
    if (ok) present++;
    else missingRequired.push(req.label);
  }
  for (const read of compiled.desirable) if (isPresent(read(lead))) present++;
  const slots = compiled.required.length + compiled.desirable.length;
  const completeness = slots === 0 ? 1 : Math.round((present / slots) * 1000) / 1000;

  // Engagement: per event type, sum of decayed points, capped; then normalised.
  const { rules, ruleByType } = compiled.engagement;
  sums.fill(0);
  counts.fill(0);
  latest.fill(-Infinity);
  let hasUnsubscribeEvent = false;
  for (const event of events) {
    if (event.type === 'unsubscribe') hasUnsubscribeEvent = true;
    const at = event.occurredAtMs ?? parseIsoMs(event.occurredAt);
    if (Number.isNaN(at) || at < sinceMs) continue;
    const typeIndex = TYPE_INDEX.get(event.type);
    if (typeIndex === undefined) continue;
    if (at > latest[typeIndex]!) latest[typeIndex] = at;
    const index = ruleByType[typeIndex]!;
    if (index < 0) continue;
    const rule = rules[index]!;
    sums[index] += rule.points * Math.exp(-rule.decayPerMs * (nowMs > at ? nowMs - at : 0));
    counts[index]++;
  }
  let engagementPoints = 0;
  let engagedSinceReturn = false;
  for (let i = 0; i < rules.length; i++) {
    if (counts[i] === 0) continue;
    const rule = rules[i]!;
    const sum = sums[i]!;
    const capped = sum > rule.cap ? rule.cap : sum < -rule.cap ? -rule.cap : sum;
    engagementPoints += capped;
    if (rule.points > 0) engagedSinceReturn = true;
    const shown = Math.round(capped);
    if (capped !== 0) reasons.add(rule, shown, counts[i], 'engagement', capped);
  }
  const engagement =
    input.knownEngagement !== undefined
      ? clamp100(input.knownEngagement)
      : clamp100((100 * engagementPoints) / compiled.engagement.maxPoints);

  // Fit: profile criteria, qualification bonus and penalties, on the profile's scale.
  gatherFacts(compiled.scratch.facts, input.enrichment);
  const view: LeadView = {
    lead,
    facts: compiled.scratch.facts,
    title: undefined,
    parseTitle: compiled.parseTitle,
    hasUnsubscribeEvent,
    nowMs,
  };
  const fitPoints =
    applyCriteria(compiled.fit, view, reasons) +
    applyCriteria(compiled.qualification, view, reasons) +
    applyCriteria(compiled.negative, view, reasons);
  const fit = clamp100((100 * fitPoints) / compiled.maxFitPoints);
  const grade: Grade =
    fit >= compiled.grades.A ? 'A' : fit >= compiled.grades.B ? 'B' : fit >= compiled.grades.C ? 'C' : 'D';

  let disqualifier: ReasonSource | undefined;
  let disqualifierValue: SignalValue;
  for (const d of compiled.disqualifiers) {
    const value = d.read(view);
    if (!d.match(value)) continue;
    disqualifier = d;
    disqualifierValue = value;
    reasons.add(d, d.points, value, 'disqualifier');
    break;
  }

  const decision = decideStatus(compiled, {
    lead,
    currentStatus: input.currentStatus,
    recycled,
    nowMs,
    latest,
    fit,
    grade,
    engagement,
    complete: missingRequired.length === 0,
    disqualifiedBySales: input.disqualifiedBySales === true,
    ...(recycled ? { countsFromMs: sinceMs, engagedSinceReturn } : {}),
    disqualifiedBy: disqualifier && {
      code: disqualifier.code,
      en: disqualifier.en(disqualifierValue),
      es: disqualifier.es(disqualifierValue),
    },
  });
  // a hard disqualifier zeroes the score, unless sales owns the lead (then it is only a reason)
  const zeroed = disqualifier !== undefined && decision.status === 'disqualified';

  const result: ScoreResult = {
    fit,
    grade: zeroed ? 'D' : grade,
    engagement,
    score: zeroed ? 0 : clamp100(compiled.weights.fit * fit + compiled.weights.engagement * engagement),
    completeness,
    missingRequired,
    proposedStatus: decision.status,
    statusCause: decision.cause,
    fastLane: decision.fastLane,
    reasons: reasons.top(compiled.reasonsMax),
    definitionVersion: compiled.version,
    breakdown: {
      contributions: reasons.all(),
      maxFitPoints: compiled.maxFitPoints,
      maxEngagementPoints: compiled.engagement.maxPoints,
      weights: compiled.weights,
      definitionWeights: {
        fit: compiled.definition.score.fitWeight,
        engagement: compiled.definition.score.engagementWeight,
      },
      grades: compiled.grades,
      fitBeforeDisqualifier: fit,
      rules: compiled.explainInfo,
      ...(recycled && Number.isFinite(sinceMs) ? { countsFrom: new Date(sinceMs).toISOString() } : {}),
    },
  };
  if (decision.reason) result.statusReason = decision.reason;
  return result;
}
