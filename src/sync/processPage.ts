import crypto from 'node:crypto';
import type { HandoverTask, LeadUpdate, RecordResult } from '../domain/connector';
import type { Enrichment } from '../domain/enrichment';
import type { CanonicalLead } from '../domain/lead';
import { isSalesStatus, type LeadStatus } from '../domain/status';
import { describeError } from '../log/redact';
import { LeadloopError } from '../domain/errors';
import { planWrite } from './planWrite';
import { createActivityStore } from './stores/activityStore';
import { createHandoverStore } from '../store/handoverStore';
import { createLeadStateStore, type LeadStateRow, type StoredLead } from './stores/leadStateStore';
import { createNotificationStore, type NotificationEntry } from '../notify/notificationStore';
import { createRunStore, type RunCounts, type RunFailure } from './stores/runStore';
import type { RunSyncDeps, ScoreSummary } from './syncTypes';

export interface PageContext {
  deps: RunSyncDeps;
  runId: number;
  counts: RunCounts;
  now: Date;
  /** Skip leads whose stamp equals the stored one (overlap re-reads); off for full runs and re-scoring. */
  dedupeByStamp: boolean;
  /** Leads that must be re-scored even when their record did not change (new engagement or outcome). */
  force?: Set<string>;
}

const STOP_KINDS = new Set(['transient', 'rate_limited', 'auth_expired', 'configuration']);

/** Keeps the newest version of each lead in a page (the same lead may appear twice across a tie). */
function latestById(leads: CanonicalLead[]): CanonicalLead[] {
  const byId = new Map<string, CanonicalLead>();
  for (const lead of leads) {
    const seen = byId.get(lead.externalId);
    if (!seen || Date.parse(lead.modifiedAt) >= Date.parse(seen.modifiedAt)) byId.set(lead.externalId, lead);
  }
  return [...byId.values()];
}

export function hashEmail(email: string | null | undefined): string | null {
  return email ? crypto.createHash('sha256').update(email.trim().toLowerCase()).digest('hex') : null;
}

/**
 * enrich → score → route → diff → write back → persist, for one page of leads. Returns
 * when the page's writes are settled and its state is stored; throws (before storing
 * anything) when the CRM stops accepting calls, so the caller does not move the cursor.
 */
export async function processPage(
  ctx: PageContext,
  input: CanonicalLead[],
  afterSettled?: () => Promise<void>,
): Promise<void> {
  const store = await writePage(ctx, input);
  await store();
  await afterSettled?.();
}

/**
 * Everything of processPage up to the settled CRM writes; returns the step that stores the
 * page's state (one transaction). The caller may store a page while it writes the next
 * one, as long as it stores pages in order and moves the cursor only after the store.
 */
