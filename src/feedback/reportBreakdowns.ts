import type { Queryable } from '../store/database';
import { LEAD_FACTS_CTE } from './leadFactsSql';

export interface Breakdown {
  leads: number;
  won: number;
  /** Lost and never won. */
  lost: number;
  /** won / leads. */
  conversionRate: number | null;
  /** won / (won + lost): how often a closed lead was won. */
  winRate: number | null;
  /** Sum of the won amounts. */
  revenue: number;
}

export interface SourceBreakdown extends Breakdown {
  /** Present when a cost was given for this source. */
  cost?: number;
  costPerLead?: number | null;
  costPerWon?: number | null;
  /** (revenue − cost) / cost. */
  roi?: number | null;
}

/** Score bands of 20 points; the last one takes 100. */
export const SCORE_BANDS = ['0-19', '20-39', '40-59', '60-79', '80-100'] as const;

const round2 = (v: number) => Math.round(v * 100) / 100;
const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);

function toBreakdown(row: Record<string, unknown>): Breakdown {
  const leads = Number(row['leads']);
  const won = Number(row['won']);
  const lost = Number(row['lost']);
  return {
    leads,
    won,
    lost,
    conversionRate: ratio(won, leads),
    winRate: ratio(won, won + lost),
    revenue: round2(Number(row['revenue'] ?? 0)),
  };
}

/**
 * Conversion and revenue by grade at hand-over, by score band at hand-over and by lead
 * source, in one pass over the lead facts; costs per source add cost per lead, per won
 * deal and ROI. A source with a cost but no leads still shows (money spent for nothing).
 */
export async function buildBreakdowns(db: Queryable, params: unknown[], costs?: Record<string, number>) {
  const { rows } = await db.query<Record<string, unknown>>(
    `WITH ${LEAD_FACTS_CTE},
     keyed AS (
       SELECT d.dim, d.key, f.f_won, f.f_lost, f.revenue FROM facts f
       CROSS JOIN LATERAL (VALUES
         ('grade', COALESCE(f.handover_grade, '(none)')),
         ('band', CASE WHEN f.handover_score IS NULL THEN '(unscored)'
                       WHEN f.handover_score >= 80 THEN '80-100'
                       ELSE (greatest(f.handover_score, 0) / 20 * 20)::text || '-' || (greatest(f.handover_score, 0) / 20 * 20 + 19)::text END),
         ('source', f.source)
       ) AS d(dim, key)
     )
     SELECT dim, key, count(*) AS leads, count(*) FILTER (WHERE f_won) AS won, count(*) FILTER (WHERE f_lost) AS lost,
       COALESCE(sum(revenue) FILTER (WHERE f_won), 0) AS revenue
     FROM keyed GROUP BY dim, key ORDER BY dim, key`,
    params,
  );
  const byGrade: Record<string, Breakdown> = {};
  const byScoreBand: Record<string, Breakdown> = {};
  const bySource: Record<string, SourceBreakdown> = {};
  for (const band of SCORE_BANDS) byScoreBand[band] = toBreakdown({ leads: 0, won: 0, lost: 0, revenue: 0 });
  for (const row of rows) {
    const target = row['dim'] === 'grade' ? byGrade : row['dim'] === 'band' ? byScoreBand : bySource;
    target[String(row['key'])] = toBreakdown(row);
  }
  if (costs) {
    for (const [source, cost] of Object.entries(costs)) {
      const b = (bySource[source] ??= toBreakdown({ leads: 0, won: 0, lost: 0, revenue: 0 }));
      b.cost = round2(cost);
      b.costPerLead = b.leads > 0 ? round2(cost / b.leads) : null;
      b.costPerWon = b.won > 0 ? round2(cost / b.won) : null;
      b.roi = cost > 0 ? Math.round(((b.revenue - cost) / cost) * 10_000) / 10_000 : null;
    }
  }
  const currencies = (
    await db.query<{ currency: string }>(
      `SELECT DISTINCT upper(currency) AS currency FROM outcomes WHERE org_id = $1 AND kind = 'won' AND currency IS NOT NULL AND amount IS NOT NULL ORDER BY 1`,
      [params[0]],
    )
  ).rows.map((r) => r.currency);
  return { byGrade, byScoreBand, bySource, currencies };
}
