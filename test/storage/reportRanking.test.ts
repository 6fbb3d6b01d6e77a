import { seededRandom } from '../../bench/calibrationSynthetic';
import { scoreRanking } from '../../src/feedback/reportFlags';
import { auc } from '../../src/feedback/rankMetrics';
import type { Database } from '../../src/store/database';
import { testDatabaseTargets } from '../helpers/testDatabases';
import { createTestOrg, insertLeads } from '../unit/feedback/feedbackFixtures';

describe.each(testDatabaseTargets())('the report ranking figure on $name', (target) => {
  let db: Database;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db.close();
  });

  it('is the Mann-Whitney AUC of the score over closed leads, ties counting half, open leads left out', async () => {
    const orgId = await createTestOrg(db);
    const random = seededRandom(3);
    const leads = Array.from({ length: 120 }, (_, i) => {
      const won = random() < 0.3;
      return {
        id: `R${i}`,
        score: Math.round((won ? 20 : 0) + random() * 60),
        status: i >= 100 ? 'nurture' : won ? 'won' : 'lost',
      };
    });
    await insertLeads(db, orgId, leads);
    const closed = leads.filter((l) => l.status !== 'nurture');
    const expected = auc(
      closed.map((l) => l.score),
      closed.map((l) => l.status === 'won'),
    )!;
    const ranking = await scoreRanking(db, [orgId, null]);
    expect(ranking.won + ranking.notWon).toBe(100);
    expect(ranking.auc).toBeCloseTo(expected, 4);
  });
});
