/**
 * Versions of the shared lead definitions. A new row only when the content changed
 * (content_hash); exactly one active version per name, switched in one UPDATE.
 */
export const up = `
CREATE TABLE definition_versions (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  content text NOT NULL,
  content_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  note text,
  is_active boolean NOT NULL DEFAULT false,
  UNIQUE (name, version)
);
CREATE INDEX definition_versions_active ON definition_versions (name) WHERE is_active;
`;
