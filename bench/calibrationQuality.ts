/**
 * Quality of `calibrate --discover` on synthetic lead exports with a known signal
 * (bench/syntheticLeadRows.ts): the discovered points-based definition against an L2
 * logistic regression on the same columns and a naive-Bayes-over-fields scorer, on the
 * same stratified folds; its ECE; and how close 200 outcomes get to the full-data AUC.
 * Run: `npm run bench -- --only calibrate [--seeds 1,2,3] [--calibrate-shrinkage uniform]` or
 * `node dist/bench/calibrationQuality.js [leads] [seed count] [--seeds 1,4,7] [--json] [--shrinkage uniform|per-criterion]`
 * (`uniform`: one penalty for every band, what calibrate did before per-criterion shrinkage).
 * Prints figures; nothing is asserted (the test suite checks behaviour, not these numbers).
 */
import { aucWithInterval } from '../src/feedback/aucInterval';
import { calibrateSamples, type CalibrationSample } from '../src/feedback/calibrateSamples';
import {
  createFeatureExtractor,
  featureSpace,
  fitFromPoints,
  type FiredRules,
} from '../src/feedback/calibrationFeatures';
import { stratifiedFolds } from '../src/feedback/crossValidation';
import { discoverCriteria, discoveredDefinition } from '../src/feedback/discoverCriteria';
import { fitLogistic } from '../src/feedback/fitLogistic';
import { maxFitOf } from '../src/feedback/fitRulePoints';
import { expectedCalibrationError } from '../src/feedback/rankMetrics';
import { createCsvLeadReader } from '../src/mapping/csvLeads';
import { seededRandom } from './calibrationSynthetic';
import { generateLeadRows, type SyntheticRows } from './syntheticLeadRows';

const EXCLUDE = new Set(['Prospect ID', 'Converted']);
const FOLDS = 5;
const SMALL = 200;

interface Figures {
  auc: number;
  ece: number;
}

const auc = (scores: number[], won: boolean[]) => aucWithInterval(scores, won)!.auc;

/** Out-of-fold scores of a trainer on the same folds. */
function outOfFold(n: number, fold: Int32Array, train: (rows: number[]) => (row: number) => number): number[] {
  const out = new Array<number>(n).fill(0);
  for (let f = 0; f < FOLDS; f++) {
    const tr: number[] = [];
    const te: number[] = [];
    for (let i = 0; i < n; i++) (fold[i] === f ? te : tr).push(i);
    const score = train(tr);
    for (const i of te) out[i] = score(i);
  }
  return out;
}

const num = (v: string | undefined) =>
  v === undefined || v.trim() === '' || !Number.isFinite(Number(v)) ? undefined : Number(v);

/** Design matrix for the logistic regression: numbers as they are (+ a missing flag), other columns one-hot (values seen 30+ times). */
function designMatrix(data: SyntheticRows): Float64Array[] {
  const columns: Float64Array[] = [];
  const n = data.rows.length;
  for (const h of data.headers.filter((x) => !EXCLUDE.has(x))) {
    const values = data.rows.map((r) => r[h] ?? '');
    const numbers = values.map(num);
    if (
      numbers.filter((v) => v !== undefined).length >= 0.95 * values.filter((v) => v.trim() !== '').length &&
      new Set(numbers).size > 5
    ) {
      columns.push(Float64Array.from(numbers, (v) => v ?? 0));
      columns.push(Float64Array.from(numbers, (v) => (v === undefined ? 1 : 0)));
      continue;
    }
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    for (const [value, c] of counts)
      if (c >= 30) columns.push(Float64Array.from({ length: n }, (_, i) => (values[i] === value ? 1 : 0)));
  }
  return columns;
}

