import type { Definition } from '../definition/definitionSchema';
import type { CanonicalLead } from '../domain/lead';
import type { Enrichment } from '../domain/enrichment';
import { compileDefinition, type CompiledDefinition } from '../scoring/compileDefinition';
import { scoreLead } from '../scoring/scoreLead';

export type RuleSection = 'fit' | 'qualification' | 'negative';

/** One band of one criterion: a feature of the calibration (1 when the band gave its points). */
export interface FeatureRule {
  code: string;
  section: RuleSection;
  /** Index of the criterion in the feature space (all sections, in definition order). */
  criterion: number;
  signal: string;
  points: number;
}

/** The definition's own scoring rules, as features. Bands of a criterion are exclusive. */
export interface FeatureSpace {
  rules: FeatureRule[];
  /**
   * Per criterion, the indexes of its rules; `ordered`, for a criterion of number ranges
   * (bands up to ever higher maxima, then "above"), those rules from low to high (an
   * "unknown" band is not among them).
   */
  criteria: { section: RuleSection; signal: string; rules: number[]; ordered?: number[] }[];
}

type Band = Definition['fit']['criteria'][number]['bands'][number];

/** The rules of a criterion whose known values fall in consecutive number ranges, in order; else undefined. */
function orderedBands(bands: readonly Band[], ids: readonly number[]): number[] | undefined {
  const order: number[] = [];
  let last = -Infinity;
  for (const [i, b] of bands.entries()) {
    if (b.present === false) continue;
    const other = b.in ?? b.contains ?? b.min ?? b.is ?? b.matches ?? b.withinDays ?? b.olderThanDays;
    if (other !== undefined || b.present === true) return undefined;
    if (b.otherwise) {
      // "above the last maximum" closes the order; nothing may follow it
      if (bands.slice(i + 1).some((x) => x.present !== false)) return undefined;
    } else if (b.max === undefined || b.max <= last) return undefined;
    else last = b.max;
    order.push(ids[i]!);
  }
  return order.length >= 3 ? order : undefined;
}

const SECTIONS: RuleSection[] = ['fit', 'qualification', 'negative'];

function criteriaOf(def: Definition, section: RuleSection) {
  return section === 'fit' ? def.fit.criteria : section === 'qualification' ? def.qualification.criteria : def.negative;
}

export function featureSpace(def: Definition): FeatureSpace {
  const rules: FeatureRule[] = [];
  const criteria: FeatureSpace['criteria'] = [];
  for (const section of SECTIONS) {
    for (const c of criteriaOf(def, section)) {
      const index = criteria.length;
      const ids = c.bands.map(
        (b) => rules.push({ code: b.code, section, criterion: index, signal: c.signal, points: b.points }) - 1,
      );
      const ordered = orderedBands(c.bands, ids);
      criteria.push({ section, signal: c.signal, rules: ids, ...(ordered ? { ordered } : {}) });
    }
  }
  return { rules, criteria };
}

/** Per criterion, the rule that fired (an index into `rules`) or -1. */
export type FiredRules = Int16Array;

/** The scorer keeps at most this many reasons (definition schema limit). */
const REASONS_LIMIT = 20;

/**
 * Probe definitions: the same criteria with every band worth 1 point, no disqualifiers
 * and up to 20 criteria each, so the scorer's reasons name exactly the band that fired in
 * every criterion. Using the public scorer keeps the features identical to what scoring
 * sees, whatever the scorer's internals become.
 */
function probeDefinitions(def: Definition): CompiledDefinition[] {
  const all = SECTIONS.flatMap((section) => criteriaOf(def, section));
  const probes: CompiledDefinition[] = [];
  for (let start = 0; start < all.length; start += REASONS_LIMIT) {
    const criteria = all
      .slice(start, start + REASONS_LIMIT)
      .map((c) => ({ ...c, bands: c.bands.map((b) => ({ ...b, points: 1 })) }));
    probes.push(
      compileDefinition({
        ...def,
        fit: { criteria },
        qualification: { criteria: [] },
        negative: [],
        disqualifiers: [],
        engagement: { ...def.engagement, events: {} },
        status: { ...def.status, fastLane: [] },
        reasons: { max: REASONS_LIMIT },
      }),
    );
  }
  return probes;
}

/**
 * Reads which band of every criterion a stored lead matches. Enrichment is not stored
 * with the lead: pass the offline enricher to derive its facts again (pure), and a band
 * the stored reasons name wins for its criterion (it may rest on network facts the
 * snapshot cannot reproduce).
 */
export function createFeatureExtractor(
  def: Definition,
  space: FeatureSpace,
  enrich?: (lead: CanonicalLead) => Enrichment,
  at: Date = new Date(0),
) {
  const probes = probeDefinitions(def);
  const byCode = new Map(space.rules.map((r, i) => [r.code, i]));
  // only date attributes' age reads the time; nothing else in a profile criterion does
  const now = at;
  return (lead: CanonicalLead, storedCodes: readonly string[] = []): FiredRules => {
    const fired = new Int16Array(space.criteria.length).fill(-1);
    const enrichment = enrich?.(lead);
    for (const probe of probes) {
      const result = scoreLead(probe, {
        lead,
        ...(enrichment ? { enrichment } : {}),
        events: [],
        currentStatus: null,
        now,
      });
      for (const reason of result.reasons) {
        const rule = byCode.get(reason.code);
        if (rule !== undefined) fired[space.rules[rule]!.criterion] = rule;
      }
    }
    for (const code of storedCodes) {
      const rule = byCode.get(code);
      if (rule !== undefined) fired[space.rules[rule]!.criterion] = rule;
    }
    return fired;
  };
}

/** Fit on the definition's 0–100 scale for given points per rule, as the scorer computes it. */
export function fitFromPoints(fired: FiredRules, points: ArrayLike<number>, maxFitPoints: number): number {
  let sum = 0;
  for (let c = 0; c < fired.length; c++) if (fired[c]! >= 0) sum += points[fired[c]!]!;
  const fit = (100 * sum) / maxFitPoints;
  return fit <= 0 ? 0 : fit >= 100 ? 100 : Math.round(fit);
}

export function gradeOf(fit: number, grades: { A: number; B: number; C: number }): 'A' | 'B' | 'C' | 'D' {
  return fit >= grades.A ? 'A' : fit >= grades.B ? 'B' : fit >= grades.C ? 'C' : 'D';
}
