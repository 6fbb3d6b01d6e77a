import path from 'node:path';
import type { Database } from './database';
import { openPgDatabase } from './pgDatabase';
import { openPgliteDatabase } from './pgliteDatabase';
import { migrate } from './migrate';

export interface OpenDatabaseOptions {
  /** postgres://… for a real server; undefined for the embedded database. */
  databaseUrl?: string;
  /** Data directory of the embedded database, or 'memory' (tests). */
  dataDir: string;
  /** Run pending migrations (default true). */
  migrate?: boolean;
}

/** Opens the configured database and brings its schema up to date. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const db = options.databaseUrl
    ? openPgDatabase(options.databaseUrl)
    : await openPgliteDatabase(options.dataDir === 'memory' ? 'memory' : path.join(options.dataDir, 'pgdata'));
  if (options.migrate !== false) {
    try {
      await migrate(db);
    } catch (error) {
      await db.close().catch(() => undefined);
      throw error;
    }
  }
  return db;
}
