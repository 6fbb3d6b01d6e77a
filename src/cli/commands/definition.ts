import fs from 'node:fs';
import os from 'node:os';
import type { Command } from 'commander';
import { createDefinitionStore } from '../../definition/definitionStore';
import { loadDefinitionFile } from '../../definition/loadDefinition';
import { ConfigurationError } from '../../domain/errors';
import { compileDefinition } from '../../scoring/compileDefinition';
import { backtestAffectedOrgs } from '../../feedback/backtestAffectedOrgs';
import type { CliContext } from '../context';
import { CliError, formatTable, printResult } from '../output';

function summarise(file: string) {
  const def = loadDefinitionFile(file);
  const compiled = compileDefinition(def);
  return {
    valid: true as const,
    file,
    name: def.name,
    version: def.version,
    definitionVersion: compiled.version,
    rules: {
      required: def.fields.required.length,
      desirable: def.fields.desirable.length,
      fit: def.fit.criteria.length,
      qualification: def.qualification.criteria.length,
      negative: def.negative.length,
      disqualifiers: def.disqualifiers.length,
      engagementTypes: compiled.engagement.rules.length,
      fastLane: def.status.fastLane.length,
    },
    maxFitPoints: compiled.maxFitPoints,
  };
}

export function register(program: Command, ctx: CliContext): void {
  const definition = program
    .command('definition')
    .description('Check, save and activate versions of the shared lead definition');

  definition
    .command('validate')
    .description('Check a lead definition file; lists every problem with file, line and path')
    .argument('<file>', 'definition YAML')
    .option('--json', 'print one JSON object (machine-readable)')
    .action((file: string, opts: { json?: boolean }) => {
      let data: ReturnType<typeof summarise>;
      try {
        data = summarise(file);
      } catch (error) {
        if (!(error instanceof ConfigurationError) || !opts.json) throw error;
        const problems = error.problems.length ? error.problems : [error.message];
        printResult(ctx.io, true, { valid: false, file, problems }, () => '');
        throw new CliError(`${file}: ${problems.length} problem(s)`);
      }
      printResult(ctx.io, Boolean(opts.json), data, () => {
        const r = data.rules;
        return (
          `${file} is valid: ${data.definitionVersion}\n` +
          `  ${r.required} required and ${r.desirable} desirable fields; ${r.fit} fit, ${r.qualification} qualification and ${r.negative} negative criteria (max fit points ${data.maxFitPoints});\n` +
          `  ${r.disqualifiers} disqualifiers; ${r.engagementTypes} engagement event types; ${r.fastLane} fast-lane rules`
        );
      });
    });

  definition
    .command('save')
    .description('Store a definition file as a new version (only when its content changed)')
    .argument('<file>', 'definition YAML')
    .option('--activate', 'make this version the active one')
    .option('--note <text>', 'why it changed')
    .option('--by <who>', 'who changed it (default: the OS user)')
    .option('--json', 'print one JSON object (machine-readable)')
    .action(async (file: string, opts: { activate?: boolean; note?: string; by?: string; json?: boolean }) => {
      loadDefinitionFile(file); // file errors before opening the database
      const store = createDefinitionStore(await ctx.database());
      const { version, created } = await store.saveVersion({
        yaml: fs.readFileSync(file, 'utf8'),
        fileName: file,
        createdBy: opts.by ?? os.userInfo().username,
        note: opts.note,
        activate: opts.activate,
      });
      const data = {
        name: version.name,
        version: version.version,
        created,
        active: version.isActive,
        definitionVersion: compileDefinition(version.definition).version,
      };
      printResult(
        ctx.io,
        Boolean(opts.json),
        data,
        () =>
          `${created ? 'Saved' : 'Unchanged:'} ${data.name} version ${data.version}${data.active ? ' (active)' : ''} — ${data.definitionVersion}`,
      );
    });

  definition
    .command('list')
    .description('List the stored versions of a definition')
    .argument('<name>', 'definition name, e.g. default')
    .option('--json', 'print one JSON object (machine-readable)')
    .action(async (name: string, opts: { json?: boolean }) => {
      const versions = await createDefinitionStore(await ctx.database()).listVersions(name);
      const data = {
        name,
        versions: versions.map((v) => ({
          version: v.version,
          active: v.isActive,
          createdAt: v.createdAt.toISOString(),
          createdBy: v.createdBy,
          note: v.note,
          hash: v.contentHash.slice(0, 8),
        })),
      };
      printResult(ctx.io, Boolean(opts.json), data, () =>
        versions.length === 0
          ? `No stored versions of ${name}. Save one with \`leadloop definition save FILE\`.`
          : formatTable(
              ['VERSION', 'ACTIVE', 'CREATED', 'BY', 'HASH', 'NOTE'],
              data.versions.map((v) => [v.version, v.active ? 'yes' : '', v.createdAt, v.createdBy, v.hash, v.note]),
            ),
      );
    });

  definition
    .command('activate')
    .description('Make a stored version the one every score uses')
    .argument('<name>', 'definition name')
    .argument('<version>', 'version number')
    .option(
      '--yes',
      'activate even when the backtest finds more CRM writes than LEADLOOP_ACTIVATE_MAX_WRITES or worse ranking',
    )
    .option('--json', 'print one JSON object (machine-readable)')
    .action(async (name: string, version: string, opts: { json?: boolean; yes?: boolean }) => {
      const n = Number(version);
      if (!Number.isInteger(n) || n < 1)
        throw new CliError(`version must be a positive whole number (got "${version}")`, 2);
      const db = await ctx.database();
      const store = createDefinitionStore(db);
      const target = await store.getVersion(name, n);
      if (!target) throw new CliError(`No stored version ${n} of ${name} (leadloop definition list ${name})`);
      const check = await backtestAffectedOrgs(
        db,
        name,
        target.definition,
        ctx.settings().LEADLOOP_ACTIVATE_MAX_WRITES,
      );
      const summary = check.orgs.map(
        (o) =>
          `${o.org}: ${o.crmWrites} CRM writes, ${o.newMqls} new MQLs, ${o.changedGrade} grade changes; AUC ${o.auc ?? '–'} → ${o.candidateAuc ?? '–'}${o.ranksWorse ? ' (RANKS PAST OUTCOMES WORSE)' : ''}`,
      );
      if (check.needsConfirmation && !opts.yes) {
        printResult(ctx.io, Boolean(opts.json), { name, version: n, active: false, backtest: check }, () =>
          [`Backtest of ${name} version ${n}:`, ...summary.map((l) => `  ${l}`)].join('\n'),
        );
        throw new CliError(
          `Not activated: ${check.reasons.join('; ')}. Review with \`leadloop backtest ORG --definition ${name}@${n}\`, then run again with --yes`,
        );
      }
      const active = await store.activate(name, n);
      printResult(ctx.io, Boolean(opts.json), { name, version: active.version, active: true, backtest: check }, () =>
        [
          ...(summary.length ? [`Backtest of ${name} version ${n}:`, ...summary.map((l) => `  ${l}`)] : []),
          `${name} version ${active.version} is now active.`,
        ].join('\n'),
      );
    });
}
