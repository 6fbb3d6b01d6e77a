import { generateSyntheticData } from '../../../bench/calibrationSynthetic';
import { loadShippedDefinition, parseDefinition } from '../../../src/definition/loadDefinition';
import { calibrateSamples, splitValue, type CalibrationSample } from '../../../src/feedback/calibrateSamples';
import { auc } from '../../../src/feedback/rankMetrics';
import { compileDefinition } from '../../../src/scoring/compileDefinition';
import { scoreLead } from '../../../src/scoring/scoreLead';
import { createFeatureExtractor, featureSpace, fitFromPoints } from '../../../src/feedback/calibrationFeatures';
import { createOfflineEnricher } from '../../../src/enrich/enrichOffline';

const def = loadShippedDefinition('default');
const data = generateSyntheticData(def, 3000, 7);
const samples: CalibrationSample[] = data.leads.map((l, i) => ({ id: l.externalId, fired: data.fired[i]!, won: data.won[i]!, engagement: null }));

describe('calibration on synthetic data with a known generating model', () => {
  const result = calibrateSamples(def, samples, { seed: 3 });

  it('recovers the generating model: held-out AUC within 0.02 of the true model', () => {
    expect(result.status).toBe('proposed');
    const holdout = samples.map((s, i) => [s, i] as const).filter(([s]) => splitValue(s.id, 3) < 0.3);
    const trueAuc = auc(holdout.map(([, i]) => data.trueScore[i]!), holdout.map(([, i]) => data.won[i]!))!;
    expect(result.proposed!.auc!).toBeGreaterThanOrEqual(trueAuc - 0.02);
    // the synthetic truth differs from the shipped points on purpose: the current definition ranks worse
    expect(result.proposed!.auc!).toBeGreaterThan(result.current!.auc!);
    expect(result.outcomes.holdout.won + result.outcomes.holdout.notWon).toBe(holdout.length);
  });

  it('keeps sign conventions, codes and texts, and proposes a valid definition file', () => {
    for (const c of result.changes!) if (c.section === 'negative') expect(c.newPoints).toBeLessThanOrEqual(0);
    const strong = result.changes!.find((c) => c.code === 'email_free')!;
    expect(strong.newPoints).toBeLessThan(strong.oldPoints);
    const reparsed = parseDefinition(result.yaml!, 'proposal.yaml');
    expect(reparsed.version).toBe(def.version + 1);
    expect(reparsed.fit.criteria[0]!.bands.map((b) => [b.code, b.en])).toEqual(def.fit.criteria[0]!.bands.map((b) => [b.code, b.en]));
    const { A, B, C } = result.thresholds!.new;
    expect(A).toBeGreaterThan(B);
    expect(B).toBeGreaterThan(C);
  });

  it('keeps the MQL volume close to today (thresholds follow the grade shares)', () => {
    const { current, proposed } = result;
    expect(Math.abs(proposed!.mqlVolume - current!.mqlVolume)).toBeLessThanOrEqual(0.05 * samples.length);
  });

  it('computes fit from features exactly as the scorer does, for the current and the proposed points', () => {
    const enrich = createOfflineEnricher();
    const now = new Date('2024-06-01T00:00:00Z');
    for (const [definition, points] of [[def, data.space.rules.map((r) => r.points)], [result.proposal!, result.changes!.map((c) => c.newPoints)]] as const) {
      const compiled = compileDefinition(definition);
      const extract = createFeatureExtractor(definition, featureSpace(definition), (lead) => enrich(lead, now));
      for (const lead of data.leads.slice(0, 200)) {
        const scored = scoreLead(compiled, { lead, enrichment: enrich(lead, now), events: [], currentStatus: null, now });
        expect(fitFromPoints(extract(lead), points, compiled.maxFitPoints)).toBe(scored.fit);
      }
    }
  });

  it.each([
    ['too few won', 10, 100],
    ['too few not-won', 100, 5],
    ['one class only', 60, 0],
  ])('refuses with %s, saying how many are needed', (_label, won, lost) => {
    const few = samples.slice(0, won + lost).map((s, i) => ({ ...s, won: i < won }));
    const refused = calibrateSamples(def, few);
    expect(refused.status).toBe('insufficient');
    expect(refused.proposal).toBeUndefined();
    expect(refused.message).toContain(`${won} won and ${lost} not-won`);
    expect(refused.message).toMatch(/at least 30 of each/);
    if (won < 30) expect(refused.message).toContain(`${30 - won} more won`);
    if (lost < 30) expect(refused.message).toContain(`${30 - lost} more not-won`);
  });
});