export async function writePage(ctx: PageContext, input: CanonicalLead[]): Promise<() => Promise<void>> {
  const { deps, counts, now } = ctx;
  const { org, connector, scorer } = deps;
  const failures: RunFailure[] = [];
  const leads = latestById(input);
  counts.deduplicated += input.length - leads.length;

  const stored = await createLeadStateStore(deps.db).getMany(
    org.id,
    leads.map((l) => l.externalId),
  );
  const todo = ctx.dedupeByStamp
    ? leads.filter((l) => {
        const s = stored.get(l.externalId);
        const seen =
          !ctx.force?.has(l.externalId) &&
          s?.data &&
          s.modifiedAt &&
          Date.parse(s.modifiedAt) === Date.parse(l.modifiedAt);
        if (seen) counts.deduplicated++;
        return !seen;
      })
    : leads;
  if (todo.length === 0) return async () => undefined;

  let enrichment = new Map<string, Enrichment>();
  try {
    enrichment = await deps.enricher.enrichPage(todo);
    counts.enriched += enrichment.size;
  } catch (error) {
    failures.push({
      stage: 'enrich',
      kind: 'transient',
      code: 'ENRICHMENT_FAILED',
      message: `enrichment skipped for this page: ${String(describeError(error)['message'])}`,
    });
  }
  const events = await createActivityStore(deps.db).engagementFor(
    org.id,
    todo.map((l) => l.externalId),
  );

  const updates: LeadUpdate[] = [];
  const tasks: HandoverTask[] = [];
  const rows = new Map<string, LeadStateRow>();
  const transitions: Parameters<ReturnType<typeof createLeadStateStore>['recordTransitions']>[1] = [];
  const handovers: { key: string; externalId: string; ownerId: string; slaDueAt: string }[] = [];
  const notifications: NotificationEntry[] = [];
  /** What the router keeps of this page's plans (turns, assignments): stored with the page, never before. */
  const planRecords: unknown[] = [];

  const languageOf = deps.readers ? await deps.readers.languageOf() : () => undefined;
  // hand-overs a stopped run planned and stored for these leads before it could store the leads
  const planned = deps.router
    ? await createHandoverStore(deps.db, org.id).byKeys(
        todo.map((l) => `${l.externalId}:${(stored.get(l.externalId)?.handoverSeq ?? 0) + 1}`),
      )
    : new Map<string, { ownerId: string; slaDueAt: string }>();
  for (const lead of todo) {
    const previous = stored.get(lead.externalId);
    const currentStatus: LeadStatus | null = previous?.status ?? lead.leadloop?.status ?? null;
    // a rep's disqualification holds until a rep reopens the lead: its CRM status no longer
    // means disqualified (e.g. set back to an open value) and it was not converted
    let disqualifiedBySales = previous?.disqualifiedBySales === true && currentStatus === 'disqualified';
    const reopened =
      disqualifiedBySales &&
      deps.readers !== undefined &&
      lead.crmStatus != null &&
      lead.isConverted !== true &&
      deps.readers.meaningOf(lead.crmStatus) !== 'disqualified';
    if (reopened) disqualifiedBySales = false;
    let result: ScoreSummary;
    try {
      result = scorer.score({
        lead,
        enrichment: enrichment.get(lead.externalId),
        events: events.get(lead.externalId) ?? [],
        currentStatus,
        now,
        recycledAt: previous?.recycledAt ?? null,
        disqualifiedBySales,
      });
    } catch (error) {
      failures.push({
        externalId: lead.externalId,
        stage: 'score',
        kind: 'record',
        code: 'SCORING_FAILED',
        message: String(describeError(error)['message']),
      });
      continue;
    }
    counts.scored++;
    const status = result.proposedStatus;
    if (reopened) {
      transitions.push({
        externalId: lead.externalId,
        from: 'disqualified',
        to: status,
        at: now.toISOString(),
        cause: 'rep',
        detail: `reopened: status ${lead.crmStatus}`,
        score: result.score,
        grade: result.grade,
        definitionVersion: result.definitionVersion,
      });
      if (status !== currentStatus) counts.statusChanges++;
    } else if (status !== (currentStatus ?? 'new') || !previous) {
      if (currentStatus !== status) {
        counts.statusChanges++;
        transitions.push({
          externalId: lead.externalId,
          from: currentStatus,
          to: status,
          at: now.toISOString(),
          cause: 'scoring',
          detail: result.statusCause,
          score: result.score,
          grade: result.grade,
          definitionVersion: result.definitionVersion,
        });
      }
    }

    let handoverSeq = previous?.handoverSeq ?? 0;
    let slaDueAt: string | null = status === 'mql' ? (previous?.slaDueAt ?? null) : null;
    let mqlAt = previous?.mqlAt ?? null;
    let ownerId = lead.ownerId ?? previous?.ownerId ?? null;
    let assignOwner: string | undefined;
    const becameMql = status === 'mql' && currentStatus !== 'mql';
    const replay = planned.get(`${lead.externalId}:${handoverSeq + 1}`);
    if (!becameMql && replay) {
      // a stopped run handed this lead over and wrote it to the CRM, but did not store it: that hand-over stands
      handoverSeq += 1;
      if (status === 'mql') {
        slaDueAt = replay.slaDueAt;
        mqlAt ??= now.toISOString();
      }
    }
    if (becameMql) {
      mqlAt = now.toISOString();
      const plan = deps.router
        ? await deps.router.plan({ lead, result, stored: previous, now, ...(replay ? { replay } : {}) })
        : null;
      if (plan) {
        if (plan.record !== undefined) planRecords.push(plan.record);
        handoverSeq += 1;
        slaDueAt = plan.slaDueAt;
        if (plan.assign && plan.ownerId !== ownerId) {
          assignOwner = plan.ownerId;
          counts.assigned++;
        }
        ownerId = plan.ownerId;
        if (plan.task) {
          const key = `${lead.externalId}:${handoverSeq}`;
          tasks.push({
            ...plan.task,
            key,
            leadExternalId: lead.externalId,
            ownerId: plan.ownerId,
            dueAt: plan.slaDueAt,
          });
          handovers.push({ key, externalId: lead.externalId, ownerId: plan.ownerId, slaDueAt: plan.slaDueAt });
          for (const n of plan.notifications ?? []) notifications.push({ ...n, key });
        }
      }
    }
    if (isSalesStatus(status)) slaDueAt = null;

    // a converted lead is read-only in both CRMs (Salesforce refuses the update, leadloop never
    // writes one in Sugar): its state is kept, no write is sent (one call in ten, a full sync)
    const converted = lead.isConverted === true;
    const update = converted
      ? null
      : planWrite(
          lead.externalId,
          {
            score: result.score,
            grade: result.grade,
            status,
            reasons: scorer.formatReasons(result, languageOf(ownerId) ?? 'both'),
            scoredAt: now.toISOString(),
            slaDueAt,
            ownerId: assignOwner,
            returnTaken: currentStatus === 'recycled' && status !== 'recycled',
          },
          lead.leadloop,
          lead.ownerId,
        );
    if (update) updates.push(update);
    else if (converted) counts.skipped++;
    else counts.unchanged++;

    rows.set(lead.externalId, {
      externalId: lead.externalId,
      modifiedAt: lead.modifiedAt,
      emailHash: hashEmail(lead.email),
      status,
      crmStatus: lead.crmStatus ?? null,
      ownerId,
      score: result.score,
      grade: result.grade,
      fit: result.fit,
      engagement: result.engagement,
      definitionVersion: result.definitionVersion,
      reasons: result.reasons.slice(0, 10),
      written: update?.fields ?? null,
      handoverSeq,
      mqlAt,
      slaDueAt,
      assignedByLeadloop: assignOwner !== undefined,
      disqualifiedBySales,
      data: stripLead(lead),
      // no facts from a lookup that could not be made: the lead is enriched again on a later run
      enrichmentPending: enrichment.get(lead.externalId)?.pending ?? true,
    });
  }

  // the hand-overs, their turns and their messages first, in one transaction: a run that
  // stops from here on is replayed by the next with the same owners (plan's `replay`)
  if (handovers.length || planRecords.length || notifications.length) {
    await deps.db.transaction(async (tx) => {
      if (planRecords.length) await deps.router?.storePlans?.(tx, planRecords);
      await createHandoverStore(tx, org.id).record(handovers.map((h) => ({ ...h, runId: ctx.runId })));
      // sent by the router after the run's pages are stored: a replay of this page queues nothing new
      await createNotificationStore(tx, org.id).enqueue(notifications);
    });
  }
  // tasks next: they do not touch the lead, so a crash before the lead write replays them (upsert by key)
  if (tasks.length) {
    const results = await connector.createHandoverTasks(tasks);
    settle(results, 'handover', failures);
    counts.handovers += results.filter((r) => r.ok).length;
  }
  if (updates.length) {
    const results = await connector.writeBack(updates);
    rememberWritten(rows, updates, results);
    const outcome = settle(results, 'write', failures);
    counts.written += outcome.ok;
    counts.failed += outcome.failed;
    counts.skipped += outcome.skipped;
  }

  return () =>
    deps.db.transaction(async (tx) => {
      await createLeadStateStore(tx).saveMany(org.id, [...rows.values()]);
      await createLeadStateStore(tx).recordTransitions(org.id, transitions);
      await createRunStore(tx).addFailures(ctx.runId, failures);
      if (ctx.force?.size) {
        const done = [...rows.keys()].filter((id) => ctx.force!.has(id));
        await createActivityStore(tx).clearRescoreDue(org.id, done);
      }
    });
}

