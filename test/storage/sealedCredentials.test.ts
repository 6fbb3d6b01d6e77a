import crypto from 'node:crypto';
import { createSecretBox } from '../../src/security/secretBox';
import { createOrgRepository } from '../../src/store/orgRepository';
import { testDatabaseTargets } from '../helpers/testDatabases';

/** Issue 24, item 9: sealed credentials are bound to their org row. */
describe.each(testDatabaseTargets())('sealed credentials on $name', (target) => {
  it("refuses one org's sealed credentials copied into another's row, and re-binds legacy values on read", async () => {
    const db = await target.open();
    try {
      const key = crypto.randomBytes(32);
      const box = createSecretBox(key);
      const orgs = createOrgRepository(db, box);
      const a = await orgs.upsert({ name: 'a', crm: 'sugarcrm', credentials: { password: 'pw-a' } });
      const b = await orgs.upsert({ name: 'b', crm: 'sugarcrm', credentials: { password: 'pw-b' } });
      expect(await orgs.readCredentials(a.id)).toEqual({ password: 'pw-a' });
      // a reconnect keeps the id, so the binding holds
      await orgs.upsert({ name: 'a', crm: 'sugarcrm', credentials: { password: 'pw-a2' } });
      expect(await orgs.readCredentials(a.id)).toEqual({ password: 'pw-a2' });
      await db.query('UPDATE orgs SET credentials = (SELECT credentials FROM orgs WHERE id = $1) WHERE id = $2', [
        a.id,
        b.id,
      ]);
      await expect(orgs.readCredentials(b.id)).rejects.toThrow(/sealed for another org/);

      // a value sealed by the previous version (no org in the associated data)
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(`v1.${box.keyId}`));
      const data = Buffer.concat([cipher.update(JSON.stringify({ password: 'pw-old' }), 'utf8'), cipher.final()]);
      const legacy = [
        'v1',
        box.keyId,
        iv.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
        data.toString('base64url'),
      ].join('.');
      await db.query('UPDATE orgs SET credentials = $2 WHERE id = $1', [b.id, legacy]);
      expect(await orgs.readCredentials(b.id)).toEqual({ password: 'pw-old' });
      const { rows } = await db.query<{ credentials: string }>('SELECT credentials FROM orgs WHERE id = $1', [b.id]);
      expect(rows[0]!.credentials.startsWith('v2.')).toBe(true);
      expect(box.openJson(rows[0]!.credentials, `org:${b.id}`)).toEqual({ password: 'pw-old' });
    } finally {
      await db.close();
    }
  });
});
