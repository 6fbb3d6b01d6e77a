import type { Connector } from '../domain/connector';
import type { Logger } from '../log/createLogger';
import { describeError } from '../log/redact';
import type { Database } from '../store/database';
import { createNotificationStore, type NotificationEntry } from '../sync/stores/notificationStore';
import { addBusinessHours } from './businessHours';
import { buildEscalationEmail } from './buildHandoverMessage';
import type { Assignment } from './createRouter';
import type { UserDirectory } from './resolveUsers';
import type { RoutingConfig } from './routingSchema';
import { postToWebhook } from './sendNotifications';

export interface SlaCheckDeps {
  db: Database;
  orgId: number;
  connector: Pick<Connector, 'writeBack' | 'createHandoverTasks'>;
  config: RoutingConfig;
  logger: Logger;
  users: () => Promise<UserDirectory>;
  /** The next rep of a team's round-robin, other than `current`. */
  nextRep: (teamKey: string, current: string | undefined) => Promise<Assignment | null>;
  postWebhook?: (url: string, body: { text: string }) => Promise<void>;
}

export interface SlaCheckResult {
  breaches: number;
  reassigned: number;
  notified: boolean;
}

interface Overdue {
  external_id: string;
  owner_id: string | null;
  sla_due_at: string;
  handover_seq: number;
  team_key: string | null;
}

/** Rep actions that count as a touch: a call or a meeting logged after the hand-over. */
const TOUCH_TYPES = ['outbound_call', 'meeting'];

/**
 * Leads still `mql` past their SLA deadline whose owner neither changed their status nor
 * logged a call or meeting since the hand-over: each breach is recorded once; then, as
 * configured, the team lead hears about them (one webhook message per run, and with
 * `escalation.email` one e-mail per team, queued in the outbox) and/or each
 * lead goes to the next rep of its team with a new deadline and a new task.
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
  if (!rows.length) return { breaches: 0, reassigned: 0, notified: false };
  const action = config.escalation.action;
  const reassign = action === 'reassign' || action === 'notify_and_reassign';
  let reassigned = 0;
  const lines: string[] = [];
  const byTeam = new Map<string, string[]>();
  const dir = await deps.users();

  for (const lead of rows) {
    const teamKey = lead.team_key && config.teams[lead.team_key] ? lead.team_key : Object.keys(config.teams)[0]!;
    const team = config.teams[teamKey]!;
    let newOwner: string | null = null;
    if (reassign) {
      const next = await deps.nextRep(teamKey, lead.owner_id ?? undefined);
      if (next && next.ownerId !== lead.owner_id) {
        const dueAt = addBusinessHours(now, team.slaHours, team.hours).toISOString();
        const seq = Number(lead.handover_seq) + 1;
        const key = `${lead.external_id}:${seq}`;
        const [written] = await deps.connector.writeBack([{ externalId: lead.external_id, fields: { ownerId: next.ownerId, slaDueAt: dueAt } }]);
        if (written?.ok) {
          const task = {
            key, leadExternalId: lead.external_id, ownerId: next.ownerId, dueAt,
            subject: `leadloop: reassigned after the SLA passed — follow up now / reasignado por SLA vencido — contactar ya`,
            description: `The previous owner did not follow up by ${lead.sla_due_at}. / El responsable anterior no lo contactó antes de ${lead.sla_due_at}.`,
          };
          await deps.connector.createHandoverTasks([task]);
          await db.query(`UPDATE leads SET owner_id = $3, sla_due_at = $4, handover_seq = $5, updated_at = now() WHERE org_id = $1 AND external_id = $2`, [orgId, lead.external_id, next.ownerId, dueAt, seq]);
          await db.query(`INSERT INTO handovers (org_id, task_key, external_id, owner_id, sla_due_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, [orgId, key, lead.external_id, next.ownerId, dueAt]);
          await db.query(`INSERT INTO routing_assignments (org_id, external_id, rule, team_key, member_key, owner_id, reason) VALUES ($1, $2, 'sla escalation', $3, $4, $5, 'sla_breach')`, [orgId, lead.external_id, teamKey, next.memberKey ?? null, next.ownerId]);
          const to = config.notifications.email ? dir.byId(next.ownerId)?.email : undefined;
          if (to) {
            // the new rep hears about it like any hand-over: once, sent with the run's notifications
            const text = `${task.description}\n${lead.external_id} — follow up by / contactar antes de: ${dueAt.replace('T', ' ').slice(0, 16)} UTC\n`;
            await createNotificationStore(db, orgId).enqueue([{ key, channel: 'email', teamKey, recipient: to, payload: { subject: task.subject, text } }]);
          }
          newOwner = next.ownerId;
          reassigned++;
        } else {
          logger.warn(`SLA: could not give ${lead.external_id} to the next rep`, { error: written && !written.ok ? written.error.message : 'no result' });
        }
      }
    }
    await db.query(
      `INSERT INTO sla_breaches (org_id, external_id, owner_id, due_at, action, new_owner_id) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [orgId, lead.external_id, lead.owner_id, lead.sla_due_at, action, newOwner],
    );
    const ownerName = dir.byId(lead.owner_id)?.name ?? lead.owner_id ?? 'nobody';
    const line = `• ${lead.external_id} (${ownerName}, due ${lead.sla_due_at})${newOwner ? ` → ${dir.byId(newOwner)?.name ?? newOwner}` : ''}`;
    lines.push(line);
    byTeam.set(teamKey, [...(byTeam.get(teamKey) ?? []), line]);
  }

  if (config.escalation.email) {
    // queued now, sent with the run's notifications; one e-mail per team lead and run
    const entries: NotificationEntry[] = [];
    for (const [teamKey, teamLines] of byTeam) {
      const team = config.teams[teamKey]!;
      const to = team.lead ? dir.find(team.lead)?.email ?? (team.lead.includes('@') ? team.lead : undefined) : undefined;
      if (!to) {
        logger.warn(`SLA: team ${teamKey} has no lead with an e-mail address (teams.${teamKey}.lead); no escalation e-mail`);
        continue;
      }
      const mail = buildEscalationEmail(team.name ?? teamKey, teamLines);
      entries.push({ key: `sla:${teamKey}:${now.toISOString()}`, channel: 'email', teamKey, recipient: to, payload: mail });
    }
    await createNotificationStore(db, orgId).enqueue(entries);
  }

  let notified = false;
  if ((action === 'notify' || action === 'notify_and_reassign') && config.escalation.webhookUrl) {
    const text = `leadloop: ${rows.length} qualified lead(s) passed their follow-up deadline without a touch / ${rows.length} lead(s) calificados sin contactar a tiempo\n${lines.slice(0, 30).join('\n')}${lines.length > 30 ? `\n… ${lines.length - 30} more` : ''}`;
    try {
      await (deps.postWebhook ?? postToWebhook)(config.escalation.webhookUrl, { text });
      notified = true;
      await db.query(`UPDATE sla_breaches SET notified = true WHERE org_id = $1 AND external_id = ANY($2::text[]) AND notified = false`, [orgId, rows.map((r) => r.external_id)]);
    } catch (error) {
      logger.warn('SLA: the webhook notification failed', { error: describeError(error)['message'] });
    }
  }
  logger.info(`SLA: ${rows.length} breach(es) recorded, ${reassigned} reassigned${notified ? ', team lead notified' : ''}`);
  return { breaches: rows.length, reassigned, notified };
}
