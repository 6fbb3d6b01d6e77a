import type { Command } from 'commander';
import type { CliContext } from '../context';
import { CliError, printResult } from '../output';
import { recordAudit } from '../../store/auditLog';
import { createAdminStore } from '../../server/adminStore';

export function register(program: Command, ctx: CliContext): void {
  const admin = program.command('admin').description('Console administrators and API tokens');

  admin
    .command('create')
    .description('Create a console administrator (or set a new password for an existing one)')
    .requiredOption('--email <email>', 'their e-mail (the sign-in name)')
    .option('--password <password>', 'at least 12 characters (default: LEADLOOP_ADMIN_PASSWORD)')
    .option('--json', 'print one JSON object (machine-readable)')
    .action(async (opts: { email: string; password?: string; json?: boolean }) => {
      const password = opts.password ?? ctx.io.env['LEADLOOP_ADMIN_PASSWORD'];
      if (!password) throw new CliError('give --password or set LEADLOOP_ADMIN_PASSWORD');
      ctx.secrets.add(password);
      if (!/^[^@\s]+@[^@\s]+$/.test(opts.email)) throw new CliError(`--email ${opts.email} is not an e-mail address`);
      const db = await ctx.database();
      const user = await createAdminStore(db).createUser(opts.email, password).catch((e: Error) => {
        throw new CliError(e.message);
      });
      await recordAudit(db, { actor: 'cli', action: user.created ? 'admin.create' : 'admin.password', target: user.email });
      printResult(ctx.io, Boolean(opts.json), { email: user.email, created: user.created }, () => `${user.created ? 'Created' : 'Updated'} administrator ${user.email}. Sign in at the console (\`leadloop serve\`).`);
    });

  admin
    .command('token')
    .description('Create an API token for machines (shown once; send it as "Authorization: Bearer <token>")')
    .requiredOption('--name <name>', 'what uses it, e.g. "prometheus"')
    .option('--json', 'print one JSON object (machine-readable)')
    .action(async (opts: { name: string; json?: boolean }) => {
      const db = await ctx.database();
      const token = await createAdminStore(db).createApiToken(opts.name, 'cli');
      await recordAudit(db, { actor: 'cli', action: 'token.create', target: opts.name });
      printResult(ctx.io, Boolean(opts.json), { name: opts.name, token }, () => `API token "${opts.name}" (store it now; it is not shown again):\n${token}`);
    });
}
