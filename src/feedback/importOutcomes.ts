import type { OutcomeEvent } from '../domain/outcome';
import type { LeadStatus } from '../domain/status';
import type { Database, Queryable } from '../store/database';
import { statusAfterOutcome } from '../sync/applyOutcome';
import { createActivityStore } from '../sync/stores/activityStore';
import { createLeadStateStore } from '../sync/stores/leadStateStore';
import type { RawOutcomeRow, UnreadableRow } from './readOutcomeRows';
import { toOutcomeEvent, type OutcomeRowError } from './toOutcomeEvent';

export type OutcomeOrigin = 'import' | 'api';

export interface ImportOutcomesResult {
  /** Rows stored for the first time. */
  accepted: number;
  /** Valid rows already stored (same lead, kind and source id): nothing changed. */
  duplicates: number;
  /** Lifecycle changes the new outcomes caused (e.g. mql → won). */
  statusChanges: number;
  errors: OutcomeRowError[];
}

export interface ImportOutcomesOptions {
  origin: OutcomeOrigin;
  /** Rows per database round trip. */
  batchSize?: number;
  /** At most this many errors are kept (the count goes on). */
  maxErrors?: number;
}

const DEFAULT_BATCH = 500;
const DEFAULT_MAX_ERRORS = 1000;

/**
 * Imports outcomes that live outside the CRM (a spreadsheet of closed deals, an ERP).
 * Each row is validated on its own: a bad row becomes an error naming its line and
 * field, the rest is stored. Stored with the sync engine's outcome store (idempotent by
 * lead, kind and source id) and applied to the lifecycle with the same rule as outcomes
 * read from the CRM, so every status change lands in the history.
 */
export async function importOutcomes(
  db: Database | Queryable,
  orgId: number,
  rows: AsyncIterable<RawOutcomeRow | UnreadableRow> | Iterable<RawOutcomeRow | UnreadableRow>,
  options: ImportOutcomesOptions,
): Promise<ImportOutcomesResult & { errorCount: number }> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const maxErrors = options.maxErrors ?? DEFAULT_MAX_ERRORS;
  const result = { accepted: 0, duplicates: 0, statusChanges: 0, errors: [] as OutcomeRowError[], errorCount: 0 };
  const addError = (e: OutcomeRowError) => {
    result.errorCount++;
    if (result.errors.length < maxErrors) result.errors.push(e);
  };
  let batch: { line: number; event: OutcomeEvent }[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const current = batch;
    batch = [];
    const run = (q: Queryable) => saveBatch(q, orgId, current, options.origin, result, addError);
    if ('transaction' in db) await db.transaction(run);
    else await run(db);
  };
  for await (const row of rows) {
    if ('error' in row) {
      addError({ line: row.line, field: '(row)', message: row.error });
      continue;
    }
    const parsed = toOutcomeEvent(row.line, row.values);
    if ('errors' in parsed) parsed.errors.forEach(addError);
    else batch.push({ line: row.line, event: parsed.event });
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  // lead ids are checked per batch, after the row's own fields: report in file order
  result.errors.sort((a, b) => a.line - b.line);
  return result;
}

async function saveBatch(
  db: Queryable,
  orgId: number,
  batch: { line: number; event: OutcomeEvent }[],
  origin: OutcomeOrigin,
  result: ImportOutcomesResult,
  addError: (e: OutcomeRowError) => void,
): Promise<void> {
  const states = createLeadStateStore(db);
  const known = await states.getMany(orgId, [...new Set(batch.map((b) => b.event.leadExternalId))]);
  const seen = new Set<string>();
  const valid: OutcomeEvent[] = [];
  for (const { line, event } of batch) {
    // an outcome for a lead leadloop never saw is most often a typo in the id: say so instead of inventing a lead
    if (!known.has(event.leadExternalId)) {
      addError({
        line,
        field: 'lead_id',
        message: `no lead "${event.leadExternalId}" in this org (has it been synced?)`,
      });
      continue;
    }
    const key = `${event.leadExternalId}\u0000${event.kind}\u0000${event.sourceId}`;
    if (seen.has(key)) result.duplicates++;
    else {
      seen.add(key);
      valid.push(event);
    }
  }
  const fresh = await createActivityStore(db).saveOutcomes(orgId, valid, origin);
  result.accepted += fresh.length;
  result.duplicates += valid.length - fresh.length;

  const transitions = [];
  for (const outcome of [...fresh].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))) {
    const lead = known.get(outcome.leadExternalId)!;
    const from: LeadStatus = lead.status;
    const to = statusAfterOutcome(from, outcome.kind, lead.disqualifiedBySales);
    if (!to) continue;
    lead.status = to;
    lead.disqualifiedBySales = to === 'disqualified';
    transitions.push({
      externalId: outcome.leadExternalId,
      from,
      to,
      at: outcome.occurredAt,
      cause: origin,
      detail: outcome.reason ?? undefined,
      score: lead.score ?? undefined,
      grade: lead.grade ?? undefined,
    });
  }
  await states.setStatuses(
    orgId,
    transitions.map((t) => ({ externalId: t.externalId, status: t.to, at: t.at, reason: t.detail ?? null })),
  );
  await states.recordTransitions(orgId, transitions);
  result.statusChanges += transitions.length;
}

/**
 * The handler behind `POST /api/v1/outcomes`: the body is `{ outcomes: [...] }` or a bare
 * list of outcome objects (snake_case or camelCase keys). Errors name the item by its
 * 1-based position (`line`) and field. Throws nothing for bad items.
 */
export async function importOutcomesFromApi(
  db: Database | Queryable,
  orgId: number,
  body: unknown,
): Promise<ImportOutcomesResult> {
  const list = Array.isArray(body)
    ? body
    : body && typeof body === 'object' && Array.isArray((body as { outcomes?: unknown }).outcomes)
      ? (body as { outcomes: unknown[] }).outcomes
      : null;
  if (!list)
    return {
      accepted: 0,
      duplicates: 0,
      statusChanges: 0,
      errors: [
        { line: 0, field: 'outcomes', message: 'expected a JSON body { "outcomes": [ … ] } or a list of outcomes' },
      ],
    };
  const rows = list.map((item, i): RawOutcomeRow | UnreadableRow =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? { line: i + 1, values: item as Record<string, unknown> }
      : { line: i + 1, error: 'expected an object' },
  );
  const { errorCount: _count, ...result } = await importOutcomes(db, orgId, rows, { origin: 'api' });
  return result;
}
