import os from 'node:os';
import type { Command } from 'commander';
import type { CliContext } from '../context';
import { runtimeDeps } from '../runtimeDeps';
import { createMemoryQueue, createPgBossQueue } from '../../scheduler/jobQueue';
import { startScheduler } from '../../scheduler/startScheduler';
import { createOrgRepository } from '../../store/orgRepository';
import { syncOrg } from '../../app/syncOrg';
import { SyncAlreadyRunningError } from '../../sync/runSync';
import { describeError } from '../../log/redact';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('worker')
    .description('Run scheduled syncs (the `worker` process): each org on its own schedule and time zone')
    .action(() => runWorker(ctx));
}

/** Runs scheduled syncs until SIGTERM or SIGINT (the `worker` process runs this). */
export async function runWorker(ctx: CliContext): Promise<void> {
  const deps = await runtimeDeps(ctx);
  const settings = ctx.settings();
  const logger = deps.logger;
  const workerId = `${os.hostname()}:${process.pid}`;
  const queue = settings.DATABASE_URL ? createPgBossQueue(settings.DATABASE_URL, logger) : createMemoryQueue(logger);
  const scheduler = await startScheduler({
    db: deps.db,
    queue,
    logger,
    workerId,
    concurrency: settings.LEADLOOP_SYNC_CONCURRENCY,
    listOrgs: () => createOrgRepository(deps.db, deps.box).list(),
    runJob: async (job) => {
      try {
        const summary = await syncOrg(deps, job.orgId, { mode: job.mode, workerId });
        logger.info(`sync of ${summary.org} ${summary.status}`, {
          runId: summary.runId,
          written: summary.counts.written,
          apiCalls: summary.apiCalls,
          stopReason: summary.stopReason,
        });
      } catch (error) {
        if (error instanceof SyncAlreadyRunningError) logger.info(error.message);
        else logger.error(`sync of org ${job.orgId} could not run`, { error: describeError(error, ctx.secrets) });
      }
    },
  });
  for (const s of scheduler.installed())
    logger.info(`scheduled org ${s.orgId} ${s.mode} sync "${s.cron}" (${s.timezone}); next ${s.nextRun}`);
  logger.info(
    `leadloop worker ${workerId} started (${settings.DATABASE_URL ? 'shared PostgreSQL queue' : 'embedded database'}, concurrency ${settings.LEADLOOP_SYNC_CONCURRENCY})`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => void scheduler.stop().then(resolve);
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
