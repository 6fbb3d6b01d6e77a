import type { RecordResult } from '../../src/domain/connector';
import { isLeadloopError, LeadloopError } from '../../src/domain/errors';
import type { SugarSession } from './createSugarSession';
import { isSugarId, sugarPath } from './sugarPath';
import { chunk } from './walkSugarFilter';

/** Leads linked per call: the answer repeats every linked record, so it grows with the batch. */
const LINK_BATCH = 100;

function failed(externalId: string, error: LeadloopError): RecordResult {
  const { message, kind, crm, code, status, retryAfterMs } = error.toJSON();
  return { externalId, ok: false, error: { message, kind, crm, code, status, recordId: externalId, retryAfterMs } };
}

/**
 * Adds leads to a target list: POST /ProspectLists/{id}/link with `{link_name: "leads",
 * ids}` (RelateRecordApi::createRelatedLinks). Linking a lead that is already on the list
 * changes nothing, so a retry is harmless. Sugar refuses the whole call when one lead is
 * missing (404), so a refused batch is retried lead by lead to tell which one it was.
 */
export async function linkSugarProspectList(
  session: SugarSession,
  listId: string,
  leadIds: string[],
): Promise<RecordResult[]> {
  const results: RecordResult[] = new Array(leadIds.length);
  const badId = (what: string, value: string) =>
    new LeadloopError(
      `${what} "${String(value).slice(0, 60)}" is not a Sugar id; check recycle.campaign in the routing file`,
      { kind: 'record', crm: 'sugarcrm', code: 'INVALID_ID' },
    );
  if (!isSugarId(listId)) return leadIds.map((id) => failed(id, badId('Target list id', listId)));
  const path = `${sugarPath('ProspectLists', listId)}/link`;
  const valid = leadIds
    .map((id, index) => ({ id, index }))
    .filter(({ id, index }) => {
      if (!isSugarId(id)) results[index] = failed(id, badId('Lead id', id));
      return isSugarId(id);
    });
  const link = (ids: string[], recordId?: string) =>
    session.call<{ related_records?: { id: string }[] }>({
      method: 'POST',
      path,
      data: { link_name: 'leads', ids, fields: 'id' },
      ...(recordId ? { recordScoped: true, recordId } : {}),
    });
  for (const batch of chunk(valid, LINK_BATCH)) {
    try {
      await link(batch.map((b) => b.id));
      for (const { id, index } of batch) results[index] = { externalId: id, ok: true };
    } catch (error) {
      if (!isLeadloopError(error) || error.kind !== 'record') throw error;
      for (const { id, index } of batch) {
        try {
          await link([id], id);
          results[index] = { externalId: id, ok: true };
        } catch (one) {
          if (!isLeadloopError(one) || one.kind !== 'record') throw one;
          results[index] = failed(id, one);
        }
      }
    }
  }
  return results;
}
