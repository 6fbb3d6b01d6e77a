import { ORG_NAME_SQL_PATTERN } from '../../domain/orgName';

/**
 * Issue 24. (1) Org names follow one rule (src/domain/orgName.ts), now also a CHECK. Rows
 * stored before the rule that break it (the CLI once accepted any name) are renamed to
 * `renamed_<id>_<hash>` rather than failing the migration; each rename is in the audit log
 * with the old name, so an admin can choose a new one (`leadloop orgs`).
 * (2) API tokens get a scope (existing tokens keep full access), an expiry and an owner;
 * administrators can be disabled.
 */
export const up = `
INSERT INTO audit_log (actor, action, target, details)
  SELECT 'migration', 'org.rename_invalid', 'renamed_' || id || '_' || substr(md5(name), 1, 6), jsonb_build_object('oldName', name)
    FROM orgs WHERE name !~ '${ORG_NAME_SQL_PATTERN}';
UPDATE orgs SET name = 'renamed_' || id || '_' || substr(md5(name), 1, 6), updated_at = now() WHERE name !~ '${ORG_NAME_SQL_PATTERN}';
ALTER TABLE orgs ADD CONSTRAINT orgs_name_valid CHECK (name ~ '${ORG_NAME_SQL_PATTERN}');

ALTER TABLE api_tokens ADD COLUMN scope text NOT NULL DEFAULT 'full' CHECK (scope IN ('read', 'metrics', 'full'));
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
ALTER TABLE api_tokens ADD COLUMN owner text;
UPDATE api_tokens SET owner = created_by WHERE owner IS NULL;

ALTER TABLE admin_users ADD COLUMN disabled_at timestamptz;
CREATE INDEX admin_sessions_user ON admin_sessions (user_id);
`;
