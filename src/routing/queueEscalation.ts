import type { Logger } from '../log/createLogger';
import type { Database } from '../store/database';
import { createNotificationStore, type NotificationEntry } from '../notify/notificationStore';
import { buildEscalationEmail } from './buildHandoverMessage';
import type { UserDirectory } from './resolveUsers';
import type { RoutingConfig } from './routingSchema';

export interface QueueEscalationDeps {
  db: Database;
  orgId: number;
  config: RoutingConfig;
  logger: Logger;
  users: () => Promise<UserDirectory>;
}

/** `payload.webhook` of an escalation message: sent to `escalation.webhookUrl`, not a team's hand-over webhook. */
export const ESCALATION_WEBHOOK = 'escalation';

/** Breaches one message lists; the rest wait for the next run's message. */
const BATCH = 1000;
/** Lines of the chat message; the e-mail lists up to 100 per team. */
const CHAT_LINES = 30;

/** The team a breach belongs to: the one its lead was routed to, else the first team; none when the routing file names no team. */
export function teamOfBreach(config: RoutingConfig, teamKey: string | null): string | undefined {
  return teamKey && config.teams[teamKey] ? teamKey : Object.keys(config.teams)[0];
}

interface Unreported {
  id: string;
  external_id: string;
  owner_id: string | null;
  due_at: string;
  new_owner_id: string | null;
  team_key: string | null;
}

/**
 * Queues the team lead's escalation messages for every breach not reported yet — this run's,
 * and those a killed run recorded but never got to report — in the transaction that marks
 * them reported: one webhook message (with `escalation.webhookUrl` and a `notify` action)
 * and, with `escalation.email`, one e-mail per team lead. The outbox key `sla:<first breach
 * id>` stays the same until the breaches are reported, and they are reported once, so a replay
 * queues nothing twice. Returns whether a message was queued.
 */
export async function queueEscalation(deps: QueueEscalationDeps): Promise<boolean> {
  const { db, orgId, config, logger } = deps;
  const pending = await db.query(
    `SELECT 1 AS one FROM sla_breaches WHERE org_id = $1 AND reported_at IS NULL LIMIT 1`,
    [orgId],
  );
  if (!pending.rows.length) return false;
  // the CRM's users are read before the transaction, which holds no lock across an API call
  const dir = await deps.users();
  return db.transaction(async (tx) => {
    // FOR UPDATE: another worker reporting the same breaches waits, then finds them reported
    const { rows } = await tx.query<Unreported>(
      `SELECT id::text AS id, external_id, owner_id, due_at::text AS due_at, new_owner_id, team_key FROM sla_breaches
        WHERE org_id = $1 AND reported_at IS NULL ORDER BY id LIMIT $2 FOR UPDATE`,
      [orgId, BATCH],
    );
    if (!rows.length) return false;
    const key = `sla:${rows[0]!.id}`;
    const lines: string[] = [];
    const byTeam = new Map<string, string[]>();
    for (const b of rows) {
      const ownerName = dir.byId(b.owner_id)?.name ?? b.owner_id ?? 'nobody';
      const line = `• ${b.external_id} (${ownerName}, due ${b.due_at})${b.new_owner_id ? ` → ${dir.byId(b.new_owner_id)?.name ?? b.new_owner_id}` : ''}`;
      lines.push(line);
      const teamKey = teamOfBreach(config, b.team_key);
      if (teamKey) byTeam.set(teamKey, [...(byTeam.get(teamKey) ?? []), line]);
    }

    const entries: NotificationEntry[] = [];
    const action = config.escalation.action;
    if ((action === 'notify' || action === 'notify_and_reassign') && config.escalation.webhookUrl) {
      const more = lines.length > CHAT_LINES ? `\n… ${lines.length - CHAT_LINES} more` : '';
      const text = `leadloop: ${rows.length} qualified lead(s) passed their follow-up deadline without a touch / ${rows.length} lead(s) calificados sin contactar a tiempo\n${lines.slice(0, CHAT_LINES).join('\n')}${more}`;
      // the URL is resolved when sending, from the routing file: the outbox holds no secret
      entries.push({ key, channel: 'webhook', payload: { text, webhook: ESCALATION_WEBHOOK } });
    }
    if (config.escalation.email) {
      for (const [teamKey, teamLines] of byTeam) {
        const team = config.teams[teamKey]!;
        const to = team.lead
          ? (dir.find(team.lead)?.email ?? (team.lead.includes('@') ? team.lead : undefined))
          : undefined;
        if (!to) {
          logger.warn(
            `SLA: team ${teamKey} has no lead with an e-mail address (teams.${teamKey}.lead); no escalation e-mail`,
          );
          continue;
        }
        entries.push({
          key: `${key}:${teamKey}`,
          channel: 'email',
          teamKey,
          recipient: to,
          payload: buildEscalationEmail(team.name ?? teamKey, teamLines),
        });
      }
    }
    await createNotificationStore(tx, orgId).enqueue(entries);
    await tx.query(
      `UPDATE sla_breaches SET reported_at = now(), report_key = $3 WHERE org_id = $1 AND id = ANY($2::bigint[])`,
      [orgId, rows.map((b) => b.id), entries.length ? key : null],
    );
    return entries.length > 0;
  });
}
