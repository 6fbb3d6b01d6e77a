import os from 'node:os';
import type { Cursor } from '../domain/connector';
import { isLeadloopError, LeadloopError, NeedsReconnectError } from '../domain/errors';
import type { CanonicalLead } from '../domain/lead';
import { isConnectionLost } from '../store/database';
import { describeError } from '../log/redact';
import { statusAfterOutcome } from './applyOutcome';
import { batchPages } from './batchPages';
import { processPage, writePage, type PageContext } from './processPage';
import { readAhead } from './readAhead';
import { createActivityStore } from './stores/activityStore';
import { createLeadStateStore } from './stores/leadStateStore';
import { createNotificationStore } from '../notify/notificationStore';
import { createRunStore, emptyCounts, type RunStatus } from './stores/runStore';
import { DEFAULT_SETTINGS } from '../settings/loadSettings';
import type { RunSummary, RunSyncDeps, RunSyncOptions } from './syncTypes';

const DEFAULT_OVERLAP_MS = 5 * 60_000;
/** Leads re-scored from their snapshots per step (and written back together). */
const RESCORE_CHUNK = 1_000;

/** Another process holds this org's run lock. */
export class SyncAlreadyRunningError extends Error {
  constructor(org: string) {
    super(`A sync of ${org} is already running (another worker holds its lock); not starting a second one.`);
    this.name = 'SyncAlreadyRunningError';
  }
}

/** The run's database connection or its lock's connection ended mid-run. */
export class DatabaseLostError extends Error {
  constructor(detail: string) {
    super(
      `lost the database connection (${detail}); nothing after the last checkpoint is taken as done, the next run resumes there`,
    );
    this.name = 'DatabaseLostError';
  }
}

/**
 * One sync run for one org: outcomes → engagement → leads (pull, map, enrich, score,
 * route, diff, write back, checkpoint per page) → re-score leads whose engagement or
 * outcome changed. One run per org at a time (database lock); every run is recorded.
 */