function logisticScores(columns: Float64Array[], won: boolean[], fold: Int32Array): number[] {
  return outOfFold(won.length, fold, (rows) => {
    const fit = fitLogistic(
      columns.map((c) => Float64Array.from(rows, (i) => c[i]!)),
      rows.map((i) => (won[i] ? 1 : 0)),
      { lambda: 1 },
    );
    return (row) => {
      let s = fit.intercept;
      columns.forEach((c, j) => (s += fit.weights[j]! * c[row]!));
      return s;
    };
  });
}

/** Naive Bayes over the fields: each field's value (numbers by the discovered bands) with Laplace smoothing, log-odds summed. */
function naiveBayesScores(fired: FiredRules[], won: boolean[], fold: Int32Array): number[] {
  return outOfFold(won.length, fold, (rows) => {
    const pos = new Map<string, number>();
    const neg = new Map<string, number>();
    let nPos = 0;
    let nNeg = 0;
    for (const i of rows) {
      const target = won[i] ? pos : neg;
      if (won[i]) nPos++;
      else nNeg++;
      fired[i]!.forEach((rule, c) => target.set(`${c}:${rule}`, (target.get(`${c}:${rule}`) ?? 0) + 1));
    }
    const prior = Math.log((nPos + 1) / (nNeg + 1));
    return (row) =>
      fired[row]!.reduce(
        (s, rule, c) =>
          s +
          Math.log(((pos.get(`${c}:${rule}`) ?? 0) + 1) / (nPos + 2)) -
          Math.log(((neg.get(`${c}:${rule}`) ?? 0) + 1) / (nNeg + 2)),
        prior,
      );
  });
}

