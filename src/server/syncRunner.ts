import type { Logger } from '../log/createLogger';
import type { OrgRuntimeDeps } from '../app/createOrgRuntime';
import { syncOrg } from '../app/syncOrg';
import type { RunSyncOptions } from '../sync/syncTypes';

/**
 * "Sync now" from the console: the run goes on in the background of the web process
 * (its progress is the run record's heartbeat); the database lock still keeps one run
 * per org across every process.
 */
export function createSyncRunner(deps: OrgRuntimeDeps, logger: Logger) {
  const running = new Map<number, Promise<void>>();
  return {
    isRunning: (orgId: number) => running.has(orgId),
    start(orgId: number, mode: RunSyncOptions['mode']): boolean {
      if (running.has(orgId)) return false;
      const job = syncOrg(deps, orgId, { mode, workerId: 'web' })
        .then((s) => logger.info(`sync from the console: ${s.status}`, { org: s.org, runId: s.runId }))
        .catch((error: unknown) =>
          logger.warn('sync from the console could not run', { orgId, error: (error as Error).message }),
        )
        .finally(() => running.delete(orgId));
      running.set(orgId, job);
      return true;
    },
    /** For shutdown and tests. */
    async idle(): Promise<void> {
      await Promise.all([...running.values()]);
    },
  };
}
export type SyncRunner = ReturnType<typeof createSyncRunner>;
