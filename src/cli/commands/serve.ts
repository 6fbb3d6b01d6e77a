import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import { SettingsError } from '../../settings/loadSettings';
import type { CliContext } from '../context';
import { createApp } from '../../server/createApp';
import { runtimeDeps } from '../runtimeDeps';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('Start the admin API and console (the `web` process)')
    .option('-p, --port <port>', 'port to listen on (default: PORT)')
    .action((opts: { port?: string }) => serve(ctx, opts));
}

/** Serves the admin API and console until SIGTERM or SIGINT (the `web` process runs this). */
export async function serve(ctx: CliContext, opts: { port?: string } = {}): Promise<void> {
  const settings = ctx.settings();
  // the OAuth redirect_uri must not come from the client's Host header (issue 24, item 9)
  if (settings.NODE_ENV === 'production' && !settings.LEADLOOP_PUBLIC_URL) {
    throw new SettingsError(
      'LEADLOOP_PUBLIC_URL',
      'required in production: the console address Salesforce sends admins back to (e.g. https://leadloop.example.com)',
    );
  }
  const logger = ctx.logger();
  const runtime = await runtimeDeps(ctx);
  const port = opts.port ? Number(opts.port) : settings.PORT;
  // loopback unless told otherwise; a platform router (Heroku) or a container needs HOST=0.0.0.0
  const host = settings.HOST ?? (settings.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1');
  const app = createApp({
    db: runtime.db,
    logger,
    runtime,
    ...(settings.LEADLOOP_PUBLIC_URL ? { publicUrl: settings.LEADLOOP_PUBLIC_URL.replace(/\/+$/, '') } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    const server = app.listen(port, host, () =>
      logger.info(`leadloop web listening on ${listeningAt(server.address())}`),
    );
    server.on('error', reject);
    const stop = () => server.close(() => resolve());
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

/** The address actually bound, as a URL (every interface is named as such). */
export function listeningAt(address: AddressInfo | string | null): string {
  if (!address || typeof address === 'string') return String(address);
  const host = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;
  const every = address.address === '0.0.0.0' || address.address === '::' ? ' (every interface)' : '';
  return `http://${host}:${address.port}${every}`;
}
