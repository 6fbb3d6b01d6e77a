import type { Definition, Grade } from '../definition/definitionSchema';
import type { CanonicalLead } from '../domain/lead';
import type { LeadStatus } from '../domain/status';
import { createOfflineEnricher } from '../enrich/enrichOffline';
import { compileDefinition } from '../scoring/compileDefinition';
import { formatReasons } from '../scoring/formatReasons';
import { scoreLead, type ScoreResult } from '../scoring/scoreLead';
import { compareAuc } from './aucInterval';
import { fitPlatt, heldOutFigures, type HeldOutFigures } from './crossValidation';

/** One past lead as a backtest replays it. */
export interface BacktestLead {
  lead: CanonicalLead;
  /** What leadloop holds today (a rep's decision sticks under either definition). */
  status: LeadStatus | null;
  /** Stored engagement: events are not kept, so both definitions see the same measured figure. */
  engagement: number | null;
  recycledAt: string | null;
  /** Closed outcome: won, not won, or none yet. */
  won: boolean | null;
}

export interface Mover {
  externalId: string;
  before: { score: number; grade: Grade; status: LeadStatus; reasons: string };
  after: { score: number; grade: Grade; status: LeadStatus; reasons: string };
  change: number;
}

export interface BacktestResult {
  active: string;
  candidate: string;
  leads: number;
  outcomes: { won: number; notWon: number };
  /** On past outcomes; no fitting (both definitions are fixed), ECE through a logistic link on the same outcomes. */
  ranking: {
    active: HeldOutFigures | null;
    candidate: HeldOutFigures | null;
    difference: { difference: number; low: number; high: number } | null;
  };
  /** from → to → leads. */
  grades: Record<string, Record<string, number>>;
  statuses: Record<string, Record<string, number>>;
  changed: { grade: number; status: number };
  /** Leads not an MQL today that the candidate makes one, and the hand-over tasks routing would create for them. */
  newMqls: number;
  handoverTasks: number;
  /** MQLs today the candidate would no longer qualify. */
  lostMqls: number;
  /** Leads whose score, grade, status or reasons the candidate changes: each one CRM update. */
  crmWrites: number;
  movers: Mover[];
  /** Whether the candidate ranks past outcomes worse (AUC difference below 0 beyond its 90 % interval). */
  ranksWorse: boolean;
}

const MOVERS = 10;
const MIN_OUTCOMES = 20;

function bump(table: Record<string, Record<string, number>>, from: string, to: string): void {
  const row = (table[from] ??= {});
  row[to] = (row[to] ?? 0) + 1;
}

/**
 * Replays a candidate definition over past leads next to the active one: the same lead,
 * facts, stored engagement and current status go through both, so every difference is
 * the definition's. Pure: it reads leads and writes nothing anywhere.
 */
export function backtestLeads(
  active: Definition,
  candidate: Definition,
  leads: Iterable<BacktestLead>,
  now: Date,
): BacktestResult {
  const a = compileDefinition(active);
  const c = compileDefinition(candidate);
  const enrich = createOfflineEnricher();
  const out: BacktestResult = {
    active: a.version,
    candidate: c.version,
    leads: 0,
    outcomes: { won: 0, notWon: 0 },
    ranking: { active: null, candidate: null, difference: null },
    grades: {},
    statuses: {},
    changed: { grade: 0, status: 0 },
    newMqls: 0,
    handoverTasks: 0,
    lostMqls: 0,
    crmWrites: 0,
    movers: [],
    ranksWorse: false,
  };
  const fitsA: number[] = [];
  const fitsC: number[] = [];
  const won: boolean[] = [];
  const movers: { m: Mover; size: number }[] = [];
  const text = (r: ScoreResult) => formatReasons(r, { language: 'en', maxLength: 255 });
  for (const item of leads) {
    out.leads++;
    const enrichment = enrich(item.lead, now);
    const input = {
      lead: item.lead,
      enrichment,
      events: [],
      currentStatus: item.status,
      now,
      recycledAt: item.recycledAt,
      knownEngagement: item.engagement ?? 0,
    };
    const before = scoreLead(a, input);
    const beforeView = {
      score: before.score,
      grade: before.grade,
      status: before.proposedStatus,
      codes: before.reasons.map((r) => `${r.code}:${r.points}`).join(','),
      result: { ...before, reasons: [...before.reasons] },
    };
    const after = scoreLead(c, input);
    bump(out.grades, beforeView.grade, after.grade);
    bump(out.statuses, beforeView.status, after.proposedStatus);
    if (beforeView.grade !== after.grade) out.changed.grade++;
    if (beforeView.status !== after.proposedStatus) out.changed.status++;
    if (after.proposedStatus === 'mql' && item.status !== 'mql' && beforeView.status !== 'mql') out.newMqls++;
    if (beforeView.status === 'mql' && after.proposedStatus !== 'mql') out.lostMqls++;
    const afterCodes = after.reasons.map((r) => `${r.code}:${r.points}`).join(',');
    if (
      after.score !== beforeView.score ||
      after.grade !== beforeView.grade ||
      after.proposedStatus !== beforeView.status ||
      afterCodes !== beforeView.codes
    )
      out.crmWrites++;
    const size = Math.abs(after.score - beforeView.score);
    if (size > 0 && (movers.length < MOVERS || size > movers[movers.length - 1]!.size)) {
      movers.push({
        size,
        m: {
          externalId: item.lead.externalId,
          change: after.score - beforeView.score,
          before: {
            score: beforeView.score,
            grade: beforeView.grade,
            status: beforeView.status,
            reasons: text(beforeView.result),
          },
          after: { score: after.score, grade: after.grade, status: after.proposedStatus, reasons: text(after) },
        },
      });
      movers.sort((x, y) => y.size - x.size || (x.m.externalId < y.m.externalId ? -1 : 1));
      if (movers.length > MOVERS) movers.pop();
    }
    if (item.won !== null) {
      fitsA.push(before.fit);
      fitsC.push(after.fit);
      won.push(item.won);
      if (item.won) out.outcomes.won++;
      else out.outcomes.notWon++;
    }
  }
  out.handoverTasks = out.newMqls;
  out.movers = movers.map((x) => x.m);
  if (out.outcomes.won >= MIN_OUTCOMES && out.outcomes.notWon >= MIN_OUTCOMES) {
    const figures = (fits: number[]) => {
      const link = fitPlatt(fits, won);
      return heldOutFigures(fits, fits.map(link), won);
    };
    out.ranking.active = figures(fitsA);
    out.ranking.candidate = figures(fitsC);
    const d = compareAuc(fitsA, fitsC, won);
    if (d) {
      const r = (v: number) => Math.round(v * 10_000) / 10_000;
      out.ranking.difference = { difference: r(d.difference), low: r(d.low), high: r(d.high) };
      out.ranksWorse = d.high < 0;
    }
  }
  return out;
}
