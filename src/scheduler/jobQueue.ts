import { PgBoss } from 'pg-boss';
import type { Logger } from '../log/createLogger';

export interface SyncJob {
  orgId: number;
  mode: 'full' | 'incremental';
  /** The schedule slot (or 'manual'/'catch-up'): part of the de-duplication key. */
  slot: string;
}

/** Where claimed schedule slots go to be run: in-process (embedded) or a Postgres-backed queue shared by workers. */
export interface JobQueue {
  enqueue(job: SyncJob): Promise<void>;
  start(handler: (job: SyncJob) => Promise<void>, concurrency: number): Promise<void>;
  stop(): Promise<void>;
}

const QUEUE = 'leadloop-sync';

/** Runs jobs in this process with a concurrency limit (embedded database: one process). */
export function createMemoryQueue(logger: Logger): JobQueue {
  const waiting: SyncJob[] = [];
  const keys = new Set<string>();
  let running = 0;
  let limit = 1;
  let handler: ((job: SyncJob) => Promise<void>) | null = null;
  let stopped = false;
  const idle: (() => void)[] = [];

  const pump = () => {
    while (handler && !stopped && running < limit && waiting.length) {
      const job = waiting.shift()!;
      running++;
      handler(job)
        .catch((error) => logger.error('sync job failed', { orgId: job.orgId, error }))
        .finally(() => {
          running--;
          keys.delete(`${job.orgId}:${job.mode}:${job.slot}`);
          if (running === 0 && waiting.length === 0) idle.splice(0).forEach((r) => r());
          pump();
        });
    }
  };
  return {
    async enqueue(job) {
      const key = `${job.orgId}:${job.mode}:${job.slot}`;
      if (keys.has(key)) return;
      keys.add(key);
      waiting.push(job);
      pump();
    },
    async start(h, concurrency) {
      handler = h;
      limit = concurrency;
      pump();
    },
    async stop() {
      stopped = true;
      waiting.length = 0;
      if (running > 0) await new Promise<void>((resolve) => idle.push(resolve));
    },
  };
}

/** pg-boss on the PostgreSQL server: every worker pulls from one queue; a job runs once. */
export function createPgBossQueue(connectionString: string, logger: Logger): JobQueue {
  const boss = new PgBoss({ connectionString, schema: 'leadloop_jobs' });
  boss.on('error', (error) => logger.warn('job queue error', { error }));
  let started: Promise<void> | null = null;
  const ready = () =>
    (started ??= (async () => {
      await boss.start();
      // 'exclusive': at most one job per key queued or active, so a slot claimed twice runs once
      await boss.createQueue(QUEUE, { policy: 'exclusive' }).catch(() => undefined);
    })());
  return {
    async enqueue(job) {
      await ready();
      await boss.send(QUEUE, job, {
        singletonKey: `${job.orgId}:${job.mode}:${job.slot}`,
        retryLimit: 0,
        expireInSeconds: 6 * 3600,
      });
    },
    async start(handler, concurrency) {
      await ready();
      for (let i = 0; i < concurrency; i++) {
        await boss.work<SyncJob>(QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async (jobs) => {
          for (const job of jobs) await handler(job.data);
        });
      }
    },
    async stop() {
      if (started) await boss.stop({ graceful: true, timeout: 30_000 });
    },
  };
}
