import axios from 'axios';
import type { Connector } from '../domain/connector';
import type { Logger } from '../log/createLogger';
import { SecretRegistry } from '../log/redact';
import type { Database } from '../store/database';
import { createNotificationStore, type QueuedNotification } from './notificationStore';
import type { SendMail } from './createMailer';
import { ESCALATION_WEBHOOK } from '../routing/queueEscalation';
import type { RoutingConfig } from '../routing/routingSchema';

export interface SendNotificationsDeps {
  db: Database;
  orgId: number;
  config: RoutingConfig;
  logger: Logger;
  connector: Pick<Connector, 'addToCampaign'>;
  /** Null when no SMTP server is configured: e-mails fail (and are retried once one is). */
  sendMail: SendMail | null;
  postWebhook?: (url: string, body: { text: string }) => Promise<void>;
  /** Masked in every recorded error (the SMTP password, webhook URLs). */
  secrets?: SecretRegistry;
}

export interface NotificationSummary {
  sent: number;
  failed: number;
}

/** A Slack-compatible incoming webhook: `{text}`, short timeout, no redirects. */
export async function postToWebhook(url: string, body: { text: string }): Promise<void> {
  await axios.post(url, body, { timeout: 5000, maxRedirects: 0 });
}

/** Where a webhook message goes, read from the routing file when it is sent (the outbox holds no URL). */
function webhookUrlOf(n: QueuedNotification, config: RoutingConfig): string {
  if (n.payload['webhook'] === ESCALATION_WEBHOOK) {
    if (!config.escalation.webhookUrl)
      throw new Error('no escalation webhook is configured any more (escalation.webhookUrl)');
    return config.escalation.webhookUrl;
  }
  const url = (n.teamKey ? config.teams[n.teamKey]?.webhookUrl : undefined) ?? config.notifications.webhookUrl;
  if (!url) throw new Error("no webhook is configured any more (notifications.webhookUrl or the team's webhookUrl)");
  return url;
}

/** Why a send failed, without the URL, headers or credentials an HTTP or SMTP client error carries. */
function reasonOf(error: unknown, secrets: SecretRegistry): string {
  if (!(error instanceof Error)) return secrets.scrub(String(error)).slice(0, 300);
  const e = error as Error & { code?: unknown; responseCode?: unknown; response?: { status?: unknown } };
  if (axios.isAxiosError(error)) {
    return error.response
      ? `the webhook answered HTTP ${error.response.status}`
      : `the webhook could not be reached (${String(e.code ?? 'network error')})`;
  }
  const code = typeof e.code === 'string' ? `${e.code}: ` : '';
  return secrets.scrub(`${code}${e.message}`).slice(0, 300);
}

/**
 * Sends what the outbox holds for one org: each entry is claimed (committed) before it
 * goes out and marked sent after, so a replay or a second run never sends it twice and a
 * killed process leaves at most one uncertain entry; a failure is recorded on the entry
 * and retried by the next run. Never throws for a failed send.
 */
export async function sendNotifications(deps: SendNotificationsDeps): Promise<NotificationSummary> {
  const { config, logger } = deps;
  const store = createNotificationStore(deps.db, deps.orgId);
  const secrets = deps.secrets ?? new SecretRegistry();
  for (const url of [
    config.notifications.webhookUrl,
    config.escalation.webhookUrl,
    ...Object.values(config.teams).map((t) => t.webhookUrl),
  ])
    secrets.add(url);
  const summary: NotificationSummary = { sent: 0, failed: 0 };
  const due = await store.due();
  if (!due.length) return summary;

  const fail = async (n: QueuedNotification, message: string) => {
    await store.markFailed(n, message);
    summary.failed++;
    logger.warn(`notification ${n.channel} for ${n.key} failed (attempt ${n.attempts + 1}): ${message}`);
  };

  const campaigns = new Map<string, QueuedNotification[]>();
  for (const n of due) {
    if (n.channel === 'campaign') {
      const id = String(n.payload['campaignId']);
      campaigns.set(id, [...(campaigns.get(id) ?? []), n]);
      continue;
    }
    if (!(await store.claim(n))) continue;
    try {
      if (n.channel === 'webhook') {
        await (deps.postWebhook ?? postToWebhook)(webhookUrlOf(n, config), { text: String(n.payload['text']) });
      } else {
        if (!deps.sendMail)
          throw new Error('no SMTP server is configured (LEADLOOP_SMTP_HOST or notifications.smtp.host)');
        if (!n.recipient) throw new Error('no recipient address');
        await deps.sendMail({
          to: n.recipient,
          subject: String(n.payload['subject']),
          text: String(n.payload['text']),
        });
      }
      await store.markSent(n);
      summary.sent++;
    } catch (error) {
      await fail(n, reasonOf(error, secrets));
    }
  }

  for (const [campaignId, entries] of campaigns) {
    const claimed: QueuedNotification[] = [];
    for (const n of entries) if (await store.claim(n)) claimed.push(n);
    if (!claimed.length) continue;
    if (!deps.connector.addToCampaign) {
      for (const n of claimed) await fail(n, 'this CRM connector cannot add leads to a campaign');
      continue;
    }
    try {
      const results = await deps.connector.addToCampaign(
        campaignId,
        claimed.map((n) => String(n.payload['leadExternalId'])),
      );
      for (const [i, n] of claimed.entries()) {
        const r = results[i];
        if (r?.ok) {
          await store.markSent(n);
          summary.sent++;
        } else await fail(n, r ? `${r.error.code}: ${r.error.message}` : 'no result from the CRM');
      }
    } catch (error) {
      for (const n of claimed) await fail(n, reasonOf(error, secrets));
    }
  }
  if (summary.sent || summary.failed)
    logger.info(`notifications: ${summary.sent} sent, ${summary.failed} failed (retried by the next run)`);
  return summary;
}
