/**
 * The outbox of side effects that follow a stored lead state and cannot be undone: hand-over
 * and escalation messages (webhook, e-mail) and recycled leads added to a nurture campaign.
 * A row is written in the transaction that stores the state it follows, so it exists exactly
 * when that state does; the key makes each one unique per org, hand-over and channel.
 * States: pending → sending → sent; a send that threw goes to failed (retried by the next
 * run, up to a limit, then abandoned); a row left in `sending` by a killed process is not
 * sent again (it may have gone out) and is reported as uncertain.
 */
export const up = `
CREATE TABLE notifications (
  org_id bigint NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  task_key text NOT NULL,
  channel text NOT NULL,
  team_key text,
  recipient text,
  payload jsonb NOT NULL,
  state text NOT NULL DEFAULT 'pending',
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  PRIMARY KEY (org_id, task_key, channel)
);
CREATE INDEX notifications_due ON notifications (org_id, created_at) WHERE state IN ('pending', 'failed');
`;
