import { seededRandom } from '../../../bench/calibrationSynthetic';
import { generateLeadRows } from '../../../bench/syntheticLeadRows';
import { calibrateSamples } from '../../../src/feedback/calibrateSamples';
import { createFeatureExtractor, featureSpace, fitFromPoints } from '../../../src/feedback/calibrationFeatures';
import { discoverCriteria, discoveredDefinition } from '../../../src/feedback/discoverCriteria';
import { fitGroupPenalties } from '../../../src/feedback/fitGroupPenalties';
import { fitLogistic } from '../../../src/feedback/fitLogistic';
import { maxFitOf } from '../../../src/feedback/fitRulePoints';
import { auc } from '../../../src/feedback/rankMetrics';
import { createCsvLeadReader } from '../../../src/mapping/csvLeads';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('fitLogistic over sparse columns', () => {
  const random = seededRandom(11);
  const n = 400;
  // a number, a rare 0/1 column, a common one: the sums run over non-zeros only
  const columns = [
    Float64Array.from({ length: n }, () => Math.floor(random() * 600)),
    Float64Array.from({ length: n }, () => (random() < 0.05 ? 1 : 0)),
    Float64Array.from({ length: n }, () => (random() < 0.5 ? 1 : 0)),
  ];
  const labels = Array.from({ length: n }, (_, i): number =>
    random() < sigmoid(-1 + columns[0]![i]! / 300 + 2 * columns[1]![i]! - columns[2]![i]!) ? 1 : 0,
  );
  const penalties = [3, 0.5, 8];
  const fit = fitLogistic(columns, labels, { penalties, posterior: true });
  const mean = (c: Float64Array) => c.reduce((s, v) => s + v, 0) / n;
  const sd = (c: Float64Array) => Math.sqrt(c.reduce((s, v) => s + (v - mean(c)) ** 2, 0) / n);
  const p = labels.map((_, i) => sigmoid(fit.intercept + columns.reduce((s, c, j) => s + fit.weights[j]! * c[i]!, 0)));

  it('solves the penalised score equations, one penalty per column on the standardised scale', () => {
    expect(fit.converged).toBe(true);
    expect(Math.abs(labels.reduce((s, y, i) => s + y - p[i]!, 0))).toBeLessThan(1e-6);
    columns.forEach((c, j) => {
      const z = (i: number) => (c[i]! - mean(c)) / sd(c);
      const score = labels.reduce((s, y, i) => s + (y - p[i]!) * z(i), 0);
      expect(Math.abs(score - penalties[j]! * fit.weights[j]! * sd(c))).toBeLessThan(1e-5);
      expect(fit.standardised!.weights[j]).toBeCloseTo(fit.weights[j]! * sd(c), 8);
    });
  });

  it('gives posterior variances no larger than the prior variance, and smaller where the data says more', () => {
    const v = fit.standardised!.variances;
    v.forEach((x, j) => {
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(1 / penalties[j]!);
    });
    const one = fitLogistic([columns[2]!], labels, { lambda: 2, posterior: true });
    // one column and the intercept: the 2×2 inverse of the penalised Hessian in closed form
    const q = labels.map((_, i) => sigmoid(one.intercept + one.weights[0]! * columns[2]![i]!));
    const z = (i: number) => (columns[2]![i]! - mean(columns[2]!)) / sd(columns[2]!);
    let h00 = 0;
    let h01 = 0;
    let h11 = 2;
    q.forEach((qi, i) => {
      const w = qi * (1 - qi);
      h00 += w;
      h01 += w * z(i);
      h11 += w * z(i) ** 2;
    });
    expect(one.standardised!.variances[0]).toBeCloseTo(h00 / (h00 * h11 - h01 * h01), 6);
  });
});

