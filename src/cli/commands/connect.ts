import type { Command } from 'commander';
import type { CliContext } from '../context';
import { CliError, printResult } from '../output';
import { CONNECTORS, type CrmKind } from '../../../connectors';
import { saveConnectedOrg } from '../../app/saveConnectedOrg';
import { crmUrlPolicyFromSettings } from '../../security/checkCrmUrl';
import { isOrgName, ORG_NAME_RULE } from '../../domain/orgName';
import { cronProblem, timeZoneProblem } from '../../scheduler/checkSchedule';

interface CommonOptions {
  name: string;
  timezone?: string;
  schedule?: string;
  replace?: boolean;
  json?: boolean;
}

/** The options every `connect <crm>` takes after its own: the org's schedule, and --json. */
function withScheduleOptions(command: Command): Command {
  return command
    .option('--timezone <tz>', 'IANA time zone for the nightly schedule', 'UTC')
    .option('--schedule <cron>', 'when the nightly sync runs, in the org time zone', '0 2 * * *')
    .option(
      '--replace',
      'the CRM org is already connected under another name: move it to this name and disable the other',
    )
    .option('--json', 'print one JSON object (machine-readable)');
}

export function register(program: Command, ctx: CliContext): void {
  const connect = program
    .command('connect')
    .description('Connect a CRM org: authenticate and store its credentials encrypted');

  for (const entry of Object.values(CONNECTORS)) {
    const command = connect
      .command(entry.crm)
      .description(entry.connect.description)
      .requiredOption('--name <name>', 'a name for this org in leadloop');
    for (const o of entry.connect.options) {
      if (o.required) command.requiredOption(o.flags, o.description, o.default);
      else command.option(o.flags, o.description, o.default);
    }
    withScheduleOptions(command).action(async (opts: CommonOptions & Record<string, string | undefined>) => {
      for (const o of entry.connect.options) {
        const value = opts[command.options.find((c) => c.flags === o.flags)!.attributeName()];
        if (o.secret && value) ctx.secrets.add(value);
      }
      checkCommon(opts);
      const connected = await entry.connect.run(opts, crmUrlPolicyFromSettings(ctx.settings()));
      await store(ctx, entry.crm, opts, connected);
    });
  }
}

/** Usage errors before anything is sent anywhere: the name, the time zone, the schedule. */
function checkCommon(opts: CommonOptions): void {
  if (!isOrgName(opts.name))
    throw new CliError(`--name ${JSON.stringify(String(opts.name).slice(0, 100))}: an org name ${ORG_NAME_RULE}`, 2);
  const tz = timeZoneProblem(opts.timezone ?? 'UTC');
  if (tz) throw new CliError(`--timezone: ${tz}`, 2);
  const schedule = cronProblem(opts.schedule ?? '0 2 * * *');
  if (schedule) throw new CliError(`--schedule: ${schedule}`, 2);
}

async function store(
  ctx: CliContext,
  crm: CrmKind,
  opts: CommonOptions,
  connected: { credentials: unknown; instanceUrl: string; externalOrgId?: string; userId: string },
): Promise<void> {
  const db = await ctx.database();
  const org = await saveConnectedOrg(db, ctx.secretBox(), {
    name: opts.name,
    crm,
    connected,
    timezone: opts.timezone,
    schedule: opts.schedule,
    replace: Boolean(opts.replace),
    actor: 'cli',
  });
  const data = {
    name: org.name,
    crm,
    instanceUrl: org.instanceUrl,
    externalOrgId: org.externalOrgId,
    userId: connected.userId,
    state: org.state,
  };
  printResult(
    ctx.io,
    Boolean(opts.json),
    data,
    () =>
      `Connected ${crm} org "${org.name}" at ${org.instanceUrl} (user ${connected.userId}). Credentials are stored encrypted.\nNext: \`leadloop setup ${org.name}\` to create the leadloop fields, then \`leadloop sync ${org.name} --full\`.`,
  );
}
