import { generateSyntheticData } from '../../bench/calibrationSynthetic';
import { createDefinitionStore } from '../../src/definition/definitionStore';
import { loadShippedDefinition } from '../../src/definition/loadDefinition';
import { applyCalibration, calibrate } from '../../src/feedback/calibrate';
import { compileDefinition } from '../../src/scoring/compileDefinition';
import type { Database } from '../../src/store/database';
import { testDatabaseTargets } from '../helpers/testDatabases';
import { createTestOrg, insertLeads, insertOutcomes } from '../unit/feedback/feedbackFixtures';

const def = loadShippedDefinition('default');
const data = generateSyntheticData(def, 1000, 11);

async function seedOrg(db: Database, count: number): Promise<number> {
  const orgId = await createTestOrg(db);
  const leads = data.leads.slice(0, count);
  await insertLeads(
    db,
    orgId,
    leads.map((lead, i) => ({
      id: lead.externalId,
      status: data.won[i] ? 'won' : 'lost',
      data: lead as unknown as Record<string, unknown>,
      source: lead.leadSource ?? null,
    })),
  );
  // the label also comes from outcomes: half of the leads carry theirs only there
  await insertOutcomes(
    db,
    orgId,
    leads
      .filter((_, i) => i % 2 === 0)
      .map((lead) => ({
        id: lead.externalId,
        kind: data.won[data.leads.indexOf(lead)] ? 'won' : 'lost',
        at: '2024-05-01T00:00:00Z',
      })),
  );
  return orgId;
}

describe.each(testDatabaseTargets())('calibration from the store on $name', (target) => {
  let db: Database;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db.close();
  });

  it('refuses with too few closed outcomes, and leads without outcomes do not count', async () => {
    const orgId = await seedOrg(db, 40);
    await insertLeads(db, orgId, [
      {
        id: 'OPEN1',
        status: 'mql',
        data: { ...data.leads[50]!, externalId: 'OPEN1' } as unknown as Record<string, unknown>,
      },
    ]);
    const result = await calibrate(db, orgId);
    expect(result.status).toBe('insufficient');
    expect(result.outcomes.won + result.outcomes.notWon).toBe(40);
    expect(result.message).toMatch(/at least 20 of each/);
  });

  it('proposes from stored snapshots and outcomes, and --apply keeps the version history', async () => {
    const orgId = await seedOrg(db, 1000);
    const result = await calibrate(db, orgId, { seed: 2 });
    expect(result.status).toBe('proposed');
    expect(result.outcomes.won + result.outcomes.notWon).toBe(1000);
    expect(result.figures!.proposed.auc!).toBeGreaterThan(0.6);

    const saved = await applyCalibration(db, orgId, result, 'test');
    const store = createDefinitionStore(db);
    const versions = await store.listVersions('default');
    expect(versions.map((v) => [v.version, v.isActive])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(versions[1]!.note).toMatch(/loaded from default\.yaml/);
    expect(saved.note).toMatch(
      /^calibrated: held-out AUC .* on \d+ won \/ \d+ not-won, 5-fold CV seed 2; current AUC .* ECE/,
    );
    expect(saved.content).toContain('# Figures on held-out outcomes (5-fold cross-validation, stratified, seed 2');
    expect(compileDefinition(saved.definition).version).toMatch(/^default@2#/);
    const emailFree = saved.definition.fit.criteria.flatMap((c) => c.bands).find((b) => b.code === 'email_free')!;
    expect(emailFree.points).toBe(result.changes!.find((c) => c.code === 'email_free')!.newPoints);

    // calibrating again starts from the new active version, and finds nothing better than itself
    const again = await calibrate(db, orgId, { seed: 2 });
    expect(again.definition.version).toBe(2);
    expect(again.status).toBe('no_improvement');
    await expect(applyCalibration(db, orgId, again, 'test')).rejects.toThrow(/^Not applied: No improvement/);
    expect((await store.getActive('default'))!.version).toBe(2);
    const forced = await applyCalibration(db, orgId, again, 'test', { force: true });
    expect(forced.note).toMatch(/^calibrated \(forced: no improvement on held-out outcomes\)/);
  });

  it('refuses to apply a proposal on outcomes that do not depend on the leads (the demo org, 2026-12)', async () => {
    const orgId = await createTestOrg(db);
    const leads = data.leads.slice(0, 300);
    // every third lead won, whatever it is: the current definition cannot be beaten
    await insertLeads(
      db,
      orgId,
      leads.map((lead, i) => ({
        id: lead.externalId,
        status: i % 3 === 0 ? 'won' : 'lost',
        data: lead as unknown as Record<string, unknown>,
      })),
    );
    const before = await createDefinitionStore(db).getActive('default');
    const result = await calibrate(db, orgId);
    expect(result.status).toBe('no_improvement');
    await expect(applyCalibration(db, orgId, result, 'test')).rejects.toThrow(/Not applied/);
    expect((await createDefinitionStore(db).getActive('default'))?.version).toBe(before?.version);
  });
});
