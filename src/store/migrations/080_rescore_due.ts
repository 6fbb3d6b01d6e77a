/**
 * Leads that must be re-scored although their CRM record did not change (a new engagement
 * event or outcome was read). Written in the same transaction as the events, cleared when
 * the lead's new state is stored: a run killed in between leaves the work for the next run.
 */
export const up = `
CREATE TABLE rescore_due (
  org_id bigint NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  external_id text NOT NULL,
  since timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, external_id)
);
`;
