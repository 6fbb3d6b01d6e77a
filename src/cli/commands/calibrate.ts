import type { Command } from 'commander';
import type { CliContext } from '../context';
import { CliError, printResult } from '../output';
import { applyCalibration, calibrate, type CalibrationOptions } from '../../feedback/calibrate';
import { findOrg } from '../../app/syncOrg';
import { runtimeDeps } from '../runtimeDeps';
import { formatCalibration } from '../formatCalibration';
import { calibrateFromFile, type FileCalibrationOptions } from '../../feedback/calibrateFromFile';

interface Options {
  apply?: boolean;
  force?: boolean;
  seed: string;
  folds: string;
  thresholds: string;
  json?: boolean;
  from?: string;
  outcome?: string;
  positive?: string;
  id?: string;
  exclude?: string;
  mapping?: string;
  definition?: string;
  discover?: boolean;
  out?: string;
}

function wholeNumber(value: string, name: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new CliError(`--${name} "${value}" is not a whole number of at least ${min}`, 2);
  return n;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('calibrate')
    .description(
      'Measure the lead definition against won / not-won outcomes (cross-validated) and propose new points and grade thresholds; or, with --from, learn from a file of past leads',
    )
    .argument('[name]', 'org name (omit with --from)')
    .option(
      '--apply',
      "store the proposal as the org's new active definition version (old versions stay); refused when it is no improvement",
    )
    .option('--force', 'with --apply: store a proposal even when it is no improvement')
    .option('--seed <n>', 'changes which leads fall in which fold', '1')
    .option('--folds <k>', 'cross-validation folds', '5')
    .option(
      '--thresholds <mode>',
      'share: keep the share of leads per grade | current: keep the threshold numbers',
      'share',
    )
    .option('--from <file>', 'a CSV of past leads and their outcomes (no org needed)')
    .option('--outcome <column>', 'with --from: the column that says whether the lead was won')
    .option(
      '--positive <value>',
      'with --from: the outcome value that means won (default: won, true, yes, 1, converted)',
    )
    .option('--id <column>', 'with --from: the column with a stable lead id (default: the row number)')
    .option(
      '--exclude <columns>',
      'with --from: comma-separated columns not to learn from (ids, names, anything known only after the outcome)',
    )
    .option(
      '--mapping <file>',
      "with --from: a mapping that reads the file's columns into the canonical lead and its attributes",
    )
    .option('--definition <name|file>', 'with --from: the definition in use today (a shipped name or a YAML file)')
    .option('--discover', 'with --from: build the criteria from the columns themselves and fit their points')
    .option('--out <file>', 'with --from: write the proposed definition here')
    .option('--json', 'print one JSON object (machine-readable)')
    .action(async (name: string | undefined, opts: Options) => {
      const thresholds = opts.thresholds;
      if (thresholds !== 'share' && thresholds !== 'current')
        throw new CliError(`--thresholds must be share or current (got "${thresholds}")`, 2);
      const options: CalibrationOptions = {
        seed: wholeNumber(opts.seed, 'seed', 0),
        folds: wholeNumber(opts.folds, 'folds', 2),
        thresholds,
      };
      if (opts.force && !opts.apply) throw new CliError('--force only goes with --apply', 2);
      if (opts.from) {
        if (name) throw new CliError('give an org name or --from FILE, not both', 2);
        if (opts.apply) throw new CliError('--apply stores into an org; with --from, use --out FILE', 2);
        if (!opts.outcome)
          throw new CliError('--from needs --outcome COLUMN (the column that says whether the lead was won)', 2);
        const fileOptions: FileCalibrationOptions = {
          file: opts.from,
          outcome: opts.outcome,
          positive: opts.positive,
          id: opts.id,
          mapping: opts.mapping,
          definition: opts.definition,
          discover: Boolean(opts.discover),
          out: opts.out,
          exclude: (opts.exclude ?? '')
            .split(',')
            .map((c) => c.trim())
            .filter(Boolean),
        };
        const { result, written } = await calibrateFromFile(fileOptions, options, (line) =>
          ctx.io.stderr.write(`${line}\n`),
        );
        const { proposal: _p, yaml: _y, ...shown } = result;
        const json = {
          ...shown,
          current: result.figures?.current ?? null,
          proposed: result.figures?.proposed ?? null,
          difference: result.figures?.difference ?? null,
          currentDefinition: result.current,
          applied: false,
          out: written,
        };
        printResult(
          ctx.io,
          Boolean(opts.json),
          json,
          () =>
            formatCalibration(result, null, opts.from!) +
            (written ? `\nWrote the proposed definition to ${written}.` : ''),
        );
        if (result.status === 'insufficient') throw new CliError(result.message);
        return;
      }
      if (!name) throw new CliError('name an org, or give --from FILE --outcome COLUMN', 2);
      for (const fileOnly of ['outcome', 'positive', 'id', 'exclude', 'mapping', 'definition', 'out'] as const) {
        if (opts[fileOnly] !== undefined) throw new CliError(`--${fileOnly} only goes with --from FILE`, 2);
      }
      if (opts.discover) throw new CliError('--discover only goes with --from FILE', 2);
      const deps = await runtimeDeps(ctx);
      const org = await findOrg(deps, name);
      const result = await calibrate(deps.db, org.id, options);
      if (opts.apply && result.status !== 'proposed' && !opts.force) {
        printResult(ctx.io, Boolean(opts.json), toJson(org.name, result, null), () =>
          formatCalibration(result, null, org.name),
        );
        throw new CliError(result.status === 'insufficient' ? result.message : `Not applied: ${result.message}`);
      }
      let applied: { name: string; version: number } | null = null;
      if (opts.apply) {
        const saved = await applyCalibration(deps.db, org.id, result, 'leadloop calibrate', {
          force: Boolean(opts.force),
        });
        applied = { name: saved.name, version: saved.version };
      }
      printResult(ctx.io, Boolean(opts.json), toJson(org.name, result, applied), () =>
        formatCalibration(result, applied, org.name),
      );
      if (result.status === 'insufficient') throw new CliError(result.message);
    });
}

function toJson(
  org: string,
  result: Awaited<ReturnType<typeof calibrate>>,
  applied: { name: string; version: number } | null,
) {
  const { proposal: _proposal, yaml: _yaml, ...shown } = result;
  return {
    org,
    ...shown,
    current: result.figures?.current ?? null,
    proposed: result.figures?.proposed ?? null,
    difference: result.figures?.difference ?? null,
    currentDefinition: result.current,
    applied,
  };
}
