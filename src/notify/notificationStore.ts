import type { HandoverMessage } from '../domain/handover';
import type { Queryable } from '../store/database';

/** Where a notification goes: a chat webhook, an e-mail, or (for a recycled lead) a CRM nurture campaign. */
export type NotificationChannel = HandoverMessage['channel'];

/** One side effect to perform once, after the state it follows is stored. */
/**
 * A message in the outbox. `key` is unique per org and channel: the hand-over task key,
 * `sla:<first breach id>[:<team>]`, `recycle:<lead>:<instant>`. `payload`: `text` (webhook),
 * `subject` and `text` (e-mail), `leadExternalId` and `campaignId` (campaign); `webhook: 'escalation'`
 * sends to `escalation.webhookUrl`.
 */
export interface NotificationEntry extends HandoverMessage {
  key: string;
}

export interface QueuedNotification extends NotificationEntry {
  attempts: number;
}

/** Sends after this many failures stop being retried. */
export const MAX_ATTEMPTS = 5;

/** The notifications outbox of one org (table `notifications`, migration 055). */
export function createNotificationStore(q: Queryable, orgId: number) {
  const where = `org_id = $1 AND task_key = $2 AND channel = $3`;
  return {
    /** Queues entries in the caller's transaction; a key already queued keeps its first row (a replay adds nothing). */
    async enqueue(entries: NotificationEntry[]): Promise<void> {
      if (!entries.length) return;
      await q.query(
        `INSERT INTO notifications (org_id, task_key, channel, team_key, recipient, payload)
         SELECT $1, x.task_key, x.channel, x.team_key, x.recipient, x.payload
           FROM jsonb_to_recordset($2::jsonb) AS x(task_key text, channel text, team_key text, recipient text, payload jsonb)
         ON CONFLICT (org_id, task_key, channel) DO NOTHING`,
        [
          orgId,
          JSON.stringify(
            entries.map((e) => ({
              task_key: e.key,
              channel: e.channel,
              team_key: e.teamKey ?? null,
              recipient: e.recipient ?? null,
              payload: e.payload,
            })),
          ),
        ],
      );
    },
    /** Pending and failed entries still worth a try, oldest first. */
    async due(limit = 500): Promise<QueuedNotification[]> {
      const { rows } = await q.query<{
        task_key: string;
        channel: NotificationChannel;
        team_key: string | null;
        recipient: string | null;
        payload: Record<string, unknown>;
        attempts: number;
      }>(
        `SELECT task_key, channel, team_key, recipient, payload, attempts FROM notifications
          WHERE org_id = $1 AND state IN ('pending', 'failed') AND attempts < $2 ORDER BY created_at, task_key, channel LIMIT $3`,
        [orgId, MAX_ATTEMPTS, limit],
      );
      return rows.map((r) => ({
        key: r.task_key,
        channel: r.channel,
        attempts: Number(r.attempts),
        payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload,
        ...(r.team_key ? { teamKey: r.team_key } : {}),
        ...(r.recipient ? { recipient: r.recipient } : {}),
      }));
    },
    /**
     * Claims an entry before its send (committed on its own): false when another process
     * claimed it first. A process killed after this leaves the row `sending`, never sent again.
     */
    async claim(n: NotificationEntry): Promise<boolean> {
      const { rows } = await q.query(
        `UPDATE notifications SET state = 'sending', attempts = attempts + 1 WHERE ${where} AND state IN ('pending', 'failed') RETURNING 1 AS one`,
        [orgId, n.key, n.channel],
      );
      return rows.length > 0;
    },
    async markSent(n: NotificationEntry): Promise<void> {
      await q.query(`UPDATE notifications SET state = 'sent', sent_at = now(), last_error = NULL WHERE ${where}`, [
        orgId,
        n.key,
        n.channel,
      ]);
    },
    /** A send that failed: retried by a later run until MAX_ATTEMPTS, then abandoned. */
    async markFailed(n: NotificationEntry, message: string): Promise<void> {
      await q.query(
        `UPDATE notifications SET state = CASE WHEN attempts >= $4 THEN 'abandoned' ELSE 'failed' END, last_error = $5 WHERE ${where}`,
        [orgId, n.key, n.channel, MAX_ATTEMPTS, message.slice(0, 1000)],
      );
    },
    /** Counts by channel and state, for reports and tests. */
    async counts(): Promise<{ channel: string; state: string; count: number }[]> {
      const { rows } = await q.query<{ channel: string; state: string; count: string }>(
        `SELECT channel, state, count(*) AS count FROM notifications WHERE org_id = $1 GROUP BY channel, state ORDER BY channel, state`,
        [orgId],
      );
      return rows.map((r) => ({ channel: r.channel, state: r.state, count: Number(r.count) }));
    },
  };
}
