import type { Command } from 'commander';
import type { CliContext } from '../context';
import { CliError, formatTable, printResult } from '../output';
import { readSecret } from '../readSecret';
import { recordAudit } from '../../store/auditLog';
import { createAdminStore, TOKEN_SCOPES, WeakPasswordError, type TokenScope } from '../../server/adminStore';

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : '');

export function register(program: Command, ctx: CliContext): void {
  const admin = program.command('admin').description('Console administrators and API tokens');
  const store = async () => createAdminStore(await ctx.database());

  admin
    .command('create')
    .description(
      'Create a console administrator, or set a new password (which ends every session of that administrator)',
    )
    .requiredOption('--email <email>', 'their e-mail (the sign-in name)')
    .option('--password-stdin', 'read the password from the first line of stdin')
    .option(
      '--password <password>',
      'discouraged: visible in `ps` and shell history (default: the prompt, or LEADLOOP_ADMIN_PASSWORD)',
    )
    .option('--json', 'print one JSON object (machine-readable)')
    .action(async (opts: { email: string; password?: string; passwordStdin?: boolean; json?: boolean }) => {
      if (!/^[^@\s]+@[^@\s]+$/.test(opts.email))
        throw new CliError(`--email ${opts.email} is not an e-mail address`, 2);
      if (opts.password)
        ctx.io.stderr.write(
          'leadloop: warning: --password is visible to other users of this machine (ps, shell history); use the prompt or --password-stdin\n',
        );
      const password = opts.passwordStdin
        ? await readSecret(ctx.io, '', { fromStdin: true })
        : (opts.password ??
          ctx.settings().LEADLOOP_ADMIN_PASSWORD ??
          (await readSecret(ctx.io, `Password for ${opts.email}: `, { fromStdin: false })));
      if (!password)
        throw new CliError(
          'give the password at the prompt, on stdin with --password-stdin, or in LEADLOOP_ADMIN_PASSWORD',
          2,
        );
      ctx.secrets.add(password);
      const db = await ctx.database();
      const user = await createAdminStore(db)
        .createUser(opts.email, password)
        .catch((e: Error) => {
          throw new CliError(
            e instanceof WeakPasswordError ? `refused: ${e.message}` : e.message,
            e instanceof WeakPasswordError ? 2 : 1,
          );
        });
      await recordAudit(db, {
        actor: 'cli',
        action: user.created ? 'admin.create' : 'admin.password',
        target: user.email,
      });
      printResult(
        ctx.io,
        Boolean(opts.json),
        { email: user.email, created: user.created },
        () =>
          `${user.created ? 'Created' : 'Updated'} administrator ${user.email}.${user.created ? '' : ' Every session of theirs has ended.'} Sign in at the console (\`leadloop serve\`).`,
      );
    });

  admin
    .command('list')
    .description('Administrators, their last sign-in, open sessions and whether they are disabled')
    .option('--json', 'print one JSON object (machine-readable)')
    .action(async (opts: { json?: boolean }) => {
      const users = await (await store()).listUsers();
      printResult(ctx.io, Boolean(opts.json), { admins: users }, () =>
        users.length
          ? formatTable(
              ['E-mail', 'Created', 'Last sign-in', 'Sessions', 'Disabled'],
              users.map((u) => [u.email, day(u.createdAt), day(u.lastLoginAt), u.sessions, day(u.disabledAt)]),
            )
          : 'No administrators yet: `leadloop admin create --email you@example.com`.',
      );
    });

  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    admin
      .command(name)
      .description(
        disabled ? 'Disable an administrator: no sign-in, every session ends' : 'Enable a disabled administrator again',
      )
      .requiredOption('--email <email>', 'the administrator')
      .action(async (opts: { email: string }) => {
        const db = await ctx.database();
        if (!(await createAdminStore(db).setDisabled(opts.email, disabled)))
          throw new CliError(`no administrator ${opts.email}`, 2);
        await recordAudit(db, { actor: 'cli', action: `admin.${name}`, target: opts.email.toLowerCase() });
        ctx.io.stdout.write(
          `${disabled ? 'Disabled' : 'Enabled'} administrator ${opts.email.toLowerCase()}.${disabled ? ' Every session of theirs has ended.' : ''}\n`,
        );
      });
  }

  admin
    .command('remove')
    .description('Remove an administrator (and end their sessions)')
    .requiredOption('--email <email>', 'the administrator')
    .action(async (opts: { email: string }) => {
      const db = await ctx.database();
      if (!(await createAdminStore(db).removeUser(opts.email))) throw new CliError(`no administrator ${opts.email}`, 2);
      await recordAudit(db, { actor: 'cli', action: 'admin.remove', target: opts.email.toLowerCase() });
      ctx.io.stdout.write(`Removed administrator ${opts.email.toLowerCase()}.\n`);
    });

  const createToken = async (opts: {
    name?: string;
    scope?: string;
    expiresInDays?: string;
    owner?: string;
    json?: boolean;
  }) => {
    if (!opts.name) throw new CliError('give --name: what uses the token, e.g. "prometheus"', 2);
    const scope = (opts.scope ?? 'full') as TokenScope;
    if (!TOKEN_SCOPES.includes(scope))
      throw new CliError(`--scope ${opts.scope}: one of ${TOKEN_SCOPES.join(', ')}`, 2);
    const days = opts.expiresInDays === undefined ? undefined : Number(opts.expiresInDays);
    if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 3650))
      throw new CliError(`--expires-in-days ${opts.expiresInDays}: a whole number of days from 1 to 3650`, 2);
    const expiresAt = days ? new Date(Date.now() + days * 86_400_000) : undefined;
    const db = await ctx.database();
    const token = await createAdminStore(db).createApiToken(opts.name, 'cli', {
      scope,
      ...(expiresAt ? { expiresAt } : {}),
      ...(opts.owner ? { owner: opts.owner } : {}),
    });
    ctx.secrets.add(token);
    await recordAudit(db, {
      actor: 'cli',
      action: 'token.create',
      target: opts.name,
      details: { scope, expiresAt: expiresAt?.toISOString() ?? null, owner: opts.owner ?? null },
    });
    // the token is printed on purpose: it is shown this once
    const out = { name: opts.name, scope, expiresAt: expiresAt?.toISOString() ?? null, token };
    ctx.io.stdout.write(
      opts.json
        ? `${JSON.stringify(out)}\n`
        : `API token "${opts.name}" (scope ${scope}${expiresAt ? `, expires ${day(expiresAt)} UTC` : ''}; store it now, it is not shown again):\n${token}\n`,
    );
  };
  const tokenOptions = (c: Command) =>
    c
      .option('--name <name>', 'what uses it, e.g. "prometheus"')
      .option(
        '--scope <scope>',
        `${TOKEN_SCOPES.join(' | ')}: read = GET requests of the API and /metrics, metrics = /metrics only`,
        'full',
      )
      .option('--expires-in-days <days>', 'the token stops working after this many days (default: never)')
      .option('--owner <who>', 'the person or team answerable for it (default: cli)')
      .option('--json', 'print one JSON object (machine-readable)');

  // one set of options, on `token` itself: commander gives a parent's options to the parent
  // wherever they appear, so `token create --name x` and `token list --json` read them from there
  const token = tokenOptions(
    admin
      .command('token')
      .description(
        'API tokens for machines: `admin token --name X` (or `admin token create --name X`) creates one, shown once; send it as "Authorization: Bearer <token>"',
      ),
  ).action(createToken);
  token
    .command('create')
    .description('Create an API token (shown once); takes the options above')
    .action(() => createToken(token.opts()));
  token
    .command('list')
    .description('API tokens: scope, owner, expiry, last use (never the token itself); --json for one JSON object')
    .action(async () => {
      const tokens = await (await store()).listApiTokens();
      printResult(ctx.io, Boolean(token.opts()['json']), { tokens }, () =>
        tokens.length
          ? formatTable(
              ['Id', 'Name', 'Scope', 'Owner', 'Created', 'Expires', 'Last used', 'Revoked'],
              tokens.map((t) => [
                t.id,
                t.name,
                t.scope,
                t.owner,
                day(t.createdAt),
                day(t.expiresAt),
                day(t.lastUsedAt),
                day(t.revokedAt),
              ]),
            )
          : 'No API tokens.',
      );
    });
  token
    .command('revoke <idOrName>')
    .description('Revoke a token by its id, or every live token with that name')
    .action(async (idOrName: string) => {
      const db = await ctx.database();
      const revoked = await createAdminStore(db).revokeApiToken(idOrName);
      if (!revoked) throw new CliError(`no live API token with id or name ${idOrName}`, 2);
      await recordAudit(db, { actor: 'cli', action: 'token.revoke', target: idOrName, details: { revoked } });
      ctx.io.stdout.write(`Revoked ${revoked} API token${revoked === 1 ? '' : 's'} (${idOrName}).\n`);
    });
}
