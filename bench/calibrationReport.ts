import fs from 'node:fs';
import path from 'node:path';
import type { measure } from './calibrationQuality';

type Result = ReturnType<typeof measure>;

const START = '<!-- calibrate:start -->';
const END = '<!-- calibrate:end -->';
const f4 = (v: number) => v.toFixed(4);

/** The quality figures as a markdown table, one row per seed, with the bars of issue 21 beside them. */
export function renderCalibrationTable(results: Result[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.leads} | ${r.seed} | ${(r.wonShare * 100).toFixed(1)} % | ${f4(r.trueAuc)} | ${f4(r.discovered.auc)} [${f4(r.discovered.aucLow)}–${f4(r.discovered.aucHigh)}] | ${f4(r.logistic.auc)} (${r.discovered.auc - r.logistic.auc >= 0 ? '+' : ''}${f4(r.discovered.auc - r.logistic.auc)}) | ${f4(r.naiveBayes.auc)} (${r.discovered.auc - r.naiveBayes.auc >= 0 ? '+' : ''}${f4(r.discovered.auc - r.naiveBayes.auc)}) | ${f4(r.discovered.ece)} | ${f4(r.with200.mean)} (worst ${f4(r.with200.min)}; gap ${f4(r.discovered.auc - r.with200.mean)}) | ${r.seconds.toFixed(1)} |`,
  );
  const mean = (f: (r: Result) => number) => results.reduce((sum, r) => sum + f(r), 0) / results.length;
  const summary = `Mean over ${results.length} seeds (${results[0]?.shrinkage ?? 'per-criterion'} shrinkage): discovered − L2 logistic ${f4(mean((r) => r.discovered.auc - r.logistic.auc))}, discovered − naive Bayes ${f4(mean((r) => r.discovered.auc - r.naiveBayes.auc))}, ECE ${f4(mean((r) => r.discovered.ece))}, full − 200 outcomes ${f4(mean((r) => r.discovered.auc - r.with200.mean))} (bars of issue 21: within 0.01 of L2 logistic, above naive Bayes, ECE ≤ 0.03, within 0.05).`;
  return [
    '| leads | seed | won | true model AUC | discovered AUC [90 %] | L2 logistic (discovered −) | naive Bayes (discovered −) | ECE | 200 outcomes AUC | calibrate s |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    summary,
  ].join('\n');
}

/** Replaces the calibration section of docs/benchmarks.md (between its markers), keeping everything else. */
export function writeCalibrationDoc(root: string, table: string, command: string, machine: string): void {
  const file = path.join(root, 'docs', 'benchmarks.md');
  const section = `${START}\n## Calibration quality (latest run)\n\nMachine: ${machine}\nCommand: \`${command}\`\n\n${table}\n${END}`;
  const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = before.indexOf(START);
  const end = before.indexOf(END);
  fs.writeFileSync(
    file,
    start >= 0 && end > start
      ? before.slice(0, start) + section + before.slice(end + END.length)
      : `${before.trimEnd()}\n\n${section}\n`,
  );
}
