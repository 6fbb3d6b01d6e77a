import type { Command } from 'commander';
import type { CliContext } from '../context';
import { CliError, printResult } from '../output';

interface SandboxOptions {
  port: string;
  sugarPort?: string;
  sugar: boolean;
  leads: string;
  seed: string;
  latencyMs: string;
  customized?: boolean;
  json?: boolean;
}

const integer = (name: string, value: string, min: number): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new CliError(`--${name} must be an integer ≥ ${min}, got "${value}"`);
  return n;
};

export function register(program: Command, ctx: CliContext): void {
  program
    .command('sandbox')
    .description('Start local Salesforce- and SugarCRM-compatible API servers with seeded demo data')
    .option('-p, --port <port>', 'Salesforce sandbox port (0 = any free port)', '4010')
    .option('--sugar-port <port>', 'SugarCRM sandbox port (default: --port + 1, or any free port when --port is 0)')
    .option('--no-sugar', 'start only the Salesforce sandbox')
    .option('--leads <n>', 'seeded leads per CRM', '5000')
    .option('--seed <n>', 'seed of the generated data', '42')
    .option('--latency-ms <ms>', 'latency added to every API call', '0')
    .option(
      '--customized',
      'a customized Salesforce org ("Recycled" Lead Status, Status_Reason__c, Loss_Reason__c) instead of a standard one',
    )
    .option('--json', 'print the URLs and credentials as one JSON line')
    .action(async (opts: SandboxOptions) => {
      const port = integer('port', opts.port, 0);
      const leads = integer('leads', opts.leads, 0);
      const seed = integer('seed', opts.seed, 0);
      const latencyMs = integer('latency-ms', opts.latencyMs, 0);
      // loaded on use: the sandbox is large and no other command needs it
      const { startSalesforceSandbox, startSugarSandbox } = require('../../sandbox') as typeof import('../../sandbox');
      const shape = opts.customized ? 'customized' : 'standard';
      const salesforce = await startSalesforceSandbox({ port, leads, seed, latencyMs, shape });
      const sugarPort =
        opts.sugarPort !== undefined ? integer('sugar-port', opts.sugarPort, 0) : port === 0 ? 0 : port + 1;
      const sugar = opts.sugar ? await startSugarSandbox({ port: sugarPort, leads, seed, latencyMs }) : null;
      const { clientId, clientSecret, username, password } = salesforce.credentials;
      const result = {
        salesforce: {
          shape,
          loginUrl: salesforce.url,
          instanceUrl: salesforce.url,
          tokenUrl: `${salesforce.url}/services/oauth2/token`,
          apiVersion: '62.0',
          clientId,
          clientSecret,
          username,
          password,
          leads,
        },
        sugarcrm: sugar ? { url: sugar.url, apiUrl: sugar.apiUrl, ...sugar.credentials, leads } : null,
      };
      printResult(ctx.io, opts.json === true, result, () =>
        [
          `Salesforce sandbox  ${salesforce.url}  (${shape} org, ${leads} leads, seed ${seed})`,
          `  OAuth token URL   ${result.salesforce.tokenUrl}  (password, refresh_token, authorization_code, JWT bearer)`,
          `  client id         ${clientId}`,
          `  client secret     ${clientSecret}`,
          `  username          ${username}`,
          `  password          ${password}`,
          ...(sugar
            ? [
                `SugarCRM sandbox    ${sugar.url}  (API ${sugar.apiUrl})`,
                `  username          ${sugar.credentials.username}`,
                `  password          ${sugar.credentials.password}`,
                `  platform          ${sugar.credentials.platform}`,
              ]
            : []),
          'Demo credentials only. Press Ctrl+C to stop.',
        ].join('\n'),
      );
      await new Promise<void>((resolve) => {
        const stop = () => {
          void Promise.all([salesforce.close(), sugar?.close()]).then(() => resolve());
        };
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
    });
}
