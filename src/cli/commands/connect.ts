import type { Command } from 'commander';
import type { CliContext } from '../context';
import { CliError, printResult } from '../output';
import fs from 'node:fs';
import { connectSalesforce, type ConnectSalesforceParams } from '../../../connectors/salesforce/connectSalesforce';
import { connectSugar } from '../../../connectors/sugarcrm/connectSugar';
import { saveConnectedOrg } from '../../app/saveConnectedOrg';
import type { CrmKind } from '../../domain/lead';
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

  withScheduleOptions(
    connect
      .command('salesforce')
      .description(
        'Connect a Salesforce org (OAuth 2.0: username-password, JWT bearer or refresh-token flow; the console offers the web-server flow)',
      )
      .requiredOption('--name <name>', 'a name for this org in leadloop')
      .option(
        '--login-url <url>',
        'https://login.salesforce.com, https://test.salesforce.com for sandboxes, or your My Domain URL',
        'https://login.salesforce.com',
      )
      .requiredOption('--client-id <id>', "the connected app's consumer key")
      .option(
        '--client-secret <secret>',
        "the connected app's consumer secret (username-password and refresh-token flows)",
      )
      .option('--username <user>', 'the integration user')
      .option('--password <password>', 'its password followed by its security token, when the org requires one')
      .option('--jwt-key-file <file>', "JWT bearer flow: the private key (PEM) of the connected app's certificate")
      .option('--refresh-token <token>', 'refresh-token flow: a refresh token issued to the connected app'),
  ).action(
    async (
      opts: CommonOptions & {
        loginUrl: string;
        clientId: string;
        clientSecret?: string;
        username?: string;
        password?: string;
        jwtKeyFile?: string;
        refreshToken?: string;
      },
    ) => {
      for (const secret of [opts.password, opts.clientSecret, opts.refreshToken]) if (secret) ctx.secrets.add(secret);
      checkCommon(opts);
      const client = { loginUrl: opts.loginUrl, clientId: opts.clientId, clientSecret: opts.clientSecret };
      let params: ConnectSalesforceParams;
      if (opts.jwtKeyFile) {
        if (!opts.username)
          throw new CliError('--jwt-key-file needs --username (the user the connected app is pre-authorized for)');
        let privateKeyPem: string;
        try {
          privateKeyPem = fs.readFileSync(opts.jwtKeyFile, 'utf8');
        } catch (error) {
          throw new CliError(`--jwt-key-file ${opts.jwtKeyFile}: ${(error as Error).message}`);
        }
        params = { ...client, flow: 'jwt', username: opts.username, privateKeyPem };
      } else if (opts.refreshToken) {
        params = { ...client, flow: 'refresh_token', refreshToken: opts.refreshToken };
      } else {
        if (!opts.username || !opts.password || !opts.clientSecret)
          throw new CliError(
            'the username-password flow needs --username, --password and --client-secret (or use --jwt-key-file / --refresh-token)',
          );
        params = { ...client, flow: 'password', username: opts.username, password: opts.password };
      }
      const connected = await connectSalesforce({ ...params, urlPolicy: crmUrlPolicyFromSettings(ctx.settings()) });
      await store(ctx, 'salesforce', opts, connected);
    },
  );

  withScheduleOptions(
    connect
      .command('sugarcrm')
      .description('Connect a SugarCRM instance (REST v11 OAuth2 password grant)')
      .requiredOption('--name <name>', 'a name for this org in leadloop')
      .requiredOption('--url <url>', 'the instance URL, e.g. https://acme.sugarondemand.com')
      .requiredOption('--username <user>', 'the integration user')
      .requiredOption('--password <password>', 'its password')
      .option('--client-id <id>', 'OAuth client id', 'sugar')
      .option('--client-secret <secret>', 'OAuth client secret', '')
      .option(
        '--platform <platform>',
        'a custom platform registered by the admin, so leadloop does not log users out',
        'leadloop',
      ),
  ).action(
    async (
      opts: CommonOptions & {
        url: string;
        username: string;
        password: string;
        clientId: string;
        clientSecret: string;
        platform: string;
      },
    ) => {
      ctx.secrets.add(opts.password);
      ctx.secrets.add(opts.clientSecret);
      checkCommon(opts);
      const connected = await connectSugar({
        url: opts.url,
        username: opts.username,
        password: opts.password,
        clientId: opts.clientId,
        clientSecret: opts.clientSecret,
        platform: opts.platform,
        urlPolicy: crmUrlPolicyFromSettings(ctx.settings()),
      });
      await store(ctx, 'sugarcrm', opts, connected);
    },
  );
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
