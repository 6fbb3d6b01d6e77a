/**
 * One row per lead of an org (optionally only leads first seen since $2): which stages it
 * reached and when it first did, its source, its score and grade at hand-over and the
 * revenue of its won deals. Parameters: $1 org id, $2 since (timestamptz or null).
 *
 * A stage counts as reached when the status history, the current status or an outcome
 * says so (fixtures and imports may hold only one of them). The funnel chain
 * mql → sal → sql → won is cumulative: a lead converted straight to sql by a rep also
 * passed mql and sal, so stage-to-stage conversion never exceeds 100 %.
 */
export const LEAD_FACTS_CTE = `
scope AS (
  SELECT l.external_id, l.status, l.score, l.grade, l.owner_id, l.sla_due_at,
    COALESCE(NULLIF(btrim(l.data->>'leadSource'), ''), '(none)') AS source,
    CASE WHEN l.data->>'createdAt' ~ '^\\d{4}-\\d{2}-\\d{2}T' THEN (l.data->>'createdAt')::timestamptz ELSE l.first_seen_at END AS t_new
  FROM leads l
  WHERE l.org_id = $1 AND ($2::timestamptz IS NULL OR l.first_seen_at >= $2::timestamptz)
),
stages AS (
  SELECT external_id, stage, min(at) AS at FROM (
    SELECT h.external_id, h.to_status AS stage, h.at FROM lead_status_history h WHERE h.org_id = $1
    UNION ALL
    SELECT o.external_id, CASE o.kind WHEN 'accepted' THEN 'sal' WHEN 'qualified' THEN 'sql' ELSE o.kind END, o.occurred_at
    FROM outcomes o WHERE o.org_id = $1
    UNION ALL
    SELECT s.external_id, s.status, NULL::timestamptz FROM scope s
  ) x GROUP BY external_id, stage
),
handover AS (
  SELECT DISTINCT ON (h.external_id) h.external_id, h.score, h.grade
  FROM lead_status_history h WHERE h.org_id = $1 AND h.to_status = 'mql'
  ORDER BY h.external_id, h.at, h.id
),
revenue AS (
  SELECT o.external_id, sum(o.amount) AS amount FROM outcomes o WHERE o.org_id = $1 AND o.kind = 'won' GROUP BY o.external_id
),
reached AS (
  SELECT s.external_id,
    bool_or(st.stage = 'nurture') AS r_nurture, bool_or(st.stage = 'mql') AS r_mql, bool_or(st.stage = 'sal') AS r_sal,
    bool_or(st.stage = 'sql') AS r_sql, bool_or(st.stage = 'won') AS r_won, bool_or(st.stage = 'lost') AS r_lost,
    bool_or(st.stage = 'recycled') AS r_recycled, bool_or(st.stage = 'disqualified') AS r_disqualified,
    min(st.at) FILTER (WHERE st.stage = 'mql') AS t_mql, min(st.at) FILTER (WHERE st.stage = 'sal') AS t_sal,
    min(st.at) FILTER (WHERE st.stage = 'sql') AS t_sql, min(st.at) FILTER (WHERE st.stage = 'won') AS t_won
  FROM scope s JOIN stages st ON st.external_id = s.external_id
  GROUP BY s.external_id
),
facts AS (
  SELECT s.external_id, s.source, s.owner_id, s.status, s.sla_due_at, s.t_new, r.t_mql, r.t_sal, r.t_sql, r.t_won,
    COALESCE(r.r_nurture, false) AS r_nurture,
    COALESCE(r.r_won, false) AS f_won,
    COALESCE(r.r_sql OR r.r_won, false) AS f_sql,
    COALESCE(r.r_sal OR r.r_sql OR r.r_won, false) AS f_sal,
    COALESCE(r.r_mql OR r.r_sal OR r.r_sql OR r.r_won, false) AS f_mql,
    COALESCE(r.r_lost AND NOT r.r_won, false) AS f_lost,
    COALESCE(r.r_lost, false) AS r_lost,
    COALESCE(r.r_recycled, false) AS r_recycled,
    COALESCE(r.r_disqualified, false) AS r_disqualified,
    COALESCE(ho.score, s.score) AS handover_score,
    COALESCE(ho.grade, s.grade) AS handover_grade,
    COALESCE(rv.amount, 0) AS revenue
  FROM scope s
  LEFT JOIN reached r ON r.external_id = s.external_id
  LEFT JOIN handover ho ON ho.external_id = s.external_id
  LEFT JOIN revenue rv ON rv.external_id = s.external_id
)`;
