import type { Grade } from '../definition/definitionSchema';
import type { CanonicalLead } from '../domain/lead';
import { isSalesStatus, type LeadStatus } from '../domain/status';
import { GRADE_RANK, type CompiledDefinition } from './compileDefinition';

export interface StatusFacts {
  lead: CanonicalLead;
  currentStatus: LeadStatus | null;
  /** Sales returned the lead (now `recycled`, or re-scored since without sales taking it back). */
  recycled?: boolean;
  /** A rep disqualified the lead and has not reopened it. */
  disqualifiedBySales?: boolean;
  /** A returned lead: engagement before this instant (return + cool-off) does not count. */
  countsFromMs?: number;
  /** A returned lead did something that counts since its cool-off ended. */
  engagedSinceReturn?: boolean;
  nowMs: number;
  /** Latest counted event time per ENGAGEMENT_TYPES index (-Infinity: none). */
  latest: Float64Array;
  fit: number;
  grade: Grade;
  engagement: number;
  complete: boolean;
  disqualifiedBy: { code: string; en: string; es: string } | undefined;
}

export interface StatusDecision {
  status: LeadStatus;
  cause: string;
  fastLane: boolean;
  reason?: { code: string; en: string; es: string };
}

function firesFastLane(rule: CompiledDefinition['fastLane'][number], facts: StatusFacts): boolean {
  if (GRADE_RANK[facts.grade] < rule.minGradeRank) return false;
  if (rule.requireComplete && !facts.complete) return false;
  for (const index of rule.typeIndexes) if (facts.nowMs - facts.latest[index]! <= rule.withinMs) return true;
  return false;
}

/**
 * The lifecycle guard and the qualification rules, in order of precedence:
 * 1. sales owns `sal`, `sql`, `won`, `lost`: the status is kept (`sales_owned`);
 * 2. a converted lead is sales' (`converted` → sql, or its current sales status);
 * 3. a rep's disqualification is kept until a rep reopens the lead (`sales_disqualified`);
 * 4. a hard disqualifier → `disqualified:<code>`;
 * 5. a returned lead stays in nurture through its cool-off (`nurture:cool_off`) and until
 *    it does something after it (`nurture:recycled`): only new engagement brings it back;
 * 6. a fast-lane rule → `mql` (`fast_lane:<code>`);
 * 7. grade, engagement and completeness thresholds → `mql` (`mql_threshold`);
 * 8. the soft disqualification floor → `disqualified:low_fit` (not for a recycled lead:
 *    sales saw something in it);
 * 9. otherwise `nurture` (`nurture:incomplete`, `nurture:recycled`, `nurture:below_threshold`).
 */
export function decideStatus(compiled: CompiledDefinition, facts: StatusFacts): StatusDecision {
  const current = facts.currentStatus;
  if (current && current !== 'recycled' && isSalesStatus(current))
    return { status: current, cause: 'sales_owned', fastLane: false };
  if (facts.lead.isConverted === true && current !== 'recycled')
    return { status: 'sql', cause: 'converted', fastLane: false };
  if (current === 'disqualified' && facts.disqualifiedBySales)
    return { status: 'disqualified', cause: 'sales_disqualified', fastLane: false };

  if (facts.disqualifiedBy) {
    const { code, en, es } = facts.disqualifiedBy;
    return { status: 'disqualified', cause: `disqualified:${code}`, fastLane: false, reason: { code, en, es } };
  }
  const returned = facts.recycled ?? current === 'recycled';
  if (returned && facts.countsFromMs !== undefined && facts.nowMs < facts.countsFromMs)
    return { status: 'nurture', cause: 'nurture:cool_off', fastLane: false };
  if (returned && facts.engagedSinceReturn === false)
    return { status: 'nurture', cause: 'nurture:recycled', fastLane: false };
  for (const rule of compiled.fastLane) {
    if (firesFastLane(rule, facts)) {
      return {
        status: 'mql',
        cause: `fast_lane:${rule.code}`,
        fastLane: true,
        reason: { code: rule.code, en: rule.en, es: rule.es },
      };
    }
  }
  const mql = compiled.mql;
  const profileOk = GRADE_RANK[facts.grade] >= mql.minGradeRank && facts.engagement >= mql.minEngagement;
  if (profileOk && (facts.complete || !mql.requireComplete))
    return { status: 'mql', cause: 'mql_threshold', fastLane: false };

  const recycled = facts.recycled ?? current === 'recycled';
  const floor = compiled.disqualify;
  if (floor && !recycled && facts.fit <= floor.maxFit && facts.engagement <= floor.maxEngagement) {
    return { status: 'disqualified', cause: 'disqualified:low_fit', fastLane: false };
  }
  const why = profileOk ? 'incomplete' : recycled ? 'recycled' : 'below_threshold';
  return { status: 'nurture', cause: `nurture:${why}`, fastLane: false };
}