/** Counts per-record results; throws when the CRM refused in a way that must stop the run. */
function settle(
  results: RecordResult[],
  stage: 'write' | 'handover',
  failures: RunFailure[],
): { ok: number; failed: number; skipped: number } {
  let ok = 0;
  let failed = 0;
  let skipped = 0;
  let stop: LeadloopError | null = null;
  for (const r of results) {
    if (r.ok) {
      ok++;
      continue;
    }
    if (STOP_KINDS.has(r.error.kind) && !stop) {
      stop = new LeadloopError(`${stage === 'write' ? 'Write-back' : 'Hand-over task'} stopped: ${r.error.message}`, {
        ...r.error,
        recordId: r.externalId,
      });
    }
    if (r.skipped) skipped++;
    else failed++;
    failures.push({
      externalId: r.externalId,
      stage,
      kind: r.error.kind,
      code: r.error.code,
      message: r.error.message,
    });
  }
  if (stop) throw stop;
  return { ok, failed, skipped };
}

/**
 * The snapshot a later re-score starts from holds what the CRM holds after this page's
 * writes: re-scored to the same values, the lead needs no write (no write twice).
 */
function rememberWritten(rows: Map<string, LeadStateRow>, updates: LeadUpdate[], results: RecordResult[]): void {
  const ok = new Set(results.filter((r) => r.ok).map((r) => r.externalId));
  for (const update of updates) {
    const row = rows.get(update.externalId);
    if (!row || !ok.has(update.externalId)) continue;
    const { ownerId, ...leadloop } = update.fields;
    row.data = {
      ...row.data,
      leadloop: { ...row.data.leadloop, ...leadloop },
      ...(ownerId !== undefined ? { ownerId } : {}),
    };
  }
}

/**
 * The snapshot kept for local re-scoring: the canonical lead without its issues list. Most
 * leads have none and are kept as they are (a copy of every lead was ~1 s of CPU per 100k).
 */
export function stripLead(lead: CanonicalLead): CanonicalLead {
  if (lead.fieldIssues === undefined) return lead;
  const { fieldIssues: _issues, ...rest } = lead;
  return rest;
}

export type { StoredLead };
