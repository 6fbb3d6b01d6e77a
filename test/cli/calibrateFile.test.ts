import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateLeadRows, toCsv } from '../../bench/syntheticLeadRows';
import { loadDefinitionFile } from '../../src/definition/loadDefinition';
import { runCli } from '../helpers/runCli';

describe('leadloop calibrate --from FILE (no org)', () => {
  let dir: string;
  const write = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-calibrate-file-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('discovers criteria from every column not excluded and writes a complete definition that scores the same file', async () => {
    const csv = write('leads.csv', toCsv(generateLeadRows(1500, 2)));
    const out = path.join(dir, 'learnt.yaml');
    const run = await runCli([
      'calibrate',
      '--from',
      csv,
      '--outcome',
      'Converted',
      '--id',
      'Prospect ID',
      '--exclude',
      'Country',
      '--discover',
      '--out',
      out,
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = run.json<
      Record<string, unknown> & { proposed: Record<string, number>; outcomes: { won: number; notWon: number } }
    >();
    expect(json).toMatchObject({ current: null, folds: 5, applied: false, status: 'proposed', out });
    expect(json.proposed).toEqual(
      expect.objectContaining({
        auc: expect.any(Number),
        aucLow: expect.any(Number),
        aucHigh: expect.any(Number),
        liftTopDecile: expect.any(Number),
        ece: expect.any(Number),
      }),
    );
    expect(json.proposed.auc).toBeGreaterThan(0.75);
    expect(json.outcomes.won + json.outcomes.notWon).toBe(1500);

    const text = fs.readFileSync(out, 'utf8');
    expect(text).toMatch(/^# learnt v1, proposed by `leadloop calibrate`/);
    expect(text).toMatch(/# \d+ leads, \d+ won \(\d+\.\d % won\); points 0 → \d+/);
    const def = loadDefinitionFile(out);
    const attributes = def.fit.criteria.map((c) => c.attribute);
    expect(attributes).toEqual(
      expect.arrayContaining(['Lead Origin', 'Total Time Spent on Website', 'What is your current occupation']),
    );
    expect(attributes).not.toContain('Country');
    expect(attributes).not.toContain('Converted');
    expect(attributes).not.toContain('Prospect ID');
    const time = def.fit.criteria.find((c) => c.attribute === 'Total Time Spent on Website')!;
    expect(time.bands.filter((b) => b.max !== undefined).length).toBeGreaterThanOrEqual(3);
    expect(time.bands[0]).toMatchObject({
      present: false,
      en: 'Total Time Spent on Website unknown',
      es: 'Total Time Spent on Website desconocido',
    });
    for (const b of def.fit.criteria.flatMap((c) => c.bands)) expect(b.code).toMatch(/^[a-z][a-z0-9_]*$/);

    const scored = await runCli(['score', csv, '--definition', out, '--json']);
    expect(scored.code).toBe(0);
    expect(scored.json()).toMatchObject({ scored: 1500, failed: 0 });
  });

  it('refuses with fewer than 20 of either outcome, saying how many more', async () => {
    const rows = generateLeadRows(60, 5);
    rows.rows.forEach((r, i) => (r['Converted'] = i < 12 ? '1' : '0'));
    const csv = write('few.csv', toCsv(rows));
    const run = await runCli(['calibrate', '--from', csv, '--outcome', 'Converted', '--discover', '--json']);
    expect(run.code).toBe(1);
    expect(run.json()).toMatchObject({
      status: 'insufficient',
      outcomes: { won: 12, notWon: 48 },
      current: null,
      proposed: null,
    });
    expect(run.stderr).toContain('12 won and 48 not-won; at least 20 of each are needed (8 more won)');
  });

  it.each([
    [['--outcome', 'Nope', '--discover'], /--outcome column "Nope" is not in the file/, 1],
    [['--discover'], /--from needs --outcome COLUMN/, 2],
    [['--outcome', 'Converted'], /--from needs --definition NAME\|FILE .* or --discover/, 1],
  ])('usage: %j', async (args, message, code) => {
    const csv = write('usage.csv', toCsv(generateLeadRows(30, 1)));
    const run = await runCli(['calibrate', '--from', csv, ...args]);
    expect(run.stderr).toMatch(message);
    expect(run.code).toBe(code);
  });
});
