import crypto from 'node:crypto';
import { createSecretBox } from '../../src/security/secretBox';
import type { Database } from '../../src/store/database';
import { createOrgRepository } from '../../src/store/orgRepository';
import { erasePerson } from '../../src/sync/erasePerson';
import { hashEmail } from '../../src/sync/processPage';
import { testDatabaseTargets } from '../helpers/testDatabases';

describe.each(testDatabaseTargets())('erasePerson on $name', (target) => {
  let db: Database;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => db.close());

  it("deletes a person's lead state, history, outcomes, engagement and hand-overs, and nobody else's", async () => {
    const org = await createOrgRepository(db, createSecretBox(crypto.randomBytes(32))).upsert({
      name: 'erase-org',
      crm: 'salesforce',
      credentials: {},
    });
    for (const [id, email] of [
      ['00Qa', 'Ana@Acme.es'],
      ['00Qb', 'bob@other.com'],
    ] as const) {
      await db.query('INSERT INTO leads (org_id, external_id, email_hash, status) VALUES ($1, $2, $3, $4)', [
        org.id,
        id,
        hashEmail(email),
        'mql',
      ]);
      await db.query(
        `INSERT INTO lead_status_history (org_id, external_id, from_status, to_status, at, cause) VALUES ($1, $2, 'new', 'mql', now(), 'scoring')`,
        [org.id, id],
      );
      await db.query(
        `INSERT INTO outcomes (org_id, external_id, kind, source_id, occurred_at) VALUES ($1, $2, 'accepted', 's', now())`,
        [org.id, id],
      );
      await db.query(
        `INSERT INTO engagement_events (org_id, external_id, lead_external_id, type, occurred_at) VALUES ($1, $2, $3, 'email_open', now())`,
        [org.id, `ev-${id}`, id],
      );
      await db.query(`INSERT INTO handovers (org_id, task_key, external_id, owner_id) VALUES ($1, $2, $3, '005x')`, [
        org.id,
        `${id}:1`,
        id,
      ]);
    }
    const result = await erasePerson(db, { email: ' ana@acme.ES ', actor: 'test' });
    expect(result).toMatchObject({
      leadsDeleted: 1,
      historyDeleted: 1,
      outcomesDeleted: 1,
      engagementDeleted: 1,
      handoversDeleted: 1,
    });
    for (const table of ['leads', 'lead_status_history', 'outcomes', 'handovers']) {
      const { rows } = await db.query<{ external_id: string }>(`SELECT external_id FROM ${table} WHERE org_id = $1`, [
        org.id,
      ]);
      expect(rows.map((r) => r.external_id)).toEqual(['00Qb']);
    }
  });
});
