import crypto from 'node:crypto';
import { Client } from 'pg';
import type { Database } from '../../src/store/database';
import { openDatabase } from '../../src/store/openDatabase';

/**
 * The databases storage tests run against: always the embedded PGlite, and the real
 * PostgreSQL server too when TEST_DATABASE_URL is set (CI sets it).
 */
export interface TestDatabaseTarget {
  name: 'pglite' | 'postgres';
  open(): Promise<Database>;
}

export function testDatabaseTargets(): TestDatabaseTarget[] {
  const targets: TestDatabaseTarget[] = [{ name: 'pglite', open: () => openDatabase({ dataDir: 'memory' }) }];
  const url = process.env['TEST_DATABASE_URL'];
  if (url) targets.push({ name: 'postgres', open: () => openFreshServerDatabase(url) });
  return targets;
}

/** A fresh, empty database on the server for one test file, dropped when closed. */
export async function openFreshServerDatabase(url: string): Promise<Database> {
  const name = `leadloop_test_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: dbUrl.toString(), dataDir: 'memory' });
  const close = db.close.bind(db);
  return Object.assign(db, {
    async close() {
      await close();
      const cleanup = new Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  });
}

/** A server database URL that tests can hand to a child process, plus its cleanup. */
export async function createServerDatabaseUrl(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `leadloop_test_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  return {
    url: dbUrl.toString(),
    async drop() {
      const cleanup = new Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
