import type { Queryable } from '../store/database';

export interface RoutingReport {
  assignments: {
    ownerId: string;
    team: string | null;
    member: string | null;
    leads: number;
    bySla: number;
    lastAt: string;
  }[];
  breaches: { total: number; reassigned: number; notified: number };
}

/** Who got how many leads (and how many through SLA escalation), and the SLA breaches, since a date. */
export async function buildRoutingReport(db: Queryable, orgId: number, since: string | null): Promise<RoutingReport> {
  const { rows } = await db.query<{
    owner_id: string;
    team_key: string | null;
    member_key: string | null;
    leads: string;
    by_sla: string;
    last_at: string;
  }>(
    `SELECT owner_id, team_key, member_key, count(*) AS leads, count(*) FILTER (WHERE reason = 'sla_breach') AS by_sla, max(assigned_at)::text AS last_at
       FROM routing_assignments WHERE org_id = $1 AND ($2::timestamptz IS NULL OR assigned_at >= $2::timestamptz)
      GROUP BY owner_id, team_key, member_key ORDER BY team_key NULLS LAST, count(*) DESC, owner_id`,
    [orgId, since],
  );
  const { rows: b } = await db.query<{ total: string; reassigned: string; notified: string }>(
    // notified: a message to the team lead that lists the breach was sent (its webhook message, or
    // its team's e-mail); `notified` holds that for breaches from before the outbox (migration 085)
    `SELECT count(*) AS total, count(new_owner_id) AS reassigned,
            count(*) FILTER (WHERE b.notified OR EXISTS (
              SELECT 1 FROM notifications n WHERE n.org_id = b.org_id AND n.state = 'sent'
                 AND ((n.channel = 'webhook' AND n.task_key = b.report_key) OR (n.channel = 'email' AND n.task_key = b.report_key || ':' || b.team_key)))) AS notified
       FROM sla_breaches b WHERE b.org_id = $1 AND ($2::timestamptz IS NULL OR b.detected_at >= $2::timestamptz)`,
    [orgId, since],
  );
  return {
    assignments: rows.map((r) => ({
      ownerId: r.owner_id,
      team: r.team_key,
      member: r.member_key,
      leads: Number(r.leads),
      bySla: Number(r.by_sla),
      lastAt: r.last_at,
    })),
    breaches: {
      total: Number(b[0]?.total ?? 0),
      reassigned: Number(b[0]?.reassigned ?? 0),
      notified: Number(b[0]?.notified ?? 0),
    },
  };
}
