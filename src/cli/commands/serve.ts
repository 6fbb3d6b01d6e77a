import type { Command } from 'commander';
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
  const logger = ctx.logger();
  const runtime = await runtimeDeps(ctx);
  const port = opts.port ? Number(opts.port) : settings.PORT;
  const app = createApp({ db: runtime.db, logger, runtime, ...(settings.LEADLOOP_PUBLIC_URL ? { publicUrl: settings.LEADLOOP_PUBLIC_URL.replace(/\/+$/, '') } : {}) });
  await new Promise<void>((resolve, reject) => {
    const server = app.listen(port, () => logger.info(`leadloop web listening on http://127.0.0.1:${port}`));
    server.on('error', reject);
    const stop = () => server.close(() => resolve());
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
