/** Sync engine: lead snapshots for local re-scoring, engagement events, hand-overs. */
export const up = `
ALTER TABLE leads ADD COLUMN data jsonb;
ALTER TABLE leads ADD COLUMN handover_seq integer NOT NULL DEFAULT 0;
ALTER TABLE leads ADD COLUMN mql_at timestamptz;
ALTER TABLE leads ADD COLUMN sla_due_at timestamptz;
ALTER TABLE leads ADD COLUMN assigned_by_leadloop boolean NOT NULL DEFAULT false;

CREATE TABLE engagement_events (
  org_id bigint NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  external_id text NOT NULL,
  lead_external_id text NOT NULL,
  type text NOT NULL,
  occurred_at timestamptz NOT NULL,
  source text,
  PRIMARY KEY (org_id, external_id)
);
CREATE INDEX engagement_events_lead ON engagement_events (org_id, lead_external_id);

CREATE TABLE handovers (
  org_id bigint NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  task_key text NOT NULL,
  external_id text NOT NULL,
  owner_id text NOT NULL,
  sla_due_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  task_id text,
  run_id bigint,
  PRIMARY KEY (org_id, task_key)
);
CREATE INDEX handovers_lead ON handovers (org_id, external_id);
`;
