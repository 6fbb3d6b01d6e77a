import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../log/createLogger';
import type { Database } from '../store/database';
import type { OrgRecord } from '../store/orgRepository';
import type { JobQueue, SyncJob } from './jobQueue';
import { scheduleProblem } from './checkSchedule';
import { claimSlot, createClaimCoordinator, pruneClaims } from './slotClaims';

export interface SchedulerDeps {
  db: Database;
  queue: JobQueue;
  logger: Logger;
  workerId: string;
  concurrency: number;
  listOrgs: () => Promise<OrgRecord[]>;
  runJob: (job: SyncJob) => Promise<void>;
  /** How often the org list is re-read for new orgs and changed schedules. */
  refreshMs?: number;
  now?: () => Date;
}

export interface Scheduler {
  /** Schedules currently installed, for status output. */
  installed(): { orgId: number; mode: SyncJob['mode']; cron: string; timezone: string; nextRun: string | null }[];
  stop(): Promise<void>;
}

const CATCH_UP_WINDOW_MIN = 8 * 24 * 60;

/**
 * The worker's scheduler: node-cron fires each org's schedule in the org's time zone;
 * the first worker to claim a slot in the database enqueues it; the queue runs jobs with a
 * concurrency limit. At start, an org whose last scheduled slot was missed (worker down)
 * is run once.
 */
export async function startScheduler(deps: SchedulerDeps): Promise<Scheduler> {
  const now = deps.now ?? (() => new Date());
  const tasks = new Map<
    string,
    { task: ScheduledTask; cron: string; timezone: string; orgId: number; mode: SyncJob['mode'] }
  >();
  const warned = new Set<string>();
  await deps.queue.start(deps.runJob, deps.concurrency);

  const install = async (catchUp: boolean) => {
    const orgs = (await deps.listOrgs()).filter((o) => o.state === 'connected');
    const wanted = new Set<string>();
    for (const org of orgs) {
      // Both schedules run incremental syncs: the nightly one re-scores every stored lead
      // (decay) from snapshots; a full re-read is an operator's choice (`sync --full`).
      const entries: [string, string | null][] = [
        ['nightly', org.schedule],
        ['frequent', org.incrementalSchedule],
      ];
      for (const [kind, expression] of entries) {
        const mode: SyncJob['mode'] = 'incremental';
        if (!expression) continue;
        const name = `sync:${org.id}:${kind}`;
        const existing = tasks.get(name);
        if (existing && existing.cron === expression && existing.timezone === org.timezone) {
          wanted.add(name);
          continue;
        }
        // one org's bad schedule (stored before validation, or edited in the database) is that org's problem only
        const problem = scheduleProblem({ schedule: expression, timezone: org.timezone });
        if (problem) {
          if (!warned.has(`${name}:${expression}:${org.timezone}`))
            deps.logger.warn(`org ${org.name}: ${kind} schedule not installed: ${problem}`);
          warned.add(`${name}:${expression}:${org.timezone}`);
          continue;
        }
        try {
          await existing?.task.destroy();
          tasks.delete(name);
          const task = cron.schedule(
            expression,
            async (ctx) => {
              await deps.queue.enqueue({ orgId: org.id, mode, slot: ctx.date.toISOString() });
            },
            {
              name,
              timezone: org.timezone,
              noOverlap: false,
              distributed: true,
              runCoordinator: createClaimCoordinator(deps.db, org.id, deps.workerId),
            },
          );
          tasks.set(name, { task, cron: expression, timezone: org.timezone, orgId: org.id, mode });
          wanted.add(name);
          if (catchUp && kind === 'nightly') await catchUpMissed(deps, org, task, now());
        } catch (error) {
          deps.logger.warn(`org ${org.name}: ${kind} schedule not installed`, { error: (error as Error).message });
        }
      }
    }
    for (const [name, entry] of tasks) {
      if (!wanted.has(name)) {
        await entry.task.destroy();
        tasks.delete(name);
      }
    }
  };

  await install(true);
  await pruneClaims(deps.db).catch(() => undefined);
  const timer = setInterval(() => {
    install(false).catch((error) => deps.logger.warn('could not refresh schedules', { error }));
  }, deps.refreshMs ?? 60_000);
  timer.unref();

  return {
    installed: () =>
      [...tasks.values()].map((t) => ({
        orgId: t.orgId,
        mode: t.mode,
        cron: t.cron,
        timezone: t.timezone,
        nextRun: t.task.getNextRun()?.toISOString() ?? null,
      })),
    async stop() {
      clearInterval(timer);
      for (const entry of tasks.values()) await entry.task.destroy();
      tasks.clear();
      await deps.queue.stop();
    },
  };
}

/** The latest slot of `task` before `at` (minute resolution), within the catch-up window. */
export function previousSlot(task: Pick<ScheduledTask, 'match'>, at: Date): Date | null {
  const t = new Date(at);
  t.setUTCSeconds(0, 0);
  for (let i = 0; i < CATCH_UP_WINDOW_MIN; i++) {
    t.setUTCMinutes(t.getUTCMinutes() - (i === 0 ? 0 : 1));
    if (t.getTime() < at.getTime() && task.match(t)) return t;
  }
  return null;
}

/** F14: a worker down over one or more schedules runs the org once at start-up. */
async function catchUpMissed(deps: SchedulerDeps, org: OrgRecord, task: ScheduledTask, at: Date): Promise<void> {
  const slot = previousSlot(task, at);
  if (!slot || slot.getTime() < org.createdAt.getTime()) return;
  const { rows } = await deps.db.query<{ started_at: Date }>(
    'SELECT max(started_at) AS started_at FROM sync_runs WHERE org_id = $1',
    [org.id],
  );
  const last = rows[0]?.started_at ? new Date(rows[0].started_at) : null;
  if (last && last.getTime() >= slot.getTime()) return;
  // the claim key is the catch-up of that slot, so several workers starting together run it once
  if (await claimSlot(deps.db, `catch-up:${org.id}:${slot.toISOString()}`, org.id, deps.workerId)) {
    deps.logger.info(`org ${org.name}: the schedule at ${slot.toISOString()} was missed; running it now`);
    await deps.queue.enqueue({ orgId: org.id, mode: 'incremental', slot: `catch-up:${slot.toISOString()}` });
  }
}
