/**
 * Which SLA breaches the team lead's escalation message already covers. A breach is recorded
 * with its lead's reassignment in one transaction and reported later, in the transaction that
 * queues the message (webhook, e-mail) in the outbox: `reported_at` is set there, and
 * `report_key` names the outbox entry (null when no message was configured). A run killed in
 * between leaves the breach unreported, and the next run queues it. Whether the team lead was
 * notified is the outbox entry's sent state; `notified` only describes breaches from before.
 */
export const up = `
ALTER TABLE sla_breaches ADD COLUMN team_key text;
ALTER TABLE sla_breaches ADD COLUMN reported_at timestamptz;
ALTER TABLE sla_breaches ADD COLUMN report_key text;
UPDATE sla_breaches SET reported_at = detected_at;
CREATE INDEX sla_breaches_unreported ON sla_breaches (org_id, id) WHERE reported_at IS NULL;
`;
