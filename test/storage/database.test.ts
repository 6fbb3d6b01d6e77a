import crypto from 'node:crypto';
import { migrate } from '../../src/store/migrate';
import { createOrgRepository } from '../../src/store/orgRepository';
import { createSecretBox } from '../../src/security/secretBox';
import { asDatabaseError, DatabaseSocketError, isConnectionLost, type Database } from '../../src/store/database';
import { testDatabaseTargets } from '../helpers/testDatabases';

describe.each(testDatabaseTargets())('storage on $name', (target) => {
  let db: Database;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db.close();
  });

  it('applies migrations once, even when asked again concurrently', async () => {
    const again = await Promise.all([migrate(db), migrate(db)]);
    expect(again).toEqual([[], []]);
    const { rows } = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows[0]!.version).toBe(1);
  });

  it('stores org credentials sealed, never in plaintext', async () => {
    const box = createSecretBox(crypto.randomBytes(32));
    const orgs = createOrgRepository(db, box);
    const org = await orgs.upsert({
      name: `acme-${target.name}`,
      crm: 'salesforce',
      instanceUrl: 'https://acme.my.salesforce.com',
      credentials: { refreshToken: 'RT-SENTINEL-1234' },
    });
    const raw = await db.query<{ credentials: string }>('SELECT credentials FROM orgs WHERE id = $1', [org.id]);
    expect(raw.rows[0]!.credentials).not.toContain('RT-SENTINEL');
    expect(await orgs.readCredentials(org.id)).toEqual({ refreshToken: 'RT-SENTINEL-1234' });
    await orgs.setState(org.id, 'needs_reconnect', 'refresh token revoked');
    expect((await orgs.findByName(org.name))?.state).toBe('needs_reconnect');
    const again = await orgs.upsert({ name: org.name, crm: 'salesforce', credentials: { refreshToken: 'RT-2' } });
    expect(again).toMatchObject({ id: org.id, state: 'connected' });
  });

  it('rolls back a failed transaction', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO audit_log (actor, action) VALUES ('t', 'rollback-probe')`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const { rows } = await db.query(`SELECT 1 FROM audit_log WHERE action = 'rollback-probe'`);
    expect(rows).toHaveLength(0);
  });

  it('grants a named lock to one holder at a time', async () => {
    const first = await db.tryLock('org:1');
    expect(first).not.toBeNull();
    expect(await db.tryLock('org:1')).toBeNull();
    expect(await db.tryLock('org:2')).not.toBeNull();
    await first!.release();
    const again = await db.tryLock('org:1');
    expect(again).not.toBeNull();
    await again!.release();
  });
});

describe('a lost database connection', () => {
  const socketError = (code: string) => Object.assign(new Error(`write ${code}`), { code });

  it('is told from a CRM socket error by where it was raised', () => {
    // the same code from a CRM call is not the database's
    expect(isConnectionLost(socketError('EPIPE'))).toBe(false);
    for (const code of ['EPIPE', 'ECONNRESET', 'ETIMEDOUT']) {
      const wrapped = asDatabaseError(socketError(code));
      expect(wrapped).toBeInstanceOf(DatabaseSocketError);
      expect(isConnectionLost(wrapped)).toBe(true);
      expect((wrapped as Error).message).toBe(`write ${code}`);
    }
    // errors that are not about the socket pass through unchanged
    const sql = Object.assign(new Error('relation "x" does not exist'), { code: '42P01' });
    expect(asDatabaseError(sql)).toBe(sql);
    expect(isConnectionLost(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBe(true);
  });
});
