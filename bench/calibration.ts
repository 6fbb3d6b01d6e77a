/**
 * Calibration recovery on synthetic data with a known generating model: the proposed
 * definition's held-out AUC must reach the true model's minus 0.02. Prints the figures
 * for several dataset sizes and seeds. Run: `npx tsc -p . && node dist/bench/calibration.js [leads] [runs]`.
 * Not part of the test suite (test/unit/feedback/calibrateSamples.test.ts checks 3,000 leads).
 */
import { loadShippedDefinition } from '../src/definition/loadDefinition';
import { calibrateSamples, splitValue, type CalibrationSample } from '../src/feedback/calibrateSamples';
import { auc } from '../src/feedback/rankMetrics';
import { generateSyntheticData } from './calibrationSynthetic';

const LEADS = Number(process.argv[2] ?? 50_000);
const RUNS = Number(process.argv[3] ?? 3);
const TOLERANCE = 0.02;

function run(definitionName: string, leads: number, seed: number): boolean {
  const def = loadShippedDefinition(definitionName);
  const t0 = Date.now();
  const data = generateSyntheticData(def, leads, seed);
  const t1 = Date.now();
  const samples: CalibrationSample[] = data.leads.map((l, i) => ({ id: l.externalId, fired: data.fired[i]!, won: data.won[i]!, engagement: null }));
  const result = calibrateSamples(def, samples, { seed });
  const t2 = Date.now();
  if (result.status !== 'proposed') {
    console.log(`${definitionName} n=${leads} seed=${seed}: ${result.message}`);
    return false;
  }
  const holdout = samples.map((s, i) => [s, i] as const).filter(([s]) => splitValue(s.id, seed) < 0.3);
  const trueAuc = auc(holdout.map(([, i]) => data.trueScore[i]!), holdout.map(([, i]) => data.won[i]!))!;
  const proposed = result.proposed!.auc!;
  const ok = proposed >= trueAuc - TOLERANCE;
  const wonRate = data.won.filter(Boolean).length / leads;
  console.log([
    `${definitionName.padEnd(15)} n=${String(leads).padStart(7)} seed=${seed}`,
    `won ${(wonRate * 100).toFixed(1)}%`,
    `held out ${holdout.length}`,
    `AUC true ${trueAuc.toFixed(4)}  current ${result.current!.auc!.toFixed(4)}  proposed ${proposed.toFixed(4)}  (proposed − true ${(proposed - trueAuc >= 0 ? '+' : '')}${(proposed - trueAuc).toFixed(4)})`,
    `lift@10% ${result.current!.liftTopDecile!.toFixed(2)} → ${result.proposed!.liftTopDecile!.toFixed(2)}`,
    `MQL volume ${result.current!.mqlVolume} → ${result.proposed!.mqlVolume}`,
    `generate ${t1 - t0} ms, calibrate ${t2 - t1} ms (${result.model!.iterations} Newton steps)`,
    ok ? 'OK' : 'FAIL',
  ].join(' | '));
  return ok;
}

let failures = 0;
for (const name of ['default', 'consultoria-es']) {
  for (let seed = 1; seed <= RUNS; seed++) if (!run(name, LEADS, seed)) failures++;
}
for (const size of [1_000, 3_000, 10_000]) if (!run('default', size, 42)) failures++;
console.log(failures ? `${failures} run(s) missed the tolerance of ${TOLERANCE}` : `All runs within ${TOLERANCE} of the true model's AUC.`);
process.exitCode = failures ? 1 : 0;
