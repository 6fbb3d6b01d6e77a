/** Connected orgs, lead state, sync runs, outcomes and the audit log. Later parts add their own migrations. */
export const up = `
CREATE TABLE orgs (
  id bigserial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  crm text NOT NULL CHECK (crm IN ('salesforce', 'sugarcrm')),
  instance_url text,
  external_org_id text,
  -- connected | needs_reconnect | disabled
  state text NOT NULL DEFAULT 'connected',
  state_message text,
  -- AES-256-GCM sealed JSON (see src/security/secretBox.ts); never plaintext
  credentials text,
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  timezone text NOT NULL DEFAULT 'UTC',
  schedule text NOT NULL DEFAULT '0 2 * * *',
  incremental_schedule text,
  definition_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- What leadloop knows about each lead: identity, the CRM stamp last seen, the last score
-- and what the CRM holds in the leadloop fields (for no-op elimination).
CREATE TABLE leads (
  org_id bigint NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  external_id text NOT NULL,
  modified_at timestamptz,
  email_hash text,
  status text NOT NULL DEFAULT 'new',
  crm_status text,
  owner_id text,
  score integer,
  grade text,
  fit integer,
  engagement integer,
  definition_version text,
  reasons jsonb,
  written jsonb,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  scored_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, external_id)
);
CREATE INDEX leads_org_status ON leads (org_id, status);
CREATE INDEX leads_email_hash ON leads (email_hash);

CREATE TABLE lead_status_history (
  id bigserial PRIMARY KEY,
  org_id bigint NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  external_id text NOT NULL,
  from_status text,
  to_status text NOT NULL,
  at timestamptz NOT NULL,
  cause text NOT NULL,
  detail text,
  score integer,
  grade text,
  definition_version text
);
CREATE INDEX lead_status_history_lead ON lead_status_history (org_id, external_id, at);

CREATE TABLE sync_runs (
  id bigserial PRIMARY KEY,
  org_id bigint NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  mode text NOT NULL,
  -- running | completed | stopped | failed
  status text NOT NULL DEFAULT 'running',
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  heartbeat_at timestamptz NOT NULL DEFAULT now(),
  counts jsonb NOT NULL DEFAULT '{}'::jsonb,
  api_calls integer NOT NULL DEFAULT 0,
  cursor_from jsonb,
  cursor_to jsonb,
  stop_reason text,
  worker text
);
CREATE INDEX sync_runs_org ON sync_runs (org_id, started_at DESC);

CREATE TABLE sync_run_failures (
  id bigserial PRIMARY KEY,
  run_id bigint NOT NULL REFERENCES sync_runs(id) ON DELETE CASCADE,
  external_id text,
  stage text NOT NULL,
  kind text NOT NULL,
  code text NOT NULL,
  message text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sync_run_failures_run ON sync_run_failures (run_id);

-- Committed positions per org and stream (leads, engagement, outcomes).
CREATE TABLE sync_cursors (
  org_id bigint NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  stream text NOT NULL,
  cursor jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, stream)
);

CREATE TABLE outcomes (
  id bigserial PRIMARY KEY,
  org_id bigint NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  external_id text NOT NULL,
  kind text NOT NULL,
  source_id text NOT NULL,
  occurred_at timestamptz NOT NULL,
  amount numeric,
  currency text,
  reason text,
  owner_id text,
  origin text NOT NULL DEFAULT 'crm',
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, external_id, kind, source_id)
);
CREATE INDEX outcomes_org_kind ON outcomes (org_id, kind);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  target text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb
);
`;
