import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Database, HeldLock, Queryable, QueryResult } from './database';

type PGliteInstance = PGlite;

/**
 * Embedded PostgreSQL (PGlite) in a data directory: no server needed. One process owns
 * the directory, so locks are held in memory (PGlite has one backend session, where
 * advisory locks would be re-entrant and useless between runs of the same process).
 */
export async function openPgliteDatabase(dataDir: string | 'memory'): Promise<Database> {
  let db: PGliteInstance;
  if (dataDir === 'memory') {
    db = new PGlite();
  } else {
    const dir = path.resolve(dataDir);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    db = new PGlite(dir);
  }
  await db.waitReady;
  const held = new Set<string>();

  const run = async <T>(q: Pick<PGliteInstance, 'query'>, sql: string, params?: unknown[]): Promise<QueryResult<T>> => {
    const result = await q.query<T>(sql, params as unknown[] | undefined);
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
  };

  return {
    kind: 'embedded',
    query: (sql, params) => run(db, sql, params),
    exec: async (sql) => void (await db.exec(sql)),
    transaction: (fn) =>
      db.transaction(async (tx) => {
        const scoped: Queryable = {
          query: (sql, params) => run(tx, sql, params),
          exec: async (sql) => void (await tx.exec(sql)),
        };
        return fn(scoped);
      }),
    async tryLock(name: string): Promise<HeldLock | null> {
      if (held.has(name)) return null;
      held.add(name);
      return { release: async () => void held.delete(name) };
    },
    async close() {
      if (!db.closed) await db.close();
    },
  };
}
