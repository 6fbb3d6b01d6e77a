import { Pool, type PoolClient } from 'pg';
import type { Database, HeldLock, Queryable } from './database';
import { asDatabaseError, lockKeys } from './database';

/**
 * A real PostgreSQL server through `pg`. Locks are session-level advisory locks on a
 * dedicated connection, so they are released by the server if the process dies.
 */
export function openPgDatabase(connectionString: string, options: { max?: number } = {}): Database {
  const pool = new Pool({ connectionString, max: options.max ?? 10, connectionTimeoutMillis: 10_000 });
  // A dropped idle connection must not crash the process; the next query gets a fresh one.
  pool.on('error', () => undefined);
  const lockClients = new Set<PoolClient>();

  const rethrow = (error: unknown): never => {
    throw asDatabaseError(error);
  };
  const toResult = <T>(r: { rows: unknown[]; rowCount: number | null }) => ({
    rows: r.rows as T[],
    rowCount: r.rowCount ?? r.rows.length,
  });

  return {
    kind: 'server',
    async query<T>(sql: string, params?: unknown[]) {
      return toResult<T>(await pool.query(sql, params as unknown[]).catch(rethrow));
    },
    async exec(sql: string) {
      await pool.query(sql).catch(rethrow);
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect().catch(rethrow);
      // a checked-out client has no listener of the pool's: a connection the server ends
      // between two statements would otherwise be an unhandled 'error' that kills the process
      let lost: Error | null = null;
      const onError = (error: Error) => void (lost ??= error);
      client.on('error', onError);
      try {
        await client.query('BEGIN').catch(rethrow);
        const scoped: Queryable = {
          query: async (sql, params) => toResult(await client.query(sql, params as unknown[]).catch(rethrow)),
          exec: async (sql) => void (await client.query(sql).catch(rethrow)),
        };
        const value = await fn(scoped);
        await client.query('COMMIT').catch(rethrow);
        return value;
      } catch (error) {
        if (!lost) await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.removeListener('error', onError);
        client.release(lost ?? undefined);
      }
    },
    async tryLock(name: string): Promise<HeldLock | null> {
      const client: PoolClient = await pool.connect().catch(rethrow);
      const [k1, k2] = lockKeys(name);
      let released = false;
      try {
        const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [
          k1,
          k2,
        ]);
        if (!rows[0]?.locked) {
          client.release();
          return null;
        }
      } catch (error) {
        client.release(true);
        throw error;
      }
      let lost: string | null = null;
      const onError = (error: Error) => void (lost ??= error.message);
      const onEnd = () => void (released || (lost ??= 'the connection ended'));
      client.on('error', onError);
      client.on('end', onEnd);
      lockClients.add(client);
      return {
        lostReason: () => lost,
        async release() {
          if (released) return;
          released = true;
          lockClients.delete(client);
          // the client goes back to the pool: this lock's listeners must not stay on it (kept
          // during the unlock, so a connection error then is not an unhandled 'error' event)
          const detach = () => {
            client.removeListener('error', onError);
            client.removeListener('end', onEnd);
          };
          try {
            await client.query('SELECT pg_advisory_unlock($1, $2)', [k1, k2]);
            detach();
            client.release();
          } catch {
            // the connection is gone, and with it the lock; the client is discarded with its listeners
            client.release(true);
          }
        },
      };
    },
    async close() {
      // locks still held end with their connections
      for (const client of lockClients) client.release(true);
      lockClients.clear();
      await pool.end();
    },
  };
}
