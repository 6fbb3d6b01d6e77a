/** One row per schedule slot: whichever worker inserts it first runs that slot (exactly once per tick). */
export const up = `
CREATE TABLE schedule_claims (
  slot_key text PRIMARY KEY,
  org_id bigint REFERENCES orgs(id) ON DELETE CASCADE,
  claimed_by text NOT NULL,
  claimed_at timestamptz NOT NULL DEFAULT now()
);
`;
