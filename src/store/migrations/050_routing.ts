/** Round-robin counters per team member (fair across runs and workers), assignments, and SLA breaches. */
export const up = `
CREATE TABLE routing_counters (
  org_id bigint NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  team_key text NOT NULL,
  member_key text NOT NULL,
  total integer NOT NULL DEFAULT 0,
  day date,
  today integer NOT NULL DEFAULT 0,
  PRIMARY KEY (org_id, team_key, member_key)
);
CREATE TABLE routing_assignments (
  id bigserial PRIMARY KEY,
  org_id bigint NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  external_id text NOT NULL,
  rule text NOT NULL,
  team_key text,
  member_key text,
  owner_id text NOT NULL,
  reason text NOT NULL DEFAULT 'mql',
  assigned_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX routing_assignments_org ON routing_assignments (org_id, assigned_at);
CREATE TABLE sla_breaches (
  id bigserial PRIMARY KEY,
  org_id bigint NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  external_id text NOT NULL,
  owner_id text,
  due_at timestamptz NOT NULL,
  detected_at timestamptz NOT NULL DEFAULT now(),
  action text NOT NULL,
  new_owner_id text,
  notified boolean NOT NULL DEFAULT false,
  UNIQUE (org_id, external_id, due_at)
);
`;
