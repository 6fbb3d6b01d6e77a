import type { CrmKind } from '../domain/lead';
import { ConfigurationError } from '../domain/errors';
import { assertOrgName } from '../domain/orgName';
import { scheduleProblem } from '../scheduler/checkSchedule';
import type { SecretBox } from '../security/secretBox';
import type { Queryable } from './database';
import { parseOrgSettings, type OrgSettings } from '../settings/orgSettings';

export { isOrgName, ORG_NAME_RULE } from '../domain/orgName';

export type OrgState = 'connected' | 'needs_reconnect' | 'disabled';

export interface OrgRecord {
  id: number;
  name: string;
  crm: CrmKind;
  instanceUrl: string | null;
  externalOrgId: string | null;
  state: OrgState;
  stateMessage: string | null;
  settings: OrgSettings;
  timezone: string;
  schedule: string;
  incrementalSchedule: string | null;
  definitionId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface OrgRow {
  id: string | number;
  name: string;
  crm: CrmKind;
  instance_url: string | null;
  external_org_id: string | null;
  state: OrgState;
  state_message: string | null;
  settings: Record<string, unknown>;
  timezone: string;
  schedule: string;
  incremental_schedule: string | null;
  definition_id: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

const COLUMNS = `id, name, crm, instance_url, external_org_id, state, state_message, settings, timezone, schedule,
  incremental_schedule, definition_id, created_at, updated_at`;

function toRecord(row: OrgRow): OrgRecord {
  return {
    id: Number(row.id),
    name: row.name,
    crm: row.crm,
    instanceUrl: row.instance_url,
    externalOrgId: row.external_org_id,
    state: row.state,
    stateMessage: row.state_message,
    settings: parseOrgSettings(row.settings),
    timezone: row.timezone,
    schedule: row.schedule,
    incrementalSchedule: row.incremental_schedule,
    definitionId: row.definition_id,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

export interface NewOrg {
  name: string;
  crm: CrmKind;
  instanceUrl?: string;
  externalOrgId?: string;
  credentials: unknown;
  settings?: OrgSettings;
  timezone?: string;
  schedule?: string;
}

/** What a sealed credential is bound to: its org row. */
const sealContext = (id: number) => `org:${id}`;

/** The repository is the last gate: a schedule the scheduler would refuse is never stored. */
function assertSchedule(
  org: string,
  schedule: { timezone?: unknown; schedule?: unknown; incrementalSchedule?: unknown },
): void {
  const problem = scheduleProblem(schedule);
  if (problem) throw new ConfigurationError(`Org ${org}: ${problem}`);
}

/** Connected orgs. Credentials are sealed with the secret box before they touch the database. */
export function createOrgRepository(db: Queryable, box: SecretBox) {
  return {
    async list(): Promise<OrgRecord[]> {
      const { rows } = await db.query<OrgRow>(`SELECT ${COLUMNS} FROM orgs ORDER BY name`);
      return rows.map(toRecord);
    },

    async findByName(name: string): Promise<OrgRecord | null> {
      const { rows } = await db.query<OrgRow>(`SELECT ${COLUMNS} FROM orgs WHERE name = $1`, [name]);
      return rows[0] ? toRecord(rows[0]) : null;
    },

    /**
     * The org already connected to the same CRM org: same Salesforce organization id, or
     * same SugarCRM instance URL (both as connect stores them in `external_org_id`).
     */
    async findByExternalId(crm: CrmKind, externalOrgId: string): Promise<OrgRecord | null> {
      const { rows } = await db.query<OrgRow>(
        `SELECT ${COLUMNS} FROM orgs WHERE crm = $1 AND external_org_id = $2 ORDER BY id LIMIT 1`,
        [crm, externalOrgId],
      );
      return rows[0] ? toRecord(rows[0]) : null;
    },

    async findById(id: number): Promise<OrgRecord | null> {
      const { rows } = await db.query<OrgRow>(`SELECT ${COLUMNS} FROM orgs WHERE id = $1`, [id]);
      return rows[0] ? toRecord(rows[0]) : null;
    },

    /** Creates the org, or replaces the connection of an org with the same name (a reconnect). */
    async upsert(org: NewOrg): Promise<OrgRecord> {
      assertOrgName(org.name);
      assertSchedule(org.name, { timezone: org.timezone, schedule: org.schedule });
      // the credentials are sealed for the row's id, so the id comes first (the existing one on a reconnect)
      const existing = await db.query<{ id: string }>('SELECT id FROM orgs WHERE name = $1', [org.name]);
      const id =
        existing.rows[0]?.id ??
        (await db.query<{ id: string }>(`SELECT nextval(pg_get_serial_sequence('orgs', 'id')) AS id`)).rows[0]!.id;
      const { rows } = await db.query<OrgRow>(
        `INSERT INTO orgs (id, name, crm, instance_url, external_org_id, credentials, settings, timezone, schedule)
         VALUES ($9, $1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (name) DO UPDATE SET crm = EXCLUDED.crm, instance_url = EXCLUDED.instance_url,
           external_org_id = EXCLUDED.external_org_id, credentials = EXCLUDED.credentials,
           settings = orgs.settings || EXCLUDED.settings, state = 'connected', state_message = NULL, updated_at = now()
         RETURNING ${COLUMNS}`,
        [
          org.name,
          org.crm,
          org.instanceUrl ?? null,
          org.externalOrgId ?? null,
          box.sealJson(org.credentials, sealContext(Number(id))),
          JSON.stringify(org.settings ?? {}),
          org.timezone ?? 'UTC',
          org.schedule ?? '0 2 * * *',
          id,
        ],
      );
      return toRecord(rows[0]!);
    },

    async readCredentials<T>(id: number): Promise<T | null> {
      const { rows } = await db.query<{ credentials: string | null }>('SELECT credentials FROM orgs WHERE id = $1', [
        id,
      ]);
      const sealed = rows[0]?.credentials;
      if (!sealed) return null;
      const credentials = box.openJson<T>(sealed, sealContext(id));
      // sealed before the org was bound into the associated data: bind it now
      if (box.isLegacy(sealed))
        await db.query('UPDATE orgs SET credentials = $2 WHERE id = $1 AND credentials = $3', [
          id,
          box.sealJson(credentials, sealContext(id)),
          sealed,
        ]);
      return credentials;
    },

    async saveCredentials(id: number, credentials: unknown): Promise<void> {
      await db.query('UPDATE orgs SET credentials = $2, updated_at = now() WHERE id = $1', [
        id,
        box.sealJson(credentials, sealContext(id)),
      ]);
    },

    async setState(id: number, state: OrgState, message: string | null): Promise<void> {
      await db.query('UPDATE orgs SET state = $2, state_message = $3, updated_at = now() WHERE id = $1', [
        id,
        state,
        message,
      ]);
    },

    async updateSettings(
      id: number,
      patch: Partial<Pick<OrgRecord, 'timezone' | 'schedule' | 'incrementalSchedule' | 'definitionId'>> & {
        settings?: Partial<Record<keyof OrgSettings, OrgSettings[keyof OrgSettings] | null>>;
      },
    ): Promise<void> {
      assertSchedule(`#${id}`, patch);
      await db.query(
        `UPDATE orgs SET timezone = COALESCE($2, timezone), schedule = COALESCE($3, schedule),
           incremental_schedule = CASE WHEN $4::boolean THEN $5 ELSE incremental_schedule END,
           definition_id = COALESCE($6, definition_id), settings = jsonb_strip_nulls(settings || $7::jsonb), updated_at = now()
         WHERE id = $1`,
        [
          id,
          patch.timezone ?? null,
          patch.schedule ?? null,
          'incrementalSchedule' in patch,
          patch.incrementalSchedule ?? null,
          patch.definitionId ?? null,
          JSON.stringify(patch.settings ?? {}),
        ],
      );
    },

    /** Takes an org out of service but keeps its history: no credentials, no CRM identity, state `disabled`. */
    async disconnect(id: number, message: string): Promise<void> {
      await db.query(
        `UPDATE orgs SET state = 'disabled', state_message = $2, credentials = NULL, external_org_id = NULL, updated_at = now() WHERE id = $1`,
        [id, message],
      );
    },

    async remove(id: number): Promise<void> {
      await db.query('DELETE FROM orgs WHERE id = $1', [id]);
    },
  };
}

export type OrgRepository = ReturnType<typeof createOrgRepository>;
