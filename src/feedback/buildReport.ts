import { LEAD_STATUSES, type LeadStatus } from '../domain/status';
import type { Queryable } from '../store/database';
import { LEAD_FACTS_CTE } from './leadFactsSql';
import { buildBreakdowns, type Breakdown, type SourceBreakdown } from './reportBreakdowns';
import { reportFlags, scoreRanking, type ReportFlag, type ScoreRanking } from './reportFlags';
import { buildSlaReport, type RecycleReason, type RepResponse, type SlaReport } from './reportSla';

export type { Breakdown, SourceBreakdown, SlaReport, RepResponse, RecycleReason };

export const FUNNEL_CHAIN = ['new', 'mql', 'sal', 'sql', 'won'] as const;
type FunnelStage = (typeof FUNNEL_CHAIN)[number];

export interface StageStep {
  from: FunnelStage;
  to: FunnelStage;
  /** to / from, null when nobody reached `from`. */
  conversionRate: number | null;
  /** Leads with a recorded time for both stages (a skipped stage has none). */
  timedLeads: number;
  medianHours: number | null;
}

export interface Report {
  orgId: number;
  generatedAt: string;
  since: string | null;
  /** Leads that reached each status (a lead counts in every stage it reached). */
  funnel: Record<LeadStatus, number>;
  steps: StageStep[];
  /** won / mql over the whole funnel. */
  mqlToWonRate: number | null;
  /** By grade at hand-over (the current grade for leads never handed over). */
  byGrade: Record<string, Breakdown>;
  /** By score at hand-over in bands of 20 points. */
  byScoreBand: Record<string, Breakdown>;
  bySource: Record<string, SourceBreakdown>;
  sla: SlaReport;
  recycleReasons: RecycleReason[];
  responseTimes: RepResponse[];
  /** How well the score at hand-over ranks closed outcomes. */
  ranking: ScoreRanking;
  /** What says the definition does not work, with what to run. */
  flags: ReportFlag[];
  /** Currencies of the won amounts summed as revenue (more than one means the sums mix them). */
  currencies: string[];
}

export interface ReportOptions {
  /** Only leads first seen at or after this time. */
  since?: Date;
  /** Spend per lead source over the period (same keys as bySource). */
  costs?: Record<string, number>;
  /** For tests: the instant SLA deadlines are judged against. */
  now?: Date;
  /** The org's name, for the commands flags point to. */
  orgName?: string;
}

export const rate = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
export const hours = (seconds: unknown): number | null =>
  seconds === null || seconds === undefined ? null : Math.round((Number(seconds) / 3600) * 100) / 100;

/**
 * The closing-the-loop report of one org: funnel, conversion and revenue by grade, score
 * band and source, SLA compliance, leaking leads, recycle reasons and reps' response
 * times. Every figure is an SQL aggregation; nothing loads leads into memory.
 */
export async function buildReport(db: Queryable, orgId: number, options: ReportOptions = {}): Promise<Report> {
  const since = options.since ?? null;
  const now = options.now ?? new Date();
  const params = [orgId, since];
  const { rows } = await db.query<Record<string, string | number | null>>(
    `WITH ${LEAD_FACTS_CTE}
     SELECT count(*) AS new, count(*) FILTER (WHERE r_nurture) AS nurture, count(*) FILTER (WHERE f_mql) AS mql,
       count(*) FILTER (WHERE f_sal) AS sal, count(*) FILTER (WHERE f_sql) AS sql, count(*) FILTER (WHERE f_won) AS won,
       count(*) FILTER (WHERE r_lost) AS lost, count(*) FILTER (WHERE r_recycled) AS recycled, count(*) FILTER (WHERE r_disqualified) AS disqualified,
       ${stepSql('t_new', 't_mql', 'new_mql')}, ${stepSql('t_mql', 't_sal', 'mql_sal')}, ${stepSql('t_sal', 't_sql', 'sal_sql')}, ${stepSql('t_sql', 't_won', 'sql_won')}
     FROM facts`,
    params,
  );
  const r = rows[0]!;
  const funnel = Object.fromEntries(LEAD_STATUSES.map((s) => [s, Number(r[s] ?? 0)])) as Record<LeadStatus, number>;
  const steps: StageStep[] = FUNNEL_CHAIN.slice(1).map((to, i) => {
    const from = FUNNEL_CHAIN[i]!;
    const key = `${from}_${to}`;
    return {
      from,
      to,
      conversionRate: rate(funnel[to], funnel[from]),
      timedLeads: Number(r[`${key}_n`] ?? 0),
      medianHours: hours(r[`${key}_median`]),
    };
  });
  const breakdowns = await buildBreakdowns(db, params, options.costs);
  const sla = await buildSlaReport(db, params, now);
  const ranking = await scoreRanking(db, params);
  return {
    orgId,
    generatedAt: now.toISOString(),
    since: since ? since.toISOString() : null,
    funnel,
    steps,
    mqlToWonRate: rate(funnel.won, funnel.mql),
    byGrade: breakdowns.byGrade,
    byScoreBand: breakdowns.byScoreBand,
    bySource: breakdowns.bySource,
    sla: sla.sla,
    recycleReasons: sla.recycleReasons,
    responseTimes: sla.responseTimes,
    ranking,
    flags: reportFlags(breakdowns.byGrade, ranking, options.orgName ?? 'ORG'),
    currencies: breakdowns.currencies,
  };
}

/** Median seconds from stage a to stage b over leads with both times, b not before a. */
function stepSql(a: string, b: string, key: string): string {
  const filter = `FILTER (WHERE ${a} IS NOT NULL AND ${b} IS NOT NULL AND ${b} >= ${a})`;
  return `count(*) ${filter} AS ${key}_n,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ${b} - ${a})) ${filter} AS ${key}_median`;
}
