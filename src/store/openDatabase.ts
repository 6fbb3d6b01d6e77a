import path from 'node:path';
import type { Database } from './database';
import { openPgDatabase } from './pgDatabase';
import { openPgliteDatabase } from './pgliteDatabase';
import { lockDataDir } from './lockDataDir';
import { migrate } from './migrate';

export interface OpenDatabaseOptions {
  /** postgres://… for a real server; undefined for the embedded database. */
  databaseUrl?: string;
  /** Data directory of the embedded database, or 'memory' (tests). */
  dataDir: string;
  /** Run pending migrations (default true). */
  migrate?: boolean;
  /** Where a warning about a loose data directory goes (default: stderr). */
  warn?: (message: string) => void;
}

/** Opens the configured database and brings its schema up to date. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const embeddedDir = !options.databaseUrl && options.dataDir !== 'memory' ? options.dataDir : null;
  const lock = embeddedDir
    ? lockDataDir(embeddedDir, options.warn ?? ((m) => process.stderr.write(`leadloop: warning: ${m}\n`)))
    : null;
  let db: Database;
  try {
    db = options.databaseUrl
      ? openPgDatabase(options.databaseUrl)
      : await openPgliteDatabase(embeddedDir ? path.join(embeddedDir, 'pgdata') : 'memory');
  } catch (error) {
    lock?.release();
    throw error;
  }
  if (lock) {
    const close = db.close.bind(db);
    db = Object.assign(db, {
      close: async () => {
        try {
          await close();
        } finally {
          lock.release();
        }
      },
    });
  }
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
