import { SLA_TOUCH_TYPES } from '../domain/engagement';
import { recordAssignment } from './routingStore';
import { createHandoverStore } from '../store/handoverStore';
import type { Connector } from '../domain/connector';
import type { Logger } from '../log/createLogger';
import type { Database, Queryable } from '../store/database';
import { createNotificationStore } from '../notify/notificationStore';
import { addBusinessHours } from './businessHours';
import type { Assignment } from './createRouter';
import { queueEscalation, teamOfBreach } from './queueEscalation';
import type { UserDirectory } from './resolveUsers';
import type { RoutingConfig } from './routingSchema';

export interface SlaCheckDeps {
  db: Database;
  orgId: number;
  connector: Pick<Connector, 'writeBack' | 'createHandoverTasks'>;
  config: RoutingConfig;
  logger: Logger;
  users: () => Promise<UserDirectory>;
  /** The next rep of a team's round-robin, other than `current`. */
  nextRep: (teamKey: string, current: string | undefined) => Promise<Assignment | null>;
}

export interface SlaCheckResult {
  /** Breaches found and recorded by this check. */
  breaches: number;
  reassigned: number;
  /** A message to the team lead was queued (sent with the run's notifications; table `notifications`). */
  notified: boolean;
}

interface Overdue {
  external_id: string;
  owner_id: string | null;
  sla_due_at: string;
  handover_seq: number;
  team_key: string | null;
}

/** Rep actions that count as a touch: a call (attempted or connected), a rep's e-mail or a meeting logged after the hand-over. */
const TOUCH_TYPES = [...SLA_TOUCH_TYPES];

/** A reassignment written to the CRM, whose database side is still to be stored. */
interface Reassignment {
  key: string;
  teamKey: string;
  ownerId: string;
  memberKey: string | undefined;
  dueAt: string;
  seq: number;
  subject: string;
  description: string;
  /** The new rep's address when hand-over e-mails are on. */
  email: string | undefined;
}

/**
 * Leads still `mql` past their SLA deadline whose owner neither changed their status nor
 * logged a call or meeting since the hand-over. Per breach, as configured, the lead first
 * goes to the next rep of its team in the CRM (new owner, new deadline, a new task upserted
 * by key, so a replay is harmless); then one transaction stores the breach with the lead's
 * new owner, hand-over and assignment and queues the new rep's e-mail. A run killed before
 * that transaction finds the breach again. Then the team lead's message about every breach
 * not reported yet is queued (see `queueEscalation`); all of it is sent with the run's
 * notifications, once.
 */
