import type { Command } from 'commander';
import type { CliContext } from '../context';
import { CliError, formatTable, printResult } from '../output';
import { runtimeDeps } from '../runtimeDeps';
import { configureOrg, type OrgConfigChange } from '../../app/configureOrg';
import { describeOrgConfig, renderOrgConfig } from '../../app/describeOrgConfig';
import { createOrgRepository } from '../../store/orgRepository';
import { findOrg } from '../../app/syncOrg';

interface SetOptions {
  mapping?: string;
  definition?: string;
  routing?: string;
  bulkThreshold?: string;
  apiBudgetShare?: string;
  json?: boolean;
}

/** `--mapping default` and `--routing none` go back to the shipped mapping / no routing. */
function changeOf(opts: SetOptions): OrgConfigChange {
  const change: OrgConfigChange = {};
  if (opts.mapping !== undefined) change.mappingFile = opts.mapping === 'default' ? null : opts.mapping;
  if (opts.definition !== undefined) change.definition = opts.definition;
  if (opts.routing !== undefined) change.routingFile = opts.routing === 'none' ? null : opts.routing;
  if (opts.bulkThreshold !== undefined) {
    const n = Number(opts.bulkThreshold);
    if (opts.bulkThreshold !== 'default' && !(Number.isInteger(n) && n >= 1))
      throw new CliError(
        `--bulk-threshold must be a whole number of leads (at least 1) or "default" (got "${opts.bulkThreshold}")`,
        2,
      );
    change.bulkThreshold = opts.bulkThreshold === 'default' ? null : n;
  }
  if (opts.apiBudgetShare !== undefined) {
    const n = Number(opts.apiBudgetShare);
    if (opts.apiBudgetShare !== 'default' && !(Number.isFinite(n) && n > 0 && n <= 1))
      throw new CliError(
        `--api-budget-share must be a number above 0 and at most 1, e.g. 0.5, or "default" (got "${opts.apiBudgetShare}")`,
        2,
      );
    change.apiBudgetShare = opts.apiBudgetShare === 'default' ? null : n;
  }
  if (Object.keys(change).length === 0)
    throw new CliError(
      'nothing to set: give --mapping, --definition, --routing, --bulk-threshold or --api-budget-share',
      2,
    );
  return change;
}

export function register(program: Command, ctx: CliContext): void {
  const orgs = program
    .command('orgs')
    .description(
      "List connected CRM orgs and their state; `orgs show NAME` / `orgs set NAME …` for one org's configuration",
    )
    .option('--json', 'print one JSON object (machine-readable)')
    .action(async (opts: { json?: boolean }) => {
      const db = await ctx.database();
      const orgs = await createOrgRepository(db, ctx.secretBox()).list();
      const data = {
        orgs: orgs.map((o) => ({
          name: o.name,
          crm: o.crm,
          instanceUrl: o.instanceUrl,
          state: o.state,
          stateMessage: o.stateMessage,
          timezone: o.timezone,
          schedule: o.schedule,
          connectedAt: o.createdAt.toISOString(),
        })),
      };
      printResult(ctx.io, Boolean(opts.json), data, () =>
        orgs.length === 0
          ? 'No orgs connected yet. Connect one with `leadloop connect salesforce --help` or try `npm run demo`.'
          : formatTable(
              ['NAME', 'CRM', 'STATE', 'SCHEDULE', 'TIMEZONE', 'INSTANCE'],
              orgs.map((o) => [
                o.name,
                o.crm,
                o.state + (o.stateMessage ? ` (${o.stateMessage})` : ''),
                o.schedule,
                o.timezone,
                o.instanceUrl,
              ]),
            ),
      );
    });

  orgs
    .command('show')
    .description("What applies to an org's runs: mapping, definition and version, routing, schedule, settings")
    .argument('<name>', 'org name')
    .option('--json', 'print one JSON object (machine-readable)')
    .action(async (name: string, _opts: unknown, command: Command) => {
      // `--json` also belongs to `orgs` itself, which commander gives it
      const opts = command.optsWithGlobals<{ json?: boolean }>();
      const deps = await runtimeDeps(ctx);
      const config = await describeOrgConfig(deps.db, deps.settings, await findOrg(deps, name));
      printResult(ctx.io, Boolean(opts.json), config, () => renderOrgConfig(config));
    });

  orgs
    .command('set')
    .description(
      'Attach a mapping, a definition or routing rules to an org; each is checked against the org before anything is saved',
    )
    .argument('<name>', 'org name')
    .option('--mapping <file>', 'a mapping file (see mappings/); `default` goes back to the shipped one')
    .option(
      '--definition <name>',
      'a stored (`leadloop definition list`) or shipped (definitions/NAME.yaml) lead definition, e.g. consultoria-es',
    )
    .option('--routing <file>', 'routing rules (see definitions/routing.example.yaml); `none` removes them')
    .option(
      '--bulk-threshold <leads>',
      'Salesforce: read through Bulk API 2.0 from this many leads; `default` for LEADLOOP_SYNC_BULK_THRESHOLD',
    )
    .option(
      '--api-budget-share <share>',
      'Salesforce: stop a run once the org has used this share (0..1] of its daily API requests; `default` for LEADLOOP_API_BUDGET_SHARE',
    )
    .option('--json', 'print one JSON object (machine-readable)')
    .action(async (name: string, _opts: unknown, command: Command) => {
      const opts = command.optsWithGlobals<SetOptions>();
      const change = changeOf(opts);
      const deps = await runtimeDeps(ctx);
      const { org, warnings } = await configureOrg(deps, await findOrg(deps, name), change, 'cli');
      const config = await describeOrgConfig(deps.db, deps.settings, org);
      printResult(ctx.io, Boolean(opts.json), { ...config, warnings }, () =>
        [`Saved. ${renderOrgConfig(config)}`, ...warnings.map((w) => `warning: ${w}`)].join('\n'),
      );
    });
}
