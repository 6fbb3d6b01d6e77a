import type { Command } from 'commander';
import type { CliContext } from '../context';
import { formatTable, printResult } from '../output';
import { createOrgRepository } from '../../store/orgRepository';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('orgs')
    .description('List connected CRM orgs and their state')
    .option('--json', 'print one JSON object (machine-readable)')
    .action(async (opts: { json?: boolean }) => {
      const db = await ctx.database();
      const orgs = await createOrgRepository(db, ctx.secretBox()).list();
      const data = {
        orgs: orgs.map((o) => ({
          name: o.name, crm: o.crm, instanceUrl: o.instanceUrl, state: o.state, stateMessage: o.stateMessage,
          timezone: o.timezone, schedule: o.schedule, connectedAt: o.createdAt.toISOString(),
        })),
      };
      printResult(ctx.io, Boolean(opts.json), data, () =>
        orgs.length === 0
          ? 'No orgs connected yet. Connect one with `leadloop connect salesforce --help` or try `npm run demo`.'
          : formatTable(
              ['NAME', 'CRM', 'STATE', 'SCHEDULE', 'TIMEZONE', 'INSTANCE'],
              orgs.map((o) => [o.name, o.crm, o.state + (o.stateMessage ? ` (${o.stateMessage})` : ''), o.schedule, o.timezone, o.instanceUrl]),
            ),
      );
    });
}
