import type { BacktestResult } from '../feedback/backtest';
import { formatTable } from './output';

const num = (v: number | null | undefined, digits = 3) => (v === null || v === undefined ? '–' : v.toFixed(digits));

function fromTo(table: Record<string, Record<string, number>>, order: readonly string[]): string {
  const seen = new Set<string>();
  for (const [from, row] of Object.entries(table)) {
    seen.add(from);
    for (const to of Object.keys(row)) seen.add(to);
  }
  const keys = [...order.filter((k) => seen.has(k)), ...[...seen].filter((k) => !order.includes(k)).sort()];
  const rows = keys
    .filter((from) => table[from])
    .map((from) => [
      from,
      ...keys.map((to) => table[from]![to] ?? ''),
      Object.values(table[from]!).reduce((s, n) => s + n, 0),
    ]);
  return formatTable(['FROM \\ TO', ...keys, 'TOTAL'], rows);
}

const STATUS_ORDER = ['new', 'nurture', 'mql', 'sal', 'sql', 'won', 'lost', 'recycled', 'disqualified'];

/** A backtest as a terminal report: ranking on past outcomes, from → to tables, what the CRM would see, the biggest movers. */
export function formatBacktest(r: BacktestResult, subject: string): string {
  const a = r.ranking.active;
  const c = r.ranking.candidate;
  const d = r.ranking.difference;
  const ranking =
    a && c
      ? formatTable(
          ['PAST OUTCOMES', 'ACTIVE', 'CANDIDATE'],
          [
            [
              'AUC [90 % interval, DeLong]',
              `${num(a.auc)} [${num(a.aucLow)}–${num(a.aucHigh)}]`,
              `${num(c.auc)} [${num(c.aucLow)}–${num(c.aucHigh)}]`,
            ],
            ['Lift in the top decile', num(a.liftTopDecile, 2), num(c.liftTopDecile, 2)],
            ['Lift in the top quintile', num(a.liftTopQuintile, 2), num(c.liftTopQuintile, 2)],
            ['ECE (score as win probability)', num(a.ece), num(c.ece)],
          ],
        ) +
        (d
          ? `\nAUC difference ${d.difference >= 0 ? '+' : ''}${d.difference.toFixed(3)} (90 % interval ${d.low.toFixed(3)} to ${d.high.toFixed(3)})${r.ranksWorse ? ': the candidate RANKS PAST OUTCOMES WORSE' : ''}`
          : '')
      : `Too few closed outcomes to compare ranking (${r.outcomes.won} won, ${r.outcomes.notWon} not-won; 20 of each needed).`;
  const movers = r.movers.length
    ? r.movers
        .map(
          (m) =>
            `${m.externalId}: ${m.before.score} ${m.before.grade} ${m.before.status} → ${m.after.score} ${m.after.grade} ${m.after.status} (${m.change >= 0 ? '+' : ''}${m.change})\n  before: ${m.before.reasons}\n  after:  ${m.after.reasons}`,
        )
        .join('\n')
    : 'No lead changes score.';
  return [
    `Backtest for ${subject}: ${r.candidate} against the active ${r.active} over ${r.leads} past leads (${r.outcomes.won} won, ${r.outcomes.notWon} not-won). Nothing was written to the CRM.`,
    '',
    ranking,
    '',
    `Grades (${r.changed.grade} leads change grade)`,
    fromTo(r.grades, ['A', 'B', 'C', 'D']),
    '',
    `Statuses (${r.changed.status} leads change status)`,
    fromTo(r.statuses, STATUS_ORDER),
    '',
    'Ranking on outcomes a candidate was fitted on flatters it: `leadloop calibrate` reports held-out figures. Engagement is the stored figure under both (events are not stored).',
    '',
    `New MQLs: ${r.newMqls} (hand-over tasks: ${r.handoverTasks}); MQLs no longer qualified: ${r.lostMqls}; CRM writes (lead updates): ${r.crmWrites}.`,
    '',
    `Biggest movers (${r.movers.length})`,
    movers,
  ].join('\n');
}
