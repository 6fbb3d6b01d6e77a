/** The one storage interface: PostgreSQL, embedded (PGlite) or a real server (pg). */
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** A held, named lock: one run per org across processes. Released explicitly or when the holder's connection ends. */
export interface HeldLock {
  release(): Promise<void>;
  /**
   * Why the lock is no longer held (the connection holding it ended, and the server released
   * the lock with it), or null while it is. A holder that finds it lost must stop: another
   * process may already have taken the lock.
   */
  lostReason?(): string | null;
}

/**
 * A socket error (EPIPE, ECONNRESET…) on a database connection. The storage layer wraps them,
 * because a CRM call fails with the same codes and only the database's mean "connection lost".
 */
export class DatabaseSocketError extends Error {
  readonly code: string;
  constructor(cause: Error & { code: string }) {
    super(cause.message, { cause });
    this.name = 'DatabaseSocketError';
    this.code = cause.code;
  }
}

const SOCKET_CODES = /^(EPIPE|ECONNRESET|ECONNREFUSED|ECONNABORTED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTCONN)$/;

/** Rethrows a database call's socket error as a DatabaseSocketError; other errors unchanged. */
export function asDatabaseError(error: unknown): unknown {
  const e = error as { code?: unknown } | null;
  if (error instanceof Error && typeof e?.code === 'string' && SOCKET_CODES.test(e.code))
    return new DatabaseSocketError(error as Error & { code: string });
  return error;
}

/**
 * True for errors that mean the database connection is gone (the server ended it, or it
 * broke): the `pg` driver's own, and socket errors the storage layer wrapped.
 */
export function isConnectionLost(error: unknown): boolean {
  if (error instanceof DatabaseSocketError) return true;
  const e = error as { code?: unknown; message?: unknown } | null;
  if (typeof e?.code === 'string' && /^(57P0[123]|08[0-9A-Z]{3})$/.test(e.code)) return true;
  return (
    typeof e?.message === 'string' &&
    /^(Connection terminated|Client has encountered a connection error and is not queryable|timeout exceeded when trying to connect)/.test(
      e.message,
    )
  );
}

export interface Database extends Queryable {
  readonly kind: 'embedded' | 'server';
  /** Runs `fn` in one transaction; rolls back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Tries to take a session-level lock named `name` without waiting; null when someone else holds it. */
  tryLock(name: string): Promise<HeldLock | null>;
  close(): Promise<void>;
}

/** Stable 64-bit advisory-lock key for a name, as two int4 halves for pg_try_advisory_lock(int, int). */
export function lockKeys(name: string): [number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return [h1 | 0, h2 | 0];
}