export function measure(leads: number, seed: number, shrinkage: 'per-criterion' | 'uniform' = 'per-criterion') {
  const data = generateLeadRows(leads, seed);
  const won = data.won;
  const now = new Date('2026-12-01T00:00:00Z');
  const reader = createCsvLeadReader(data.headers, {
    idColumn: 'Prospect ID',
    exclude: EXCLUDE,
    nowIso: now.toISOString(),
  });
  const mapped = data.rows.map((r, i) => reader.read(r, i + 2).lead!);
  const columns = data.headers
    .filter((h) => !EXCLUDE.has(h))
    .map((name) => ({ name, values: data.rows.map((r) => (r[name]?.trim() ? r[name]!.trim() : null)) }));
  const def = discoveredDefinition('bench', discoverCriteria(columns), 'bench');
  const space = featureSpace(def);
  const extract = createFeatureExtractor(def, space, undefined, now);
  const fired = mapped.map((lead) => extract(lead));
  const samples: CalibrationSample[] = mapped.map((lead, i) => ({
    id: lead.externalId,
    fired: fired[i]!,
    won: won[i]!,
    engagement: null,
  }));
  const t0 = Date.now();
  const discovered = calibrateSamples(def, samples, { mode: 'discover', seed, folds: FOLDS, shrinkage });
  const seconds = (Date.now() - t0) / 1000;
  const fold = stratifiedFolds(
    samples.map((s) => s.id),
    won,
    FOLDS,
    seed,
  );
  const logistic = auc(logisticScores(designMatrix(data), won, fold), won);
  const bayes = auc(naiveBayesScores(fired, won, fold), won);
  const truth = auc(data.logit, won);

  // a file with 200 outcomes: discover and calibrate on a random 200 leads, measure on every other lead; five draws
  const random = seededRandom(seed * 7919);
  const small: number[] = [];
  for (let draw = 0; draw < 5; draw++) {
    const order = won.map((_, i) => i).sort(() => random() - 0.5);
    const train = order.slice(0, SMALL);
    const test = order.slice(SMALL);
    const smallDef = discoveredDefinition(
      'small',
      discoverCriteria(columns.map((c) => ({ name: c.name, values: train.map((i) => c.values[i]!) }))),
      'small',
    );
    const smallSpace = featureSpace(smallDef);
    const smallExtract = createFeatureExtractor(smallDef, smallSpace, undefined, now);
    const smallFired = mapped.map((lead) => smallExtract(lead));
    // what `calibrate --from FILE --discover` proposes from those 200 outcomes
    const learnt = calibrateSamples(
      smallDef,
      train.map((i) => ({ id: mapped[i]!.externalId, fired: smallFired[i]!, won: won[i]!, engagement: null })),
      { mode: 'discover', seed, folds: FOLDS, shrinkage },
    );
    const points = featureSpace(learnt.proposal!).rules.map((r) => r.points);
    const maxFit = maxFitOf(smallSpace, points);
    small.push(
      auc(
        test.map((i) => fitFromPoints(smallFired[i]!, points, maxFit)),
        test.map((i) => won[i]!),
      ),
    );
  }
  // the same held-out figure for the ECE of the raw logistic regression, for reference
  const lrProb = logisticScores(designMatrix(data), won, fold).map((s) => 1 / (1 + Math.exp(-s)));
  return {
    leads,
    seed,
    shrinkage,
    wonShare: won.filter(Boolean).length / leads,
    criteria: def.fit.criteria.length,
    rules: space.rules.length,
    seconds,
    trueAuc: truth,
    discovered: {
      auc: discovered.figures!.proposed.auc!,
      aucLow: discovered.figures!.proposed.aucLow!,
      aucHigh: discovered.figures!.proposed.aucHigh!,
      ece: discovered.figures!.proposed.ece!,
      liftTopDecile: discovered.figures!.proposed.liftTopDecile!,
    } as Figures & Record<string, number>,
    logistic: { auc: logistic, ece: expectedCalibrationError(lrProb, won)! },
    naiveBayes: { auc: bayes },
    with200: { mean: small.reduce((s, v) => s + v, 0) / small.length, min: Math.min(...small) },
  };
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const flag = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const shrinkage = flag('--shrinkage') ?? 'per-criterion';
  if (shrinkage !== 'per-criterion' && shrinkage !== 'uniform')
    throw new Error(`--shrinkage takes per-criterion or uniform, not "${shrinkage}"`);
  const args = argv.filter((a, i) => !a.startsWith('--') && !['--shrinkage', '--seeds'].includes(argv[i - 1]!));
  const leads = Number(args[0] ?? 9240);
  // --seeds 1,4,7 lists them; the second number alone counts them from 1
  const list = flag('--seeds');
  const seeds = list ? list.split(',').map(Number) : Array.from({ length: Number(args[1] ?? 3) }, (_, i) => i + 1);
  if (seeds.some((s) => !Number.isInteger(s) || s < 1))
    throw new Error(`seeds: positive integers, not "${list ?? args[1]}"`);
  const results = seeds.map((seed) => measure(leads, seed, shrinkage));
  if (process.argv.includes('--json')) console.log(JSON.stringify(results));
  else {
    for (const r of results) {
      console.log(
        [
          `n=${r.leads} seed=${r.seed} won ${(r.wonShare * 100).toFixed(1)}% (${r.criteria} criteria, ${r.rules} bands)`,
          `AUC true ${r.trueAuc.toFixed(4)} | discovered ${r.discovered.auc.toFixed(4)} [${r.discovered.aucLow.toFixed(4)}–${r.discovered.aucHigh.toFixed(4)}] ECE ${r.discovered.ece.toFixed(4)}`,
          `L2 logistic ${r.logistic.auc.toFixed(4)} (Δ ${(r.discovered.auc - r.logistic.auc).toFixed(4)}) | naive Bayes ${r.naiveBayes.auc.toFixed(4)} (Δ ${(r.discovered.auc - r.naiveBayes.auc).toFixed(4)})`,
          `200 outcomes: AUC ${r.with200.mean.toFixed(4)} mean, ${r.with200.min.toFixed(4)} worst of 5 (full − 200: ${(r.discovered.auc - r.with200.mean).toFixed(4)})`,
          `calibrate ${r.seconds.toFixed(1)} s`,
        ].join(' | '),
      );
    }
  }
}
