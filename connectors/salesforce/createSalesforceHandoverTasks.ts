import type { HandoverTask, RecordResult } from '../../src/domain/connector';
import type { LeadloopError } from '../../src/domain/errors';
import type { Logger } from '../../src/log/createLogger';
import { classifySalesforceRecordError } from './classifySalesforceError';
import { COLLECTION_SIZE } from './salesforceConstants';
import type { SalesforceSession } from './salesforceSession';
import { querySalesforce } from './querySalesforce';
import { soqlId } from './soql';
import type { CollectionResult } from './writeBackSalesforce';

export interface SalesforceTasksDeps {
  session: SalesforceSession;
  logger: Logger;
}

const KEY_LINE = 'leadloop hand-over key: ';

/** The last line of a hand-over task's description: how a retry recognises a task it already created. */
export function taskKeyLine(key: string): string {
  return `${KEY_LINE}${key}`;
}

function keyOf(description: unknown): string | null {
  if (typeof description !== 'string') return null;
  const at = description.lastIndexOf(KEY_LINE);
  return at < 0
    ? null
    : description
        .slice(at + KEY_LINE.length)
        .split('\n')[0]!
        .trim();
}

/** Keys of hand-over tasks leadloop already created on these leads (Description is not filterable, so it is read). */
async function existingKeys(deps: SalesforceTasksDeps, leadIds: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const me = await deps.session.userId();
  for (let i = 0; i < leadIds.length; i += 300) {
    const ids = leadIds
      .slice(i, i + 300)
      .map(soqlId)
      .join(', ');
    // queryAll: a task a rep deleted still counts as created (it is not created again)
    const soql = `SELECT Id, WhoId, Description FROM Task WHERE WhoId IN (${ids}) AND CreatedById = ${soqlId(me)}`;
    for (const t of await querySalesforce<{ Id: string; Description?: string }>(
      deps.session,
      'queryAll Task',
      soql,
      1_000_000,
      true,
    )) {
      const key = keyOf(t.Description);
      if (key) found.set(key, t.Id);
    }
  }
  return found;
}

/**
 * One Task per hand-over for the rep who now owns the lead, created at most once per
 * key: tasks leadloop already created (found by the key line in their description) are
 * reported as done, the rest are created through sObject Collections (200 a call).
 */
export async function createSalesforceHandoverTasks(
  deps: SalesforceTasksDeps,
  tasks: HandoverTask[],
): Promise<RecordResult[]> {
  if (!tasks.length) return [];
  const existing = await existingKeys(deps, [...new Set(tasks.map((t) => t.leadExternalId))]);
  const results: RecordResult[] = new Array(tasks.length);
  const toCreate: { index: number; task: HandoverTask }[] = [];
  const sameKey = new Map<string, number[]>();
  tasks.forEach((task, index) => {
    const id = existing.get(task.key);
    if (id) results[index] = { externalId: task.leadExternalId, ok: true, createdId: id };
    else if (sameKey.has(task.key)) sameKey.get(task.key)!.push(index);
    else {
      sameKey.set(task.key, []);
      toCreate.push({ index, task });
    }
  });
  for (let start = 0; start < toCreate.length; start += COLLECTION_SIZE) {
    const chunk = toCreate.slice(start, start + COLLECTION_SIZE);
    const records = chunk.map(({ task }) => ({
      attributes: { type: 'Task' },
      WhoId: task.leadExternalId,
      OwnerId: task.ownerId,
      Subject: task.subject.slice(0, 255),
      Description: `${task.description}\n\n${taskKeyLine(task.key)}`.slice(-32000),
      ActivityDate: task.dueAt.slice(0, 10),
      Status: 'Not Started',
      Priority: 'High',
      Type: 'Other',
    }));
    const answer = await deps.session.call('composite POST Task', (c) =>
      c.request<CollectionResult[]>({
        method: 'POST',
        url: `/services/data/v${deps.session.apiVersion}/composite/sobjects`,
        body: JSON.stringify({ allOrNone: false, records }),
        headers: { 'Content-Type': 'application/json' },
      }),
    );
    chunk.forEach(({ index, task }, i) => {
      const r = answer[i];
      if (r?.success)
        results[index] = { externalId: task.leadExternalId, ok: true, ...(r.id ? { createdId: r.id } : {}) };
      else {
        const error = classifySalesforceRecordError(
          r?.errors?.[0] ?? { statusCode: 'NO_RESULT', message: 'no result' },
          task.leadExternalId,
        );
        results[index] = {
          externalId: task.leadExternalId,
          ok: false,
          error: (error as LeadloopError).toJSON() as LeadloopError & { message: string },
        };
      }
    });
  }
  // a key asked for twice in one call: one task, the same answer for both
  for (const { index, task } of toCreate)
    for (const twin of sameKey.get(task.key) ?? []) results[twin] = results[index]!;
  return results;
}
