import type { LeadUpdate, RecordResult } from '../../src/domain/connector';
import type { LeadloopError } from '../../src/domain/errors';
import type { Logger } from '../../src/log/createLogger';
import { toCrmFields, type Mapping } from '../../src/mapping';
import { backoffDelay, defaultSleep } from '../../src/resilience/withRetry';
import { classifySalesforceRecordError } from './classifySalesforceError';
import { forEachConcurrently } from '../../src/resilience/forEachConcurrently';
import { COLLECTION_SIZE, RECORD_LOCK_ATTEMPTS } from './salesforceConstants';
import type { SalesforceSession } from './salesforceSession';

export interface WriteBackSalesforceDeps {
  session: SalesforceSession;
  mapping: Mapping;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** From this many updates in one call, write through a Bulk API 2.0 ingest job (a handful of calls) instead of collections. */
  bulkThreshold?: number;
  bulkPollIntervalMs?: number;
  /** Collection calls in flight at once (default 3; Salesforce allows many concurrent short requests). */
  concurrency?: number;
}

/** One element of an sObject Collections answer. */
export interface CollectionResult {
  id?: string | null;
  success: boolean;
  errors: { statusCode?: string; message?: string; fields?: string[] }[];
}

/** Record outcomes that are not worth another try and mean "leave this lead alone". */
const SKIP_CODES = new Set(['CANNOT_UPDATE_CONVERTED_LEAD', 'ENTITY_IS_DELETED', 'INVALID_CROSS_REFERENCE_KEY']);

export function toRecordResult(externalId: string, result: CollectionResult | undefined): RecordResult {
  if (result?.success) return { externalId, ok: true };
  const error = classifySalesforceRecordError(
    result?.errors?.[0] ?? { statusCode: 'NO_RESULT', message: 'Salesforce returned no result for this record' },
    externalId,
  );
  return {
    externalId,
    ok: false,
    skipped: SKIP_CODES.has(error.code) || undefined,
    error: (error as LeadloopError).toJSON() as LeadloopError & { message: string },
  };
}

/** PATCH /composite/sobjects, allOrNone false, assignment rules off: one result per record, in order. */
export async function updateCollection(
  session: SalesforceSession,
  object: string,
  records: Record<string, unknown>[],
  label: string,
): Promise<CollectionResult[]> {
  const body = { allOrNone: false, records: records.map((r) => ({ attributes: { type: object }, ...r })) };
  return session.call(label, (c) =>
    c.request<CollectionResult[]>({
      method: 'PATCH',
      url: `/services/data/v${session.apiVersion}/composite/sobjects`,
      body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json', 'Sforce-Auto-Assign': 'FALSE' },
    }),
  );
}

/**
 * Writes leadloop's fields and owner through sObject Collections, 200 records a call,
 * with `Sforce-Auto-Assign: FALSE` so assignment rules do not undo owners. Records that
 * fail with UNABLE_TO_LOCK_ROW are sent again (only those) with backoff; converted or
 * deleted leads come back as skipped; every update gets exactly one result, in order.
 */
export async function writeBackSalesforce(
  deps: WriteBackSalesforceDeps,
  updates: LeadUpdate[],
): Promise<RecordResult[]> {
  if (deps.bulkThreshold && updates.length >= deps.bulkThreshold) return writeBackByBulk(deps, updates);
  const results: RecordResult[] = new Array(updates.length);
  const chunks: { index: number; u: LeadUpdate }[][] = [];
  for (let start = 0; start < updates.length; start += COLLECTION_SIZE) {
    chunks.push(updates.slice(start, start + COLLECTION_SIZE).map((u, i) => ({ index: start + i, u })));
  }
  // a few collection calls in flight: a 2,000-lead page is ten calls, mostly waiting on the network
  await forEachConcurrently(chunks, deps.concurrency ?? 3, (chunk) => writeChunk(deps, chunk, results));
  return results;
}

/** One collection of ≤ 200 leads; the ones locked by another process are sent again with backoff. */
async function writeChunk(
  deps: WriteBackSalesforceDeps,
  chunk: { index: number; u: LeadUpdate }[],
  results: RecordResult[],
): Promise<void> {
  let pending = chunk;
  for (let attempt = 1; pending.length; attempt++) {
    const records = pending.map(({ u }) => ({ Id: u.externalId, ...toCrmFields(deps.mapping, u.fields) }));
    const answer = await updateCollection(
      deps.session,
      deps.mapping.object,
      records,
      `composite PATCH ${deps.mapping.object}`,
    );
    const locked: typeof pending = [];
    pending.forEach((item, i) => {
      const r = answer[i];
      const transient = !r?.success && r?.errors?.[0]?.statusCode === 'UNABLE_TO_LOCK_ROW';
      if (transient && attempt < RECORD_LOCK_ATTEMPTS) locked.push(item);
      else results[item.index] = toRecordResult(item.u.externalId, r);
    });
    pending = locked;
    if (pending.length) {
      const delayMs = backoffDelay(attempt, { baseDelayMs: 250, maxDelayMs: 5000, random: deps.random });
      deps.logger.info(`Salesforce: ${pending.length} lead(s) locked by another process; retrying them`, {
        attempt,
        delayMs,
      });
      await (deps.sleep ?? defaultSleep)(delayMs);
    }
  }
}

interface BulkResults {
  successfulResults: Record<string, unknown>[];
  failedResults: Record<string, unknown>[];
  unprocessedRecords: Record<string, unknown>[] | string;
}

/**
 * One Bulk API 2.0 update job (create, upload, close, poll, results: a handful of calls
 * for any size). Nulls are sent as `#N/A`, Bulk's way to clear a field. Results come back
 * by record id; a record without one is reported as not processed.
 */
async function writeBackByBulk(deps: WriteBackSalesforceDeps, updates: LeadUpdate[]): Promise<RecordResult[]> {
  const input = updates.map((u) => {
    const row: Record<string, unknown> = { Id: u.externalId };
    for (const [k, v] of Object.entries(toCrmFields(deps.mapping, u.fields))) row[k] = v === null ? '#N/A' : v;
    return row;
  });
  const answer = await deps.session.call(
    `Bulk API 2.0 update ${deps.mapping.object}`,
    async (c) =>
      (await c.bulk2.loadAndWaitForResults({
        object: deps.mapping.object,
        operation: 'update',
        input: input as never,
        pollInterval: deps.bulkPollIntervalMs ?? 1000,
        pollTimeout: 30 * 60_000,
      })) as unknown as BulkResults,
  );
  const byId = new Map<string, RecordResult>();
  for (const r of answer.successfulResults)
    byId.set(String(r['sf__Id'] ?? r['Id']), { externalId: String(r['sf__Id'] ?? r['Id']), ok: true });
  for (const r of answer.failedResults) {
    const id = String(r['Id'] || r['sf__Id']);
    const [statusCode, message, fields] = String(r['sf__Error'] ?? 'UNKNOWN:no message:').split(':');
    byId.set(
      id,
      toRecordResult(id, {
        success: false,
        errors: [{ statusCode, message, fields: fields ? fields.replace(/ --$/, '').split(',').filter(Boolean) : [] }],
      }),
    );
  }
  return updates.map(
    (u) =>
      byId.get(u.externalId) ??
      toRecordResult(u.externalId, {
        success: false,
        errors: [{ statusCode: 'NOT_PROCESSED', message: 'the Bulk API job did not process this record' }],
      }),
  );
}
