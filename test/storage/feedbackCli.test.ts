import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateSyntheticData } from '../../bench/calibrationSynthetic';
import { loadShippedDefinition } from '../../src/definition/loadDefinition';
import { openDatabase } from '../../src/store/openDatabase';
import { runCli } from '../helpers/runCli';
import { insertHistory, insertLeads } from '../unit/feedback/feedbackFixtures';

describe('leadloop outcomes / report / calibrate', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-feedback-'));
    env = { LEADLOOP_DATA_DIR: dir };
    expect((await runCli(['orgs'], env)).code).toBe(0);
    const db = await openDatabase({ dataDir: dir });
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO orgs (name, crm) VALUES ('acme', 'salesforce') RETURNING id`,
    );
    const orgId = Number(rows[0]!.id);
    const data = generateSyntheticData(loadShippedDefinition('default'), 120, 5);
    await insertLeads(
      db,
      orgId,
      data.leads.map((lead) => ({
        id: lead.externalId,
        status: 'mql',
        score: 60,
        grade: 'B',
        source: lead.leadSource ?? null,
        data: lead as unknown as Record<string, unknown>,
      })),
    );
    await insertHistory(
      db,
      orgId,
      data.leads.map((lead) => ({ id: lead.externalId, to: 'mql', at: '2024-04-01T00:00:00Z', score: 60, grade: 'B' })),
    );
    const lines = data.leads.map(
      (lead, i) => `${lead.externalId},${data.won[i] ? 'won' : 'lost'},2024-05-01,${data.won[i] ? 1000 : ''},USD,,`,
    );
    file(
      'outcomes.csv',
      [
        'lead_id,kind,occurred_at,amount,currency,reason,source_id',
        ...lines.slice(0, 20),
        'SYN000001,lost,someday,,,,',
      ].join('\n'),
    );
    file('more.csv', ['lead_id,kind,occurred_at,amount,currency,reason,source_id', ...lines].join('\n'));
    file('costs.json', JSON.stringify({ Web: 500, Event: 200 }));
    await db.close();
  }, 60_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('imports outcomes, reporting the bad row and exiting 1, and is idempotent', async () => {
    const run = await runCli(['outcomes', 'import', 'acme', path.join(dir, 'outcomes.csv'), '--json'], env);
    expect(run.code).toBe(1);
    expect(run.json()).toMatchObject({ accepted: 20, duplicates: 0, errors: [{ line: 22, field: 'occurred_at' }] });
    expect(run.stderr).toContain('1 row(s)');
    const human = await runCli(['outcomes', 'import', 'acme', path.join(dir, 'outcomes.csv')], env);
    expect(human.stdout).toContain('Imported 0 new outcome(s) into acme; 20 already known');
    expect(human.stdout).toContain('line 22, field occurred_at');
  });

  it('refuses to calibrate with 20 outcomes and says how many more are needed', async () => {
    const run = await runCli(['calibrate', 'acme', '--json'], env);
    expect(run.code).toBe(1);
    expect(run.json()).toMatchObject({
      status: 'insufficient',
      outcomes: { needed: 20 },
      current: null,
      proposed: null,
      applied: null,
    });
    expect(run.stderr).toMatch(/at least 20 of each are needed \(\d+ more/);
  });

  it('reports with --json (funnel, byGrade, bySource with costs) and as tables', async () => {
    const json = await runCli(['report', 'acme', '--json', '--costs', path.join(dir, 'costs.json')], env);
    expect(json.code).toBe(0);
    const report = json.json<{
      funnel: Record<string, number>;
      byGrade: Record<string, { leads: number }>;
      bySource: Record<string, { leads: number; cost?: number }>;
    }>();
    expect(Object.keys(report.funnel)).toEqual([
      'new',
      'nurture',
      'mql',
      'sal',
      'sql',
      'won',
      'lost',
      'recycled',
      'disqualified',
    ]);
    expect(report.funnel.new).toBe(120);
    expect(report.byGrade['B']!.leads).toBe(120);
    expect(report.bySource['Web']).toMatchObject({ cost: 500 });
    const text = await runCli(['report', 'acme', '--since', '2020-01-01'], env);
    expect(text.stdout).toContain('By lead source');
    expect(text.stdout).toContain('SLA:');
    const bad = await runCli(['report', 'acme', '--since', 'last week'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--since');
  });

  it('calibrates and applies a new active definition version once there are enough outcomes', async () => {
    await runCli(['outcomes', 'import', 'acme', path.join(dir, 'more.csv')], env);
    // 120 outcomes cannot show that new points rank better than today's beyond the interval
    const run = await runCli(['calibrate', 'acme', '--apply'], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Verdict: NO IMPROVEMENT');
    expect(run.stdout).toMatch(/AUC \[90 % interval, DeLong\] +0\.\d{3} \[0\.\d{3}–0\.\d{3}\]/);
    expect(run.stderr).toMatch(/^leadloop: Not applied: No improvement: held-out AUC/);
    const unchanged = await runCli(['calibrate', 'acme', '--json'], env);
    expect(unchanged.json()).toMatchObject({
      status: 'no_improvement',
      definition: { name: 'default', version: 1 },
      folds: 5,
      applied: null,
    });
    expect(unchanged.json<{ current: Record<string, number> }>().current).toEqual(
      expect.objectContaining({
        auc: expect.any(Number),
        aucLow: expect.any(Number),
        aucHigh: expect.any(Number),
        liftTopDecile: expect.any(Number),
        ece: expect.any(Number),
      }),
    );
    const forced = await runCli(['calibrate', 'acme', '--apply', '--force'], env);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/Applied: default version 2 is now active/);
    const json = await runCli(['calibrate', 'acme', '--json'], env);
    expect(json.json()).toMatchObject({ definition: { name: 'default', version: 2 }, applied: null });
  });
});
