import type { LeadUpdate, RecordResult } from '../../src/domain/connector';
import { LeadloopError } from '../../src/domain/errors';
import type { Logger } from '../../src/log/createLogger';
import { toCrmFields, type Mapping } from '../../src/mapping';
import { forEachConcurrently } from '../../src/resilience/forEachConcurrently';
import { classifySugarError } from './classifySugarError';
import type { SugarSession } from './createSugarSession';
import { runSugarBulk, type BulkRetryOptions, type SugarBulkRequest } from './runSugarBulk';
import { MAX_IDS_PER_FILTER } from './sugarConstants';
import { isSugarId, sugarPath } from './sugarPath';
import { chunk, sugarBool, walkSugarFilter } from './walkSugarFilter';

export interface WriteBackSugarDeps {
  session: SugarSession;
  mapping: Mapping;
  logger: Logger;
  apiVersion: string;
  batchSize: number;
  pageSize: number;
  retry: BulkRetryOptions;
  /** /bulk calls in flight at once (default 3). */
  concurrency?: number;
}

type Failure = Extract<RecordResult, { ok: false }>;

function failure(externalId: string, error: LeadloopError, skipped = false): Failure {
  const { message, kind, crm, code, status, recordId, retryAfterMs } = error.toJSON();
  return {
    externalId,
    ok: false,
    skipped: skipped || undefined,
    error: { message, kind, crm, code, status, recordId: recordId ?? externalId, retryAfterMs },
  };
}

/** Which of these leads Sugar holds as converted (leadloop never writes to converted leads). */
async function convertedAmong(deps: WriteBackSugarDeps, ids: string[]): Promise<Set<string>> {
  const converted = new Set<string>();
  // only the converted ones come back: one call per MAX_IDS_PER_FILTER leads, not one per page of answers
  for (const some of chunk(ids, MAX_IDS_PER_FILTER)) {
    const walk = walkSugarFilter<Record<string, unknown>>(deps.session, {
      module: deps.mapping.object,
      filter: [{ id: { $in: some } }, { converted: { $equals: 1 } }],
      fields: ['id', 'converted'],
      orderBy: 'id:asc',
      pageSize: deps.pageSize,
    });
    for await (const records of walk) {
      for (const r of records) if (sugarBool(r['converted'])) converted.add(String(r['id']));
    }
  }
  return converted;
}

/**
 * Writes leadloop's fields (and owner) through POST /bulk, one PUT per lead, returning
 * exactly one result per update in order. Converted leads are skipped; a 404 is a
 * skipped record error; 422 a record error; whole-call failures are retried by the
 * session and, when they persist, thrown (the run stops at its checkpoint).
 */
export async function writeBackSugar(deps: WriteBackSugarDeps, updates: LeadUpdate[]): Promise<RecordResult[]> {
  const results: RecordResult[] = new Array(updates.length);
  const indexed = updates.map((update, index) => ({
    update,
    index,
    fields: clearingAsEmpty(toCrmFields(deps.mapping, update.fields)),
  }));
  const sendable = indexed.filter(({ update, index, fields }) => {
    if (!isSugarId(update.externalId)) {
      results[index] = failure(
        String(update.externalId),
        new LeadloopError(`"${String(update.externalId).slice(0, 60)}" is not a Sugar lead id; nothing was written`, {
          kind: 'record',
          crm: 'sugarcrm',
          code: 'INVALID_ID',
        }),
      );
      return false;
    }
    if (Object.keys(fields).length === 0) {
      results[index] = { externalId: update.externalId, ok: true };
      return false;
    }
    return true;
  });

  // One converted check for the whole call (a sync batch, 2,000 leads by default), not one per
  // /bulk batch: per batch it doubled the API calls of a full sync.
  const converted = sendable.length
    ? await convertedAmong(deps, [...new Set(sendable.map((b) => b.update.externalId))])
    : new Set<string>();
  const toSend = sendable.filter(({ update, index }) => {
    if (!converted.has(update.externalId)) return true;
    results[index] = failure(
      update.externalId,
      new LeadloopError(`Lead ${update.externalId} is converted; leadloop does not write to converted leads`, {
        kind: 'record',
        crm: 'sugarcrm',
        code: 'CONVERTED',
        recordId: update.externalId,
      }),
      true,
    );
    return false;
  });
  // a few /bulk calls in flight: Sugar runs each one's PUTs in turn, on one PHP worker
  await forEachConcurrently(chunk(toSend, deps.batchSize), deps.concurrency ?? 3, async (toWrite) => {
    const requests: SugarBulkRequest[] = toWrite.map(({ update, fields }) => ({
      url: `/${deps.apiVersion}${sugarPath(deps.mapping.object, update.externalId)}`,
      method: 'PUT',
      data: JSON.stringify(fields),
    }));
    const answers = await runSugarBulk(deps.session, requests, deps.retry);
    toWrite.forEach(({ update, index }, j) => {
      const answer = answers[j]!;
      if (answer.status >= 200 && answer.status < 300) {
        results[index] = { externalId: update.externalId, ok: true };
        return;
      }
      const error = classifySugarError({
        status: answer.status,
        body: answer.contents,
        recordScoped: true,
        recordId: update.externalId,
        action: `PUT ${deps.mapping.object}/${update.externalId}`,
      });
      results[index] = failure(update.externalId, error, answer.status === 404);
    });
    const failed = toWrite.filter(({ index }) => !results[index]!.ok).length;
    if (failed) deps.logger.warn(`SugarCRM write-back: ${failed} of ${toWrite.length} lead update(s) failed`);
  });
  return results;
}

/** Sugar skips null values on save (SugarBean), so a field is cleared by sending an empty string. */
function clearingAsEmpty(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) out[key] = value === null ? '' : value;
  return out;
}
