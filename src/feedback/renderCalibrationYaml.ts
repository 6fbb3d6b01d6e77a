import YAML from 'yaml';
import type { Definition } from '../definition/definitionSchema';
import type { CalibrationResult } from './calibrateSamples';
import type { HeldOutFigures } from './crossValidation';

const fmt = (v: number | null | undefined, digits = 3) => (v === null || v === undefined ? 'n/a' : v.toFixed(digits));

function figureLine(label: string, f: HeldOutFigures | null | undefined): string {
  if (!f) return `#   ${label}: none`;
  return `#   ${label}: AUC ${fmt(f.auc)} (90 % DeLong interval ${fmt(f.aucLow)}–${fmt(f.aucHigh)}), lift top 10 % ${fmt(f.liftTopDecile, 2)}, top 20 % ${fmt(f.liftTopQuintile, 2)}, ECE ${fmt(f.ece)}`;
}

function thresholdsNote(result: CalibrationResult): string {
  const t = result.thresholds!;
  if (t.mode === 'current') return 'kept';
  const base = result.current
    ? 'same share of leads per grade as today'
    : '10 % of leads A, 30 % B or better, 60 % C or better';
  return t.adjusted ? `${base}, moved to stay ordered with room between them` : base;
}

/** The figures a proposal was made on, as comment lines (they travel with the stored version). */
export function figuresComment(result: CalibrationResult): string[] {
  const f = result.figures;
  const o = result.outcomes;
  const d = f?.difference;
  return [
    `# Figures on held-out outcomes (${result.folds}-fold cross-validation, stratified, seed ${result.seed}; ${o.won} won, ${o.notWon} not-won):`,
    figureLine(result.current ? `current ${result.current.name} v${result.current.version}` : 'current', f?.current),
    figureLine('proposed', f?.proposed),
    ...(d
      ? [
          `#   AUC difference ${fmt(d.difference)} (90 % interval ${fmt(d.low)} to ${fmt(d.high)}): ${result.status === 'proposed' ? 'an improvement' : 'no improvement'}`,
        ]
      : []),
    ...(result.thresholds
      ? [
          `#   grade thresholds A ${result.thresholds.new.A}, B ${result.thresholds.new.B}, C ${result.thresholds.new.C} (${thresholdsNote(result)})`,
        ]
      : []),
    ...(result.winProbability
      ? [
          `#   a fit of F reads as the win probability 1 / (1 + e^-(${result.winProbability.intercept} + ${result.winProbability.slope}·F)) on these outcomes`,
        ]
      : []),
  ];
}

/**
 * The proposal as a definition file: a header with the figures it rests on, and beside
 * every band how many of the leads it was fitted on fell in it and how many were won.
 */
export function renderCalibrationYaml(def: Definition, result: CalibrationResult): string {
  const doc = new YAML.Document(def);
  const support = new Map((result.changes ?? []).map((c) => [c.code, c]));
  const sections: [string, Definition['fit']['criteria']][] = [
    ['fit', def.fit.criteria],
    ['qualification', def.qualification.criteria],
    ['negative', def.negative],
  ];
  for (const [section, list] of sections) {
    const path = section === 'negative' ? ['negative'] : [section, 'criteria'];
    list.forEach((criterion, i) => {
      criterion.bands.forEach((band, j) => {
        const c = support.get(band.code);
        const node = doc.getIn([...path, i, 'bands', j], true) as YAML.YAMLMap | undefined;
        if (!c || !node) return;
        const rate = c.leads ? ` (${((100 * c.won) / c.leads).toFixed(1)} % won)` : '';
        const kept =
          c.kept === 'too_few_leads'
            ? '; too few leads to re-estimate: points kept'
            : c.kept
              ? '; too few leads to estimate: neutral points'
              : '';
        node.commentBefore = ` ${c.leads} leads, ${c.won} won${rate}; points ${c.oldPoints} → ${c.newPoints}${kept}`;
      });
    });
  }
  const mode = result.current
    ? 'Points and grade thresholds fitted on won / not-won outcomes; codes and reason texts as before.'
    : 'Criteria built from the columns of the file, points fitted on won / not-won outcomes.';
  const header = [
    `# ${def.name} v${def.version}, proposed by \`leadloop calibrate\`. ${mode}`,
    ...figuresComment(result),
  ];
  return `${header.join('\n')}\n${doc.toString({ lineWidth: 0 })}`;
}
