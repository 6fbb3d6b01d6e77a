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