export async function runSync(deps: RunSyncDeps, options: RunSyncOptions): Promise<RunSummary> {
  const { db, org, connector, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const started = Date.now();
  const lock = await db.tryLock(`leadloop:sync:${org.id}`);
  if (!lock) throw new SyncAlreadyRunningError(org.name);

  // the lock goes with its connection: a run that lost it stops before its next checkpoint
  const holdLock = () => {
    const lost = lock.lostReason?.();
    if (lost) throw new DatabaseLostError(`the run's lock connection ended: ${lost}`);
  };
  const runs = createRunStore(db);
  const counts = emptyCounts();
  let runId: number | null = null;
  let status: RunStatus = 'completed';
  let stopReason: string | null = null;
  let cursor: Cursor | null = null;
  let sla: RunSummary['sla'];
  let notifications: RunSummary['notifications'];
  const runStartedAt = now();
  try {
    const interrupted =
      (await runs.markAbandoned(org.id)) > 0 ||
      (await runs.list(org.id, 2)).find((r) => r.id !== options.runId)?.status !== 'completed';
    if (options.mode === 'full') await runs.clearCursors(org.id);
    cursor = await runs.getCursor<Cursor>(org.id, 'leads');
    if (options.runId !== undefined) {
      // queued by "Sync now": the same record goes on
      runId = options.runId;
      await runs.begin(runId, cursor);
    } else {
      runId = await runs.start(org.id, options.mode, cursor, deps.workerId ?? `${os.hostname()}:${process.pid}`);
    }
    const ctx: PageContext = { deps, runId, counts, now: runStartedAt, dedupeByStamp: options.mode === 'incremental' };
    const activity = createActivityStore(db);
    const overlapMs = options.overlapMs ?? DEFAULT_OVERLAP_MS;
    const report = (stage: 'outcomes' | 'engagement' | 'leads' | 'rescore') =>
      deps.onProgress?.({ stage, counts, apiCalls: connector.apiUsage().calls });

    // both mark the leads they touch in rescore_due (with the events, in one transaction).
    // They are independent reads with cursors of their own, so they are read at the same
    // time (the CRM answers one while leadloop stores the other); the lead pull starts once
    // both are stored, since scoring reads the events.
    await allSettledOrFirstError([
      pullOutcomes(deps, counts, overlapMs).then(() => report('outcomes')),
      pullEngagement(deps, counts, overlapMs).then(() => report('engagement')),
    ]);
    // a lookup that could not be made last time is tried again, when there is a network to try
    if (deps.enricher.network) await activity.markEnrichmentRetryDue(org.id);

    const pages = connector.pullLeads({
      since: cursor,
      overlapMs: options.mode === 'full' ? 0 : overlapMs,
      mode: options.pullMode ?? 'auto',
      ...(options.bulkThreshold !== undefined ? { bulkThreshold: options.bulkThreshold } : {}),
      skipOwnWrites: options.mode === 'incremental' && !interrupted,
      until: new Date(Math.floor(ctx.now.getTime() / 1000) * 1000).toISOString(),
    });
    // a batch is stored while the next one is read, scored and written back: stores run in
    // order, each moves the cursor only once its own batch is stored, and at most two
    // batches are in memory
    let storing: Promise<void> | null = null;
    try {
      for await (const page of batchPages(pages, options.batchLeads ?? DEFAULT_SETTINGS.LEADLOOP_SYNC_BATCH_LEADS)) {
        counts.pulled += page.leads.length;
        counts.rejected += page.rejected.length;
        if (page.rejected.length) {
          await runs.addFailures(
            runId,
            page.rejected.map((r) => ({
              externalId: r.externalId,
              stage: 'map' as const,
              kind: 'record',
              code: 'UNREADABLE_RECORD',
              message: r.issues.map((i) => i.message).join('; '),
            })),
          );
        }
        const issues = page.leads.flatMap((lead) =>
          (lead.fieldIssues ?? []).map((issue) => ({
            externalId: lead.externalId,
            stage: 'map' as const,
            kind: 'record',
            code: 'FIELD_ISSUE',
            message: issue.message,
          })),
        );
        counts.fieldIssues += issues.length;
        if (issues.length) await runs.addFailures(runId, issues);
        // leads of this page due for re-scoring are processed even when their record did not change
        const force = await activity.rescoreDueAmong(
          org.id,
          page.leads.map((l) => l.externalId),
        );
        // a run that lost its lock writes nothing more to the CRM (another worker may hold it now)
        holdLock();
        const store = await writePage({ ...ctx, force }, page.leads);
        await storing;
        const batchCursor = page.cursor;
        storing = (async () => {
          await store();
          holdLock();
          if (batchCursor) {
            cursor = batchCursor;
            await runs.setCursor(org.id, 'leads', batchCursor);
          }
          await runs.heartbeat(runId!, counts, connector.apiUsage().calls);
          report('leads');
        })();
        storing.catch(() => undefined); // awaited before the next store and at the end
      }
    } finally {
      // also when the CRM stopped the run: the batch before it is stored and checkpointed
      await storing;
    }

    holdLock();
    // what is still due was not among the pulled leads: re-score it from the stored snapshot
    for (let after = ''; ;) {
      const ids = await activity.rescoreDuePage(org.id, after, RESCORE_CHUNK);
      if (ids.length === 0) break;
      after = ids[ids.length - 1]!;
      const stored = await createLeadStateStore(db).getMany(org.id, ids);
      const snapshots = ids.map((id) => stored.get(id)?.data).filter((d): d is CanonicalLead => Boolean(d));
      // events for a lead leadloop never read (deleted, converted, not yet pulled): its first read scores it
      await activity.clearRescoreDue(
        org.id,
        ids.filter((id) => !stored.get(id)?.data),
      );
      counts.rescored += snapshots.length;
      await processPage({ ...ctx, dedupeByStamp: false, force: new Set(ids) }, snapshots);
      report('rescore');
    }
    holdLock();
    if (deps.router?.checkSla) {
      try {
        // as of the run's start: a lead handed over during this run cannot be overdue in it
        sla = await deps.router.checkSla(runStartedAt);
      } catch (error) {
        // escalation is best effort: the run's own work is done and recorded
        logger.warn('SLA check failed', { org: org.name, error: describeError(error)['message'] });
      }
    }
  } catch (error) {
    ({ status, stopReason } = await classifyStop(deps, error));
    if (
      status === 'failed' &&
      !isLeadloopError(error) &&
      !(error instanceof DatabaseLostError) &&
      !isConnectionLost(error)
    )
      logger.error('sync failed', { org: org.name, error });
  } finally {
    if (runId !== null && deps.router?.sendNotifications) {
      // after whatever the run stored, also when it stopped early: what it queued is durable
      try {
        notifications = await deps.router.sendNotifications();
      } catch (error) {
        logger.warn('sending notifications failed; the next run retries them', {
          org: org.name,
          error: describeError(error)['message'],
        });
      }
    }
    if (runId !== null && deps.enricher.summary().network === 'unavailable') {
      logger.warn(
        'network enrichment is unavailable: no lookup of this run was answered (DNS or network unreachable); nothing was scored from it, and the leads are looked up again on a later run',
        { org: org.name },
      );
    }
    const apiCalls = connector.apiUsage().calls;
    if (runId !== null) {
      await runs
        .finish(runId, status, counts, apiCalls, stopReason, cursor, connector.skippedSources?.() ?? [])
        .catch((e) => logger.error('could not record the end of the run', { error: e }));
    }
    await lock.release();
  }
  return {
    runId,
    org: org.name,
    mode: options.mode,
    status,
    stopReason,
    counts,
    apiCalls: connector.apiUsage().calls,
    durationMs: Date.now() - started,
    enrichment: deps.enricher.summary(),
    ...(sla ? { sla } : {}),
    ...(notifications ? { notifications } : {}),
    ...(deps.router?.summary ? { handover: deps.router.summary() } : {}),
    skippedSources: connector.skippedSources?.() ?? [],
  };
}

/** Waits for every task (none is left running behind the run), then throws the first failure in list order. */
async function allSettledOrFirstError(tasks: Promise<void>[]): Promise<void> {
  const results = await Promise.allSettled(tasks);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

async function classifyStop(deps: RunSyncDeps, error: unknown): Promise<{ status: RunStatus; stopReason: string }> {
  if (error instanceof DatabaseLostError) return { status: 'failed', stopReason: error.message };
  if (!isLeadloopError(error) && isConnectionLost(error))
    return { status: 'failed', stopReason: new DatabaseLostError(String(describeError(error)['message'])).message };
  if (error instanceof NeedsReconnectError) {
    await deps.db
      .query(`UPDATE orgs SET state = 'needs_reconnect', state_message = $2, updated_at = now() WHERE id = $1`, [
        deps.org.id,
        error.message,
      ])
      .catch(() => undefined);
    return { status: 'stopped', stopReason: `credentials rejected: ${error.message}` };
  }
  if (error instanceof LeadloopError) {
    if (error.kind === 'rate_limited')
      return {
        status: 'stopped',
        stopReason: `API limit reached: ${error.message}. The next run resumes from the last checkpoint.`,
      };
    if (error.kind === 'configuration' || error.kind === 'auth_expired')
      return { status: 'stopped', stopReason: `configuration: ${error.message}` };
    return {
      status: 'stopped',
      stopReason: `${error.kind}: ${error.message}. The next run resumes from the last checkpoint.`,
    };
  }
  return { status: 'failed', stopReason: String(describeError(error)['message']) };
}

async function pullOutcomes(
  deps: RunSyncDeps,
  counts: ReturnType<typeof emptyCounts>,
  overlapMs: number,
): Promise<void> {
  const { db, org, connector } = deps;
  const runs = createRunStore(db);
  const since = await runs.getCursor<string>(org.id, 'outcomes');
  let newest = since;
  for await (const batch of readAhead(
    connector.pullOutcomes(since ? new Date(Date.parse(since) - overlapMs).toISOString() : null),
  )) {
    // saving the outcomes and the status changes they cause is one transaction: a run
    // killed in between would otherwise keep the outcomes (no longer "fresh" next time)
    // without ever applying them
    await db.transaction(async (tx) => {
      const fresh = await createActivityStore(tx).saveOutcomes(org.id, batch);
      counts.outcomes += fresh.length;
      const states = createLeadStateStore(tx);
      const known = await states.getMany(org.id, [...new Set(fresh.map((o) => o.leadExternalId))]);
      const transitions = [];
      for (const outcome of fresh.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))) {
        const current = known.get(outcome.leadExternalId);
        const from = current?.status ?? 'new';
        const to = statusAfterOutcome(from, outcome.kind, current?.disqualifiedBySales ?? false);
        if (!to) continue;
        if (current) {
          current.status = to;
          current.disqualifiedBySales = to === 'disqualified';
        } else
          known.set(outcome.leadExternalId, {
            externalId: outcome.leadExternalId,
            status: to,
            disqualifiedBySales: to === 'disqualified',
          } as never);
        transitions.push({
          externalId: outcome.leadExternalId,
          from,
          to,
          at: outcome.occurredAt,
          cause: outcome.kind === 'won' || outcome.kind === 'lost' ? 'opportunity' : 'rep',
          detail: outcome.reason ?? undefined,
        });
      }
      // one statement for the batch: per outcome it was one round trip (a first sync of 100,000 leads read ~40,000)
      await states.setStatuses(
        org.id,
        transitions.map((t) => ({ externalId: t.externalId, status: t.to, at: t.at, reason: t.detail ?? null })),
      );
      await states.recordTransitions(org.id, transitions);
      await createActivityStore(tx).markRescoreDue(
        org.id,
        transitions.map((t) => t.externalId),
      );
      const campaignId = deps.router?.recycleCampaign;
      if (campaignId) {
        // joins the nurture campaign once the recycling is stored; sent with the run's notifications
        await createNotificationStore(tx, org.id).enqueue(
          transitions
            .filter((t) => t.to === 'recycled')
            .map((t) => ({
              key: `recycle:${t.externalId}:${t.at}`,
              channel: 'campaign' as const,
              payload: { campaignId, leadExternalId: t.externalId },
            })),
        );
      }
    });
    for (const o of batch) {
      const stamp = o.watermark ?? o.occurredAt;
      if (!newest || stamp > newest) newest = stamp;
    }
  }
  if (newest && newest !== since) await runs.setCursor(org.id, 'outcomes', newest);
}

async function pullEngagement(
  deps: RunSyncDeps,
  counts: ReturnType<typeof emptyCounts>,
  overlapMs: number,
): Promise<void> {
  const { db, org, connector } = deps;
  const runs = createRunStore(db);
  const since = await runs.getCursor<string>(org.id, 'engagement');
  let newest = since;
  // the next page of events is read while this one is stored (176,857 Tasks at 100k leads)
  for await (const batch of readAhead(
    connector.pullEngagement(since ? new Date(Date.parse(since) - overlapMs).toISOString() : null),
  )) {
    await db.transaction(async (tx) => {
      const store = createActivityStore(tx);
      await store.markRescoreDue(org.id, await store.saveEngagement(org.id, batch));
    });
    counts.engagementEvents += batch.length;
    for (const e of batch) {
      const stamp = e.watermark ?? e.occurredAt;
      if (!newest || stamp > newest) newest = stamp;
    }
  }
  if (newest && newest !== since) await runs.setCursor(org.id, 'engagement', newest);
}
