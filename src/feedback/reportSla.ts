import type { Queryable } from '../store/database';

export interface LeakingLead {
  externalId: string;
  ownerId: string | null;
  dueAt: string;
  hoursOverdue: number;
}

export interface SlaReport {
  /** Hand-overs to sales in the period (handover tasks, or MQLs without a task). */
  handovers: number;
  withSla: number;
  /** First sales touch at or before the deadline. */
  met: number;
  /** Touched after the deadline, or still untouched past it. */
  breached: number;
  /** Untouched, deadline still ahead. */
  pending: number;
  /** met / (met + breached). */
  complianceRate: number | null;
  /** Leads still `mql` (nobody in sales touched them) past their SLA deadline. */
  leaking: { count: number; leads: LeakingLead[] };
  /** Breaches the routing engine recorded (table `sla_breaches`), when that table exists. */
  recordedBreaches: number | null;
}

export interface RepResponse {
  ownerId: string;
  handovers: number;
  touched: number;
  /** Hand-over → first sales touch. */
  medianHours: number | null;
  met: number;
  breached: number;
}

export interface RecycleReason {
  reason: string;
  count: number;
}

const LEAKING_SHOWN = 50;
const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);
const hours = (s: unknown) => (s === null || s === undefined ? null : Math.round((Number(s) / 3600) * 100) / 100);

/*
 * A hand-over is a row of `handovers` (a task was created) or, for an MQL without one, the
 * lead's own mql_at / sla_due_at. The first sales touch is the first sales-side status
 * (sal, sql, won, lost, recycled, or disqualified by a rep) or outcome after the hand-over.
 */
const HANDOVERS_CTE = `
scope AS (
  SELECT l.external_id, l.owner_id, l.status, l.mql_at, l.sla_due_at FROM leads l
  WHERE l.org_id = $1 AND ($2::timestamptz IS NULL OR l.first_seen_at >= $2::timestamptz)
),
ho AS (
  SELECT h.external_id, h.owner_id, h.created_at AS handed_at, h.sla_due_at AS due_at
  FROM handovers h JOIN scope s ON s.external_id = h.external_id WHERE h.org_id = $1
  UNION ALL
  SELECT s.external_id, s.owner_id, s.mql_at, s.sla_due_at FROM scope s
  WHERE s.mql_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM handovers h WHERE h.org_id = $1 AND h.external_id = s.external_id)
),
touched AS (
  SELECT ho.*, (
    SELECT min(t.at) FROM (
      SELECT x.at FROM lead_status_history x
      WHERE x.org_id = $1 AND x.external_id = ho.external_id AND x.at >= ho.handed_at
        AND (x.to_status IN ('sal', 'sql', 'won', 'lost', 'recycled') OR (x.to_status = 'disqualified' AND x.cause <> 'scoring'))
      UNION ALL
      SELECT o.occurred_at FROM outcomes o WHERE o.org_id = $1 AND o.external_id = ho.external_id AND o.occurred_at >= ho.handed_at
    ) t
  ) AS touched_at
  FROM ho
),
judged AS (
  SELECT touched.*, CASE
    WHEN due_at IS NULL THEN 'none'
    WHEN touched_at IS NOT NULL AND touched_at <= due_at THEN 'met'
    WHEN touched_at IS NOT NULL OR due_at < $3::timestamptz THEN 'breached'
    ELSE 'pending' END AS verdict
  FROM touched
)`;

