import type { Logger } from '../log/createLogger';
import type { OrgRuntimeDeps } from '../app/createOrgRuntime';
import { createRunStore } from '../sync/stores/runStore';
import { syncOrg } from '../app/syncOrg';
import type { RunSyncOptions } from '../sync/syncTypes';

/**
 * "Sync now" from the console: the run is recorded as `queued` at once (the console shows
 * it), then goes on in the background of the web process (its progress is the run record's
 * heartbeat); a run that cannot start ends as a failed run with its reason (syncOrg). The
 * database lock still keeps one run per org across every process.
 */
export function createSyncRunner(deps: OrgRuntimeDeps, logger: Logger) {
  const running = new Map<number, Promise<void>>();
  const runs = createRunStore(deps.db);
  return {
    isRunning: (orgId: number) => running.has(orgId),
    /** The queued run's id, or null when this process already runs a sync of the org. */
    async start(orgId: number, mode: RunSyncOptions['mode']): Promise<number | null> {
      if (running.has(orgId)) return null;
      let release!: () => void;
      running.set(orgId, new Promise<void>((resolve) => (release = resolve)));
      try {
        const runId = await runs.queue(orgId, mode, 'web');
        const job = syncOrg(deps, orgId, { mode, workerId: 'web', runId })
          .then((s) => logger.info(`sync from the console: ${s.status}`, { org: s.org, runId: s.runId }))
          .catch((error: unknown) =>
            logger.warn('sync from the console could not run', { orgId, runId, error: (error as Error).message }),
          )
          .finally(() => {
            running.delete(orgId);
            release();
          });
        running.set(orgId, job);
        return runId;
      } catch (error) {
        running.delete(orgId);
        release();
        throw error;
      }
    },
    /** For shutdown and tests. */
    async idle(): Promise<void> {
      await Promise.all([...running.values()]);
    },
  };
}
export type SyncRunner = ReturnType<typeof createSyncRunner>;
