import { createHash } from 'node:crypto';
import type { HandoverTask, RecordResult } from '../../src/domain/connector';
import { LeadloopError } from '../../src/domain/errors';
import type { Logger } from '../../src/log/createLogger';
import { classifySugarError } from './classifySugarError';
import type { SugarSession } from './createSugarSession';
import { runSugarBulk, type BulkRetryOptions, type SugarBulkRequest } from './runSugarBulk';
import { isSugarId } from './sugarPath';
import { chunk, toSugarIso, walkSugarFilter } from './walkSugarFilter';

/** A fixed namespace so the same key always gives the same Task id (RFC 4122 name-based, SHA-1). */
const TASK_NAMESPACE = Buffer.from('6c1f3a0e2b7d4f5a9c8e1d2f3a4b5c6d', 'hex');

/** Tasks.name is varchar(50) in Sugar's Tasks vardefs. */
const TASK_NAME_MAX = 50;

/** The deterministic Task id for a hand-over key: a UUIDv5 formatted as Sugar ids are. */
export function taskIdForKey(key: string): string {
  const hash = createHash('sha1').update(TASK_NAMESPACE).update(key, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface HandoverDeps {
  session: SugarSession;
  logger: Logger;
  apiVersion: string;
  batchSize: number;
  retry: BulkRetryOptions;
}

function failed(task: HandoverTask, error: LeadloopError): RecordResult {
  const { message, kind, crm, code, status, retryAfterMs } = error.toJSON();
  return {
    externalId: task.leadExternalId,
    ok: false,
    error: { message, kind, crm, code, status, recordId: task.leadExternalId, retryAfterMs },
  };
}

/**
 * Creates each hand-over Task at most once per key. Sugar has no upsert by external id,
 * but ModuleApi::createBean keeps a client-supplied `id` (and refuses a second create
 * with 422 "Record already exists"), so the id is derived from the key. Existing ids are
 * looked up first, so a retry after a lost answer never creates a twin.
 */
export async function createSugarHandoverTasks(deps: HandoverDeps, tasks: HandoverTask[]): Promise<RecordResult[]> {
  const results: RecordResult[] = new Array(tasks.length);
  const valid = tasks
    .map((task, index) => ({ task, index, id: taskIdForKey(task.key) }))
    .filter(({ task, index }) => {
      const bad = !isSugarId(task.leadExternalId)
        ? `lead id "${String(task.leadExternalId).slice(0, 60)}"`
        : !isSugarId(task.ownerId)
          ? `owner id "${String(task.ownerId).slice(0, 60)}"`
          : null;
      if (bad)
        results[index] = failed(
          task,
          new LeadloopError(`Hand-over task ${task.key}: ${bad} is not a Sugar id; no task was created`, {
            kind: 'record',
            crm: 'sugarcrm',
            code: 'INVALID_ID',
          }),
        );
      return !bad;
    });

  for (const batch of chunk(valid, deps.batchSize)) {
    const existing = new Set<string>();
    const ids = [...new Set(batch.map((b) => b.id))];
    for await (const records of walkSugarFilter<Record<string, unknown>>(deps.session, {
      module: 'Tasks',
      filter: [{ id: { $in: ids } }],
      fields: ['id'],
      orderBy: 'id:asc',
      pageSize: ids.length,
    })) {
      for (const r of records) existing.add(String(r['id']));
    }
    const seen = new Set<string>();
    const toCreate = batch.filter(({ task, index, id }) => {
      if (!existing.has(id) && !seen.has(id)) {
        seen.add(id);
        return true;
      }
      results[index] = { externalId: task.leadExternalId, ok: true, createdId: id };
      return false;
    });
    const requests: SugarBulkRequest[] = toCreate.map(({ task, id }) => ({
      url: `/${deps.apiVersion}/Tasks`,
      method: 'POST',
      data: JSON.stringify({
        id,
        name: task.subject.slice(0, TASK_NAME_MAX),
        description: task.description,
        date_due: toSugarIso(task.dueAt),
        assigned_user_id: task.ownerId,
        parent_type: 'Leads',
        parent_id: task.leadExternalId,
        status: 'Not Started',
        priority: 'High',
      }),
    }));
    const answers = await runSugarBulk(deps.session, requests, deps.retry);
    toCreate.forEach(({ task, index, id }, j) => {
      const answer = answers[j]!;
      const contents = (answer.contents ?? {}) as Record<string, unknown>;
      const alreadyThere = answer.status === 422 && /already exists/i.test(String(contents['error_message'] ?? ''));
      if ((answer.status >= 200 && answer.status < 300) || alreadyThere) {
        if (!alreadyThere && contents['id'] !== undefined && contents['id'] !== id)
          deps.logger.warn(
            `SugarCRM ignored the Task id ${id} and created ${String(contents['id'])}: hand-over tasks may repeat on this instance`,
          );
        results[index] = { externalId: task.leadExternalId, ok: true, createdId: id };
      } else {
        results[index] = failed(
          task,
          classifySugarError({
            status: answer.status,
            body: answer.contents,
            recordScoped: true,
            recordId: task.leadExternalId,
            action: `create hand-over task ${task.key}`,
          }),
        );
      }
    });
  }
  return results;
}
