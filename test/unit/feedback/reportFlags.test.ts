import { reportFlags } from '../../../src/feedback/reportFlags';
import type { Breakdown } from '../../../src/feedback/reportBreakdowns';

const grade = (leads: number, won: number): Breakdown => ({
  leads,
  won,
  lost: 0,
  conversionRate: leads ? won / leads : null,
  winRate: null,
  revenue: 0,
});
const ranks = { auc: 0.75, won: 50, notWon: 200 };

describe('report flags: does the definition work?', () => {
  it.each<[string, Record<string, Breakdown>, { auc: number | null; won: number; notWon: number }, string[]]>([
    [
      'grades in order, a score that ranks',
      { A: grade(40, 20), B: grade(100, 20), C: grade(200, 10), D: grade(300, 3) },
      ranks,
      [],
    ],
    [
      'B converts better than A',
      { A: grade(40, 4), B: grade(100, 20), C: grade(200, 10), D: grade(300, 3) },
      ranks,
      ['grade_inversion'],
    ],
    [
      'an inversion on too few leads says nothing',
      { A: grade(10, 0), B: grade(100, 20), C: grade(200, 10) },
      ranks,
      [],
    ],
    [
      'AUC under 0.6',
      { A: grade(40, 20), B: grade(100, 20) },
      { auc: 0.55, won: 30, notWon: 40 },
      ['score_does_not_rank'],
    ],
    ['too few outcomes for an AUC', { A: grade(40, 20) }, { auc: null, won: 5, notWon: 40 }, []],
    [
      'both',
      { C: grade(100, 5), D: grade(100, 9) },
      { auc: 0.5, won: 30, notWon: 40 },
      ['grade_inversion', 'score_does_not_rank'],
    ],
  ])('%s', (_label, byGrade, ranking, codes) => {
    const flags = reportFlags(byGrade, ranking, 'acme');
    expect(flags.map((f) => f.code)).toEqual(codes);
    for (const f of flags) expect(f.message).toContain('leadloop calibrate acme');
  });

  it('names the grades, rates and counts', () => {
    const [flag] = reportFlags({ A: grade(40, 4), B: grade(100, 20) }, ranks, 'acme');
    expect(flag!.message).toMatch(/^Grade B converts better than grade A \(20\.0 % of 100 vs 10\.0 % of 40\)/);
  });
});
