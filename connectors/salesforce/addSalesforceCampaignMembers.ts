import type { RecordResult } from '../../src/domain/connector';
import { LeadloopError } from '../../src/domain/errors';
import { COLLECTION_SIZE } from './salesforceConstants';
import type { SalesforceSession } from './salesforceSession';
import { isSalesforceId } from './soql';
import { toRecordResult, type CollectionResult } from './writeBackSalesforce';

/** Salesforce's answer when the lead is already in the campaign ("Already a campaign member."). */
const ALREADY_MEMBER = 'DUPLICATE_VALUE';

function invalid(externalId: string, message: string): RecordResult {
  const error = new LeadloopError(message, {
    kind: 'record',
    crm: 'salesforce',
    code: 'INVALID_ID',
    recordId: externalId,
  });
  return { externalId, ok: false, error: error.toJSON() as LeadloopError & { message: string } };
}

/**
 * Adds leads to a campaign as CampaignMember records through sObject Collections (200 a
 * call, allOrNone false). A lead that is already a member (DUPLICATE_VALUE) counts as
 * added, so a retry is harmless; the member's Status is the campaign's default.
 */
export async function addSalesforceCampaignMembers(
  session: SalesforceSession,
  campaignId: string,
  leadIds: string[],
): Promise<RecordResult[]> {
  if (!isSalesforceId(campaignId))
    return leadIds.map((id) =>
      invalid(
        id,
        `Campaign id "${String(campaignId).slice(0, 40)}" is not a Salesforce id; check recycle.campaign in the routing file`,
      ),
    );
  const results: RecordResult[] = new Array(leadIds.length);
  const valid = leadIds
    .map((id, index) => ({ id, index }))
    .filter(({ id, index }) => {
      if (!isSalesforceId(id))
        results[index] = invalid(
          id,
          `Lead id "${String(id).slice(0, 40)}" is not a Salesforce id; not added to the campaign`,
        );
      return isSalesforceId(id);
    });
  for (let start = 0; start < valid.length; start += COLLECTION_SIZE) {
    const chunk = valid.slice(start, start + COLLECTION_SIZE);
    const records = chunk.map(({ id }) => ({
      attributes: { type: 'CampaignMember' },
      CampaignId: campaignId,
      LeadId: id,
    }));
    const answer = await session.call('composite POST CampaignMember', (c) =>
      c.request<CollectionResult[]>({
        method: 'POST',
        url: `/services/data/v${session.apiVersion}/composite/sobjects`,
        body: JSON.stringify({ allOrNone: false, records }),
        headers: { 'Content-Type': 'application/json' },
      }),
    );
    chunk.forEach(({ id, index }, i) => {
      const r = answer[i];
      results[index] =
        r && !r.success && r.errors?.some((e) => e.statusCode === ALREADY_MEMBER)
          ? { externalId: id, ok: true }
          : toRecordResult(id, r);
    });
  }
  return results;
}
