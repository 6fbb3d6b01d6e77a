import type { Command } from 'commander';
import type { CliContext } from '../context';
import { CliError, printResult } from '../output';
import { readFileSync } from 'node:fs';
import { connectSugar } from '../../../connectors/sugarcrm/connectSugar';
import { connectSalesforce, type ConnectSalesforceInput } from '../../../connectors/salesforce/connectSalesforce';
import { DEFAULT_LOGIN_URL } from '../../../connectors/salesforce/salesforceConstants';
import { createOrgRepository } from '../../store/orgRepository';
import { recordAudit } from '../../store/auditLog';
import type { CrmKind } from '../../domain/lead';

interface CommonOptions {
  name: string;
  timezone?: string;
  schedule?: string;
  json?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  const connect = program.command('connect').description('Connect a CRM org: authenticate and store its credentials encrypted');

  connect
    .command('sugarcrm')
    .description('Connect a SugarCRM instance (REST v11 OAuth2 password grant)')
    .requiredOption('--name <name>', 'a name for this org in leadloop')
    .requiredOption('--url <url>', 'the instance URL, e.g. https://acme.sugarondemand.com')
    .requiredOption('--username <user>', 'the integration user')
    .requiredOption('--password <password>', 'its password')
    .option('--client-id <id>', 'OAuth client id', 'sugar')
    .option('--client-secret <secret>', 'OAuth client secret', '')
    .option('--platform <platform>', 'a custom platform registered by the admin, so leadloop does not log users out', 'leadloop')
    .option('--timezone <tz>', 'IANA time zone for the nightly schedule', 'UTC')
    .option('--schedule <cron>', 'when the nightly sync runs, in the org time zone', '0 2 * * *')
    .option('--json', 'print one JSON object (machine-readable)')
    .action(async (opts: CommonOptions & { url: string; username: string; password: string; clientId: string; clientSecret: string; platform: string }) => {
      ctx.secrets.add(opts.password);
      ctx.secrets.add(opts.clientSecret);
      const connected = await connectSugar({ url: opts.url, username: opts.username, password: opts.password, clientId: opts.clientId, clientSecret: opts.clientSecret, platform: opts.platform });
      await store(ctx, 'sugarcrm', opts, connected);
    });

  connect
    .command('salesforce')
    .description('Connect a Salesforce org with OAuth 2.0: the username-password flow, or the JWT bearer flow with --jwt-key-file')
    .requiredOption('--name <name>', 'a name for this org in leadloop')
    .option('--login-url <url>', 'login server: https://login.salesforce.com, https://test.salesforce.com (sandboxes) or your My Domain URL', DEFAULT_LOGIN_URL)
    .requiredOption('--client-id <id>', "the connected app's consumer key")
    .option('--client-secret <secret>', "the connected app's consumer secret (username-password flow)")
    .requiredOption('--username <user>', 'the integration user')
    .option('--password <password>', 'its password, followed by its security token when the org requires one')
    .option('--jwt-key-file <file>', 'PEM private key whose certificate is uploaded to the connected app (JWT bearer flow, no password)')
    .option('--timezone <tz>', 'IANA time zone for the nightly schedule', 'UTC')
    .option('--schedule <cron>', 'when the nightly sync runs, in the org time zone', '0 2 * * *')
    .option('--json', 'print one JSON object (machine-readable)')
    .action(async (opts: CommonOptions & { loginUrl: string; clientId: string; clientSecret?: string; username: string; password?: string; jwtKeyFile?: string }) => {
      ctx.secrets.add(opts.password);
      ctx.secrets.add(opts.clientSecret);
      let input: ConnectSalesforceInput;
      if (opts.jwtKeyFile) {
        if (opts.password) throw new CliError('Give either --password (username-password flow) or --jwt-key-file (JWT bearer flow), not both');
        let privateKeyPem: string;
        try {
          privateKeyPem = readFileSync(opts.jwtKeyFile, 'utf8');
        } catch (error) {
          throw new CliError(`--jwt-key-file ${opts.jwtKeyFile}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
        }
        if (!/-----BEGIN (RSA |ENCRYPTED )?PRIVATE KEY-----/.test(privateKeyPem)) throw new CliError(`--jwt-key-file ${opts.jwtKeyFile}: not a PEM private key (expected -----BEGIN PRIVATE KEY-----)`);
        if (privateKeyPem.includes('ENCRYPTED PRIVATE KEY')) throw new CliError(`--jwt-key-file ${opts.jwtKeyFile}: the key is encrypted; give an unencrypted PEM key (openssl pkcs8 -topk8 -nocrypt)`);
        ctx.secrets.add(privateKeyPem);
        input = { flow: 'jwt', loginUrl: opts.loginUrl, clientId: opts.clientId, username: opts.username, privateKeyPem };
      } else {
        if (!opts.password) throw new CliError('Give --password (username-password flow) or --jwt-key-file (JWT bearer flow)');
        if (!opts.clientSecret) throw new CliError('The username-password flow needs --client-secret (the connected app\'s consumer secret)');
        input = { flow: 'password', loginUrl: opts.loginUrl, clientId: opts.clientId, clientSecret: opts.clientSecret, username: opts.username, password: opts.password };
      }
      let connected;
      try {
        connected = await connectSalesforce(input);
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      await store(ctx, 'salesforce', opts, connected);
    });
}

async function store(ctx: CliContext, crm: CrmKind, opts: CommonOptions, connected: { credentials: unknown; instanceUrl: string; externalOrgId?: string; userId: string }): Promise<void> {
  if (!isTimeZone(opts.timezone ?? 'UTC')) throw new CliError(`--timezone ${opts.timezone} is not an IANA time zone (e.g. Europe/Madrid)`);
  const db = await ctx.database();
  const org = await createOrgRepository(db, ctx.secretBox()).upsert({
    name: opts.name, crm, instanceUrl: connected.instanceUrl, externalOrgId: connected.externalOrgId, credentials: connected.credentials,
    timezone: opts.timezone, schedule: opts.schedule,
  });
  await recordAudit(db, { actor: 'cli', action: 'org.connect', target: org.name, details: { crm, instanceUrl: connected.instanceUrl } });
  const data = { name: org.name, crm, instanceUrl: org.instanceUrl, externalOrgId: org.externalOrgId, userId: connected.userId, state: org.state };
  printResult(ctx.io, Boolean(opts.json), data, () =>
    `Connected ${crm} org "${org.name}" at ${org.instanceUrl} (user ${connected.userId}). Credentials are stored encrypted.\nNext: \`leadloop setup ${org.name}\` to create the leadloop fields, then \`leadloop sync ${org.name} --full\`.`,
  );
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
