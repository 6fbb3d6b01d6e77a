import type { Queryable } from '../store/database';
import { LEAD_FACTS_CTE } from './leadFactsSql';
import type { Breakdown } from './reportBreakdowns';

/** Something the report says is wrong with the definition, and what to run about it. */
export interface ReportFlag {
  code: 'grade_inversion' | 'score_does_not_rank';
  message: string;
}

export interface ScoreRanking {
  /** AUC of the score at hand-over against won vs closed-not-won leads; null below the outcome minimum. */
  auc: number | null;
  won: number;
  notWon: number;
}

/** The same minimum calibration asks for: fewer outcomes than this say nothing either way. */
export const MIN_OUTCOMES = 20;
/** Leads a grade needs before its conversion is compared with its neighbour's. */
export const MIN_GRADE_LEADS = 30;
export const MIN_AUC = 0.6;
const GRADES = ['A', 'B', 'C', 'D'] as const;

/**
 * AUC of the score at hand-over over closed leads (won vs lost or returned), as the
 * Mann-Whitney statistic from mid-ranks in SQL: ties count half, nothing is loaded.
 */
export async function scoreRanking(db: Queryable, params: unknown[]): Promise<ScoreRanking> {
  const { rows } = await db.query<{ won: string; not_won: string; rank_sum: string | null }>(
    `WITH ${LEAD_FACTS_CTE},
     closed AS (SELECT handover_score AS score, f_won AS won FROM facts WHERE handover_score IS NOT NULL AND (f_won OR r_lost OR r_recycled)),
     ranked AS (SELECT won, rank() OVER (ORDER BY score) + (count(*) OVER (PARTITION BY score) - 1) / 2.0 AS mid FROM closed)
     SELECT count(*) FILTER (WHERE won) AS won, count(*) FILTER (WHERE NOT won) AS not_won, sum(mid) FILTER (WHERE won) AS rank_sum FROM ranked`,
    params,
  );
  const won = Number(rows[0]?.won ?? 0);
  const notWon = Number(rows[0]?.not_won ?? 0);
  if (won < MIN_OUTCOMES || notWon < MIN_OUTCOMES) return { auc: null, won, notWon };
  const auc = (Number(rows[0]!.rank_sum) - (won * (won + 1)) / 2) / (won * notWon);
  return { auc: Math.round(auc * 10_000) / 10_000, won, notWon };
}

const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)} %`);

/** Whether the definition works: a lower grade converting better than a higher one, a score that does not rank outcomes. */
export function reportFlags(byGrade: Record<string, Breakdown>, ranking: ScoreRanking, org: string): ReportFlag[] {
  const flags: ReportFlag[] = [];
  for (let i = 0; i + 1 < GRADES.length; i++) {
    const high = byGrade[GRADES[i]!];
    const low = byGrade[GRADES[i + 1]!];
    if (!high || !low || high.leads < MIN_GRADE_LEADS || low.leads < MIN_GRADE_LEADS) continue;
    if ((low.conversionRate ?? 0) > (high.conversionRate ?? 0)) {
      flags.push({
        code: 'grade_inversion',
        message: `Grade ${GRADES[i + 1]} converts better than grade ${GRADES[i]} (${pct(low.conversionRate)} of ${low.leads} vs ${pct(high.conversionRate)} of ${high.leads}): run \`leadloop calibrate ${org}\`, then \`leadloop backtest ${org} --definition FILE\` before activating a change.`,
      });
    }
  }
  if (ranking.auc !== null && ranking.auc < MIN_AUC) {
    flags.push({
      code: 'score_does_not_rank',
      message: `The score hardly ranks outcomes: AUC ${ranking.auc.toFixed(3)} on ${ranking.won} won and ${ranking.notWon} closed-not-won leads (under ${MIN_AUC}; 0.5 is chance): run \`leadloop calibrate ${org}\` (or \`leadloop calibrate --from EXPORT.csv --outcome COLUMN --discover\`) and \`leadloop backtest ${org}\`.`,
    });
  }
  return flags;
}