/** SLA compliance, leaking leads, reps' response times and recycle reasons of one org. */
export async function buildSlaReport(db: Queryable, params: unknown[], now: Date) {
  const p = [...params, now];
  const totals = (
    await db.query<Record<string, unknown>>(
      `WITH ${HANDOVERS_CTE}
     SELECT count(*) AS handovers, count(*) FILTER (WHERE verdict <> 'none') AS with_sla, count(*) FILTER (WHERE verdict = 'met') AS met,
       count(*) FILTER (WHERE verdict = 'breached') AS breached, count(*) FILTER (WHERE verdict = 'pending') AS pending
     FROM judged`,
      p,
    )
  ).rows[0]!;
  const reps = (
    await db.query<Record<string, unknown>>(
      `WITH ${HANDOVERS_CTE}
     SELECT COALESCE(owner_id, '(unassigned)') AS owner_id, count(*) AS handovers, count(touched_at) AS touched,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM touched_at - handed_at)) FILTER (WHERE touched_at IS NOT NULL) AS median_s,
       count(*) FILTER (WHERE verdict = 'met') AS met, count(*) FILTER (WHERE verdict = 'breached') AS breached
     FROM judged GROUP BY 1 ORDER BY 1`,
      p,
    )
  ).rows;
  const leaking = (
    await db.query<Record<string, unknown>>(
      `WITH scope AS (
       SELECT l.external_id, l.owner_id, COALESCE(l.sla_due_at,
         (SELECT max(h.sla_due_at) FROM handovers h WHERE h.org_id = $1 AND h.external_id = l.external_id)) AS due_at
       FROM leads l WHERE l.org_id = $1 AND l.status = 'mql' AND ($2::timestamptz IS NULL OR l.first_seen_at >= $2::timestamptz)
     )
     SELECT external_id, owner_id, due_at, extract(epoch FROM $3::timestamptz - due_at) AS overdue_s, count(*) OVER () AS total
     FROM scope WHERE due_at < $3::timestamptz ORDER BY due_at, external_id LIMIT ${LEAKING_SHOWN}`,
      p,
    )
  ).rows;
  const recycle = (
    await db.query<{ reason: string; count: string }>(
      `SELECT COALESCE(NULLIF(btrim(o.reason), ''), '(no reason)') AS reason, count(DISTINCT o.external_id) AS count
     FROM outcomes o JOIN leads l ON l.org_id = o.org_id AND l.external_id = o.external_id
     WHERE o.org_id = $1 AND o.kind = 'recycled' AND ($2::timestamptz IS NULL OR l.first_seen_at >= $2::timestamptz)
     GROUP BY 1 ORDER BY 2 DESC, 1`,
      params,
    )
  ).rows;
  const met = Number(totals['met']);
  const breached = Number(totals['breached']);
  const sla: SlaReport = {
    handovers: Number(totals['handovers']),
    withSla: Number(totals['with_sla']),
    met,
    breached,
    pending: Number(totals['pending']),
    complianceRate: ratio(met, met + breached),
    leaking: {
      count: leaking.length ? Number(leaking[0]!['total']) : 0,
      leads: leaking.map((r) => ({
        externalId: String(r['external_id']),
        ownerId: (r['owner_id'] as string | null) ?? null,
        dueAt: new Date(r['due_at'] as string).toISOString(),
        hoursOverdue: hours(r['overdue_s'])!,
      })),
    },
    recordedBreaches: await countRecordedBreaches(db, params),
  };
  const responseTimes: RepResponse[] = reps.map((r) => ({
    ownerId: String(r['owner_id']),
    handovers: Number(r['handovers']),
    touched: Number(r['touched']),
    medianHours: hours(r['median_s']),
    met: Number(r['met']),
    breached: Number(r['breached']),
  }));
  const recycleReasons: RecycleReason[] = recycle.map((r) => ({ reason: r.reason, count: Number(r.count) }));
  return { sla, responseTimes, recycleReasons };
}

/** The routing engine's breach log is optional: the report works without it. */
async function countRecordedBreaches(db: Queryable, params: unknown[]): Promise<number | null> {
  const { rows } = await db.query<{ present: boolean }>(`SELECT to_regclass('sla_breaches') IS NOT NULL AS present`);
  if (!rows[0]?.present) return null;
  const counted = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM sla_breaches b JOIN leads l ON l.org_id = b.org_id AND l.external_id = b.external_id
     WHERE b.org_id = $1 AND ($2::timestamptz IS NULL OR l.first_seen_at >= $2::timestamptz)`,
    params,
  );
  return Number(counted.rows[0]!.n);
}
