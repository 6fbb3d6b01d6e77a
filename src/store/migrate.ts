import fs from 'node:fs';
import path from 'node:path';
import type { Database } from './database';
import { lockKeys } from './database';

export interface Migration {
  version: number;
  name: string;
  up: string;
}

const MIGRATION_FILE = /^(\d{3})_([a-z0-9_]+)\.(js|ts)$/;

/**
 * Migrations live in `migrations/NNN_name.ts`, each exporting `up` (SQL). They are found
 * by file name so that parts of the service can add their own without a central list.
 */
export function loadMigrations(dir = path.join(__dirname, 'migrations')): Migration[] {
  const found = new Map<number, Migration>();
  for (const file of fs.readdirSync(dir).sort()) {
    if (file.endsWith('.d.ts')) continue;
    const match = MIGRATION_FILE.exec(file);
    if (!match) continue;
    const version = Number(match[1]);
    const mod = require(path.join(dir, file)) as { up?: unknown };
    if (typeof mod.up !== 'string') throw new Error(`Migration ${file} does not export an 'up' SQL string`);
    const existing = found.get(version);
    if (existing) throw new Error(`Two migrations share version ${version}: ${existing.name} and ${match[2]}`);
    found.set(version, { version, name: match[2]!, up: mod.up });
  }
  return [...found.values()].sort((a, b) => a.version - b.version);
}

/**
 * Applies pending migrations in one transaction under a transaction-scoped advisory
 * lock, so two processes starting at once apply each migration exactly once.
 */
export async function migrate(db: Database, migrations = loadMigrations()): Promise<number[]> {
  const [k1, k2] = lockKeys('leadloop:migrations');
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [k1, k2]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r) => Number(r.version)));
    const done: number[] = [];
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      await tx.exec(m.up);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      done.push(m.version);
    }
    return done;
  });
}