describe('fitGroupPenalties', () => {
  it('shrinks a group of noise columns far more than a group that carries the signal', () => {
    const random = seededRandom(5);
    const n = 300;
    const band = () => Math.floor(random() * 4);
    const signal = Array.from({ length: n }, band);
    const noise = Array.from({ length: n }, band);
    const effect = [-1.5, -0.5, 0.5, 1.5];
    const labels = signal.map((b) => (random() < sigmoid(effect[b]!) ? 1 : 0));
    const oneHot = (values: number[]) => [0, 1, 2, 3].map((b) => Float64Array.from(values, (v) => (v === b ? 1 : 0)));
    const all = [...oneHot(signal), ...oneHot(noise)];
    const fit = fitGroupPenalties(all, labels, [0, 0, 0, 0, 1, 1, 1, 1], 2, { initial: 5 });
    const single = fitLogistic(all, labels, { lambda: 5 });
    expect(fit.penalties[1]!).toBeGreaterThan(10 * fit.penalties[0]!);
    const spread = (w: number[]) => Math.max(...w) - Math.min(...w);
    // the signal keeps (a little more than) what one penalty gives it, the noise loses a good part
    expect(spread(fit.model.weights.slice(0, 4))).toBeGreaterThan(spread(single.weights.slice(0, 4)));
    expect(spread(fit.model.weights.slice(4))).toBeLessThan(0.8 * spread(single.weights.slice(4)));
  });
});

describe('calibrate --discover with few outcomes', () => {
  const data = generateLeadRows(3000, 4);
  const exclude = new Set(['Prospect ID', 'Converted']);
  const now = new Date('2026-12-01T00:00:00Z');
  const reader = createCsvLeadReader(data.headers, { idColumn: 'Prospect ID', exclude, nowIso: now.toISOString() });
  const leads = data.rows.map((r, i) => reader.read(r, i + 2).lead!);
  const columns = data.headers
    .filter((h) => !exclude.has(h))
    .map((name) => ({ name, values: data.rows.map((r) => (r[name]?.trim() ? r[name]!.trim() : null)) }));

  it('reads number ranges as ordered bands and categories as unordered', () => {
    const def = discoveredDefinition('t', discoverCriteria(columns), 't');
    const space = featureSpace(def);
    const byAttribute = new Map(def.fit.criteria.map((c, i) => [c.attribute, space.criteria[i]!]));
    const time = byAttribute.get('Total Time Spent on Website')!;
    const bands = def.fit.criteria.find((c) => c.attribute === 'Total Time Spent on Website')!.bands;
    // all bands but "unknown", low to high
    expect(time.ordered).toEqual(time.rules.slice(1));
    expect(bands[0]!.present).toBe(false);
    expect(byAttribute.get('Lead Source')!.ordered).toBeUndefined();
  });

  it('ranks other leads better from 200 outcomes with per-criterion shrinkage than with one penalty for all', () => {
    const random = seededRandom(17);
    const gains: number[] = [];
    for (let draw = 0; draw < 3; draw++) {
      const order = leads.map((_, i) => i).sort(() => random() - 0.5);
      const train = order.slice(0, 200);
      const test = order.slice(200);
      const def = discoveredDefinition(
        't',
        discoverCriteria(columns.map((c) => ({ name: c.name, values: train.map((i) => c.values[i]!) }))),
        't',
      );
      const space = featureSpace(def);
      const extract = createFeatureExtractor(def, space, undefined, now);
      const fired = leads.map((lead) => extract(lead));
      const heldOutAuc = (shrinkage: 'per-criterion' | 'uniform') => {
        const result = calibrateSamples(
          def,
          train.map((i) => ({ id: leads[i]!.externalId, fired: fired[i]!, won: data.won[i]!, engagement: null })),
          { mode: 'discover', shrinkage },
        );
        expect(result.model!.penalties?.length ?? 0).toBe(shrinkage === 'uniform' ? 0 : def.fit.criteria.length);
        const points = featureSpace(result.proposal!).rules.map((r) => r.points);
        const max = maxFitOf(space, points);
        return auc(
          test.map((i) => fitFromPoints(fired[i]!, points, max)),
          test.map((i) => data.won[i]!),
        )!;
      };
      gains.push(heldOutAuc('per-criterion') - heldOutAuc('uniform'));
    }
    expect(gains.reduce((s, g) => s + g, 0) / gains.length).toBeGreaterThan(0.005);
  });
});
