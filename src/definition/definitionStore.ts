import { ConfigurationError } from '../domain/errors';
import type { Queryable } from '../store/database';
import { definitionHash } from './definitionHash';
import type { Definition } from './definitionSchema';
import { parseDefinition } from './loadDefinition';

export interface DefinitionVersion {
  name: string;
  /** Assigned by the store (1, 2, 3 …); it replaces the file's own `version` number. */
  version: number;
  content: string;
  contentHash: string;
  createdAt: Date;
  createdBy: string;
  note: string | null;
  isActive: boolean;
  /** The parsed content, with `version` set to the stored number. */
  definition: Definition;
}

export interface SaveDefinitionInput {
  yaml: string;
  /** Named in validation errors. */
  fileName?: string;
  createdBy: string;
  note?: string;
  /** Make the saved (or unchanged latest) version the active one. The first version of a name is always activated. */
  activate?: boolean;
}

export interface DefinitionStore {
  /** Validates and saves; a new version only when the content differs from the latest. */
  saveVersion(input: SaveDefinitionInput): Promise<{ version: DefinitionVersion; created: boolean }>;
  getActive(name: string): Promise<DefinitionVersion | null>;
  getVersion(name: string, version: number): Promise<DefinitionVersion | null>;
  /** Newest first. */
  listVersions(name: string): Promise<DefinitionVersion[]>;
  activate(name: string, version: number): Promise<DefinitionVersion>;
}

interface Row {
  name: string;
  version: number | string;
  content: string;
  content_hash: string;
  created_at: Date | string;
  created_by: string;
  note: string | null;
  is_active: boolean;
}

const COLUMNS = 'name, version, content, content_hash, created_at, created_by, note, is_active';

function toVersion(row: Row): DefinitionVersion {
  const version = Number(row.version);
  const parsed = parseDefinition(row.content, `definition ${row.name}@${version}`);
  return {
    name: row.name,
    version,
    content: row.content,
    contentHash: row.content_hash,
    createdAt: new Date(row.created_at),
    createdBy: row.created_by,
    note: row.note,
    isActive: row.is_active,
    definition: { ...parsed, version },
  };
}

/** Versions of the shared lead definitions, in the `definition_versions` table (migration 020). */
export function createDefinitionStore(db: Queryable): DefinitionStore {
  const one = async (sql: string, params: unknown[]) => {
    const { rows } = await db.query<Row>(sql, params);
    return rows[0] ? toVersion(rows[0]) : null;
  };
  const latest = (name: string) =>
    one(`SELECT ${COLUMNS} FROM definition_versions WHERE name = $1 ORDER BY version DESC LIMIT 1`, [name]);
  const getActive = (name: string) =>
    one(`SELECT ${COLUMNS} FROM definition_versions WHERE name = $1 AND is_active`, [name]);
  const getVersion = (name: string, version: number) =>
    one(`SELECT ${COLUMNS} FROM definition_versions WHERE name = $1 AND version = $2`, [name, version]);

  const activate = async (name: string, version: number) => {
    if (!(await getVersion(name, version)))
      throw new ConfigurationError(`Lead definition ${name} has no version ${version}`);
    // one statement: there is never a moment with two active versions or none
    await db.query(
      'UPDATE definition_versions SET is_active = (version = $2) WHERE name = $1 AND (is_active OR version = $2)',
      [name, version],
    );
    return (await getVersion(name, version))!;
  };

  const insert = async (name: string, input: SaveDefinitionInput, hash: string) => {
    const sql = `INSERT INTO definition_versions (name, version, content, content_hash, created_by, note)
      SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5 FROM definition_versions WHERE name = $1
      RETURNING ${COLUMNS}`;
    const params = [name, input.yaml, hash, input.createdBy, input.note ?? null];
    try {
      return (await one(sql, params))!;
    } catch (error) {
      // two saves raced for the same number: the unique (name, version) stopped one; retry once
      if ((error as { code?: string }).code !== '23505') throw error;
      return (await one(sql, params))!;
    }
  };

  return {
    async saveVersion(input) {
      const def = parseDefinition(input.yaml, input.fileName ?? 'definition');
      const hash = definitionHash(def);
      const last = await latest(def.name);
      const created = !last || last.contentHash !== hash;
      let saved = created ? await insert(def.name, input, hash) : last;
      if (input.activate || !(await getActive(def.name))) saved = await activate(def.name, saved.version);
      return { version: saved, created };
    },
    getActive,
    getVersion,
    async listVersions(name) {
      const { rows } = await db.query<Row>(
        `SELECT ${COLUMNS} FROM definition_versions WHERE name = $1 ORDER BY version DESC`,
        [name],
      );
      return rows.map(toVersion);
    },
    activate,
  };
}