export async function checkSla(deps: SlaCheckDeps, now: Date): Promise<SlaCheckResult> {
  const { db, orgId, config, logger } = deps;
  const { rows } = await db.query<Overdue>(
    `SELECT l.external_id, l.owner_id, l.sla_due_at::text AS sla_due_at, l.handover_seq,
            (SELECT a.team_key FROM routing_assignments a WHERE a.org_id = l.org_id AND a.external_id = l.external_id ORDER BY a.id DESC LIMIT 1) AS team_key
       FROM leads l
      WHERE l.org_id = $1 AND l.status = 'mql' AND l.sla_due_at IS NOT NULL AND l.sla_due_at < $2
        AND NOT EXISTS (SELECT 1 FROM sla_breaches b WHERE b.org_id = l.org_id AND b.external_id = l.external_id AND b.due_at = l.sla_due_at)
        AND NOT EXISTS (SELECT 1 FROM engagement_events e WHERE e.org_id = l.org_id AND e.lead_external_id = l.external_id
                         AND e.type = ANY($3::text[]) AND e.occurred_at >= COALESCE(l.mql_at, l.sla_due_at - interval '30 days'))
      ORDER BY l.sla_due_at LIMIT 1000`,
    [orgId, now.toISOString(), TOUCH_TYPES],
  );
  const action = config.escalation.action;
  const reassign = action === 'reassign' || action === 'notify_and_reassign';
  let reassigned = 0;
  for (const lead of rows) {
    // a routing file may name no team (fixed users and queues only): then nobody to reassign to
    const teamKey = teamOfBreach(config, lead.team_key);
    const moved = reassign && teamKey ? await reassignInCrm(deps, lead, teamKey, now) : null;
    await db.transaction(async (tx) => {
      if (moved) await storeReassignment(tx, orgId, lead, moved);
      await tx.query(
        `INSERT INTO sla_breaches (org_id, external_id, owner_id, due_at, action, new_owner_id, team_key) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [orgId, lead.external_id, lead.owner_id, lead.sla_due_at, action, moved?.ownerId ?? null, teamKey ?? null],
      );
    });
    if (moved) reassigned++;
  }
  const notified = await queueEscalation(deps);
  if (rows.length || notified)
    logger.info(
      `SLA: ${rows.length} breach(es) recorded, ${reassigned} reassigned${notified ? ', team lead message queued' : ''}`,
    );
  return { breaches: rows.length, reassigned, notified };
}

/** Gives the lead to the next rep of its team in the CRM: owner and deadline, then the task. Null when nobody else can take it or the CRM refused. */
async function reassignInCrm(
  deps: SlaCheckDeps,
  lead: Overdue,
  teamKey: string,
  now: Date,
): Promise<Reassignment | null> {
  const next = await deps.nextRep(teamKey, lead.owner_id ?? undefined);
  if (!next || next.ownerId === lead.owner_id) return null;
  const team = deps.config.teams[teamKey]!;
  const dueAt = addBusinessHours(now, team.slaHours, team.hours).toISOString();
  const seq = Number(lead.handover_seq) + 1;
  const [written] = await deps.connector.writeBack([
    { externalId: lead.external_id, fields: { ownerId: next.ownerId, slaDueAt: dueAt } },
  ]);
  if (!written?.ok) {
    deps.logger.warn(`SLA: could not give ${lead.external_id} to the next rep`, {
      error: written && !written.ok ? written.error.message : 'no result',
    });
    return null;
  }
  const moved: Reassignment = {
    key: `${lead.external_id}:${seq}`,
    teamKey,
    ownerId: next.ownerId,
    memberKey: next.memberKey,
    dueAt,
    seq,
    subject: `leadloop: reassigned after the SLA passed — follow up now / reasignado por SLA vencido — contactar ya`,
    description: `The previous owner did not follow up by ${lead.sla_due_at}. / El responsable anterior no lo contactó antes de ${lead.sla_due_at}.`,
    email: deps.config.notifications.email ? (await deps.users()).byId(next.ownerId)?.email : undefined,
  };
  await deps.connector.createHandoverTasks([
    {
      key: moved.key,
      leadExternalId: lead.external_id,
      ownerId: next.ownerId,
      dueAt,
      subject: moved.subject,
      description: moved.description,
    },
  ]);
  return moved;
}

/** The database side of a reassignment, in the breach's transaction: the lead, its hand-over and assignment, and the new rep's e-mail. */
async function storeReassignment(tx: Queryable, orgId: number, lead: Overdue, moved: Reassignment): Promise<void> {
  await tx.query(
    `UPDATE leads SET owner_id = $3, sla_due_at = $4, handover_seq = $5, updated_at = now() WHERE org_id = $1 AND external_id = $2`,
    [orgId, lead.external_id, moved.ownerId, moved.dueAt, moved.seq],
  );
  await createHandoverStore(tx, orgId).record([
    { key: moved.key, externalId: lead.external_id, ownerId: moved.ownerId, slaDueAt: moved.dueAt },
  ]);
  await recordAssignment(tx, orgId, {
    externalId: lead.external_id,
    rule: 'sla escalation',
    teamKey: moved.teamKey,
    ...(moved.memberKey ? { memberKey: moved.memberKey } : {}),
    ownerId: moved.ownerId,
    reason: 'sla_breach',
  });
  if (moved.email) {
    // the new rep hears about it like any hand-over: once, sent with the run's notifications
    const text = `${moved.description}\n${lead.external_id} — follow up by / contactar antes de: ${moved.dueAt.replace('T', ' ').slice(0, 16)} UTC\n`;
    await createNotificationStore(tx, orgId).enqueue([
      {
        key: moved.key,
        channel: 'email',
        teamKey: moved.teamKey,
        recipient: moved.email,
        payload: { subject: moved.subject, text },
      },
    ]);
  }
}
