import type { OutcomeEvent } from '../../src/domain/outcome';
import type { Logger } from '../../src/log/createLogger';
import { leadOutcomes, type Mapping } from '../../src/mapping';
import { historyPages, queryPages, readWatermark } from './querySalesforce';
import type { SalesforceSession } from './salesforceSession';
import { fromSalesforceDate, isSalesforceId, soqlDateTime, soqlId, soqlName, soqlString } from './soql';

export interface PullSalesforceOutcomesDeps {
  session: SalesforceSession;
  mapping: Mapping;
  logger: Logger;
  /** Lead fields the org lets leadloop see (the status reason field is optional). */
  fields: () => Promise<string[]>;
  /** Read the whole history (no `since`) through Bulk API 2.0 query jobs instead of REST pages. */
  bulkForFullHistory?: boolean;
  bulkPollIntervalMs?: number;
  bulkThreshold?: number;
  /** leadloop's clock (tests pin it), for the read's watermark (readWatermark). */
  now?: () => Date;
}

type Raw = Record<string, unknown>;

/** One lead row → its outcomes: conversion (qualified) and what the rep's status means. */
export function salesforceLeadOutcomes(mapping: Mapping, raw: Raw): OutcomeEvent[] {
  const id = raw['Id'];
  const modifiedAt = fromSalesforceDate(raw['SystemModstamp']);
  if (!isSalesforceId(id) || !modifiedAt) return [];
  return leadOutcomes(mapping, {
    id,
    modifiedAt,
    ownerId: isSalesforceId(raw['OwnerId']) ? raw['OwnerId'] : null,
    converted: raw['IsConverted'] === true || raw['IsConverted'] === 'true',
    convertedAt: fromSalesforceDate(raw['ConvertedDate']),
    conversionTarget: [raw['ConvertedOpportunityId'], raw['ConvertedContactId']].find(isSalesforceId) ?? id,
    status: raw['Status'],
    statusReason: mapping.statusReasonField ? raw[mapping.statusReasonField] : null,
    returnReason: mapping.returnReasonField ? raw[mapping.returnReasonField] : null,
  });
}

/**
 * Sales outcomes after `since`: converted leads and reps' status changes (one Lead
 * query), then opportunities closed won or lost, traced back to the leads converted into
 * them. Every event's watermark is the last second before the read started (readWatermark),
 * so the next run's overlap is measured back from this read, not from the newest record.
 *
 * The Lead query does not leave out leadloop's own writes (no `LastModifiedById` filter,
 * unlike the lead pull): a rep who changes a lead's status or converts it between
 * leadloop's read of the lead and leadloop's write of its score is hidden by that write
 * (it takes over SystemModstamp and LastModifiedById), and this query is what still reads
 * the new status on the next run. It costs one read of the sales-status leads leadloop
 * wrote in the previous run (⌈n / 2000⌉ calls, once).
 */
export async function* pullSalesforceOutcomes(
  deps: PullSalesforceOutcomesDeps,
  since: string | null,
): AsyncGenerator<OutcomeEvent[]> {
  const { session, mapping } = deps;
  const watermark = readWatermark(deps.now);
  const after = since ? `SystemModstamp > ${soqlDateTime(since)} AND ` : '';
  const statuses = Object.values(mapping.statusMeaning)
    .flat()
    .filter((s): s is string => typeof s === 'string');
  const visible = new Set(await deps.fields());
  const reason =
    mapping.statusReasonField && visible.has(mapping.statusReasonField) ? [soqlName(mapping.statusReasonField)] : [];
  // a rep returns a lead by choosing a return reason (LeadLoop_Return_Reason__c: a standard
  // org's Lead Status has no "Recycled"); leadloop empties it once the return is taken
  const returnReason =
    mapping.returnReasonField && visible.has(mapping.returnReasonField) ? soqlName(mapping.returnReasonField) : null;
  if (returnReason) reason.push(returnReason);
  const statusFilter =
    (statuses.length ? ` OR Status IN (${statuses.map(soqlString).join(', ')})` : '') +
    (returnReason ? ` OR ${returnReason} != null` : '');
  const history = {
    bulk: !since && Boolean(deps.bulkForFullHistory),
    pollIntervalMs: deps.bulkPollIntervalMs,
    bulkThreshold: deps.bulkThreshold,
  };
  const leadFields = `Id, Status, IsConverted, ConvertedDate, ConvertedOpportunityId, ConvertedContactId, OwnerId, SystemModstamp${reason.map((f) => `, ${f}`).join('')}`;
  for await (const records of historyPages<Raw>(
    session,
    'query Lead outcomes',
    leadFields,
    `FROM Lead WHERE ${after}(IsConverted = true${statusFilter})`,
    history,
  )) {
    const events = records.flatMap((r) => salesforceLeadOutcomes(mapping, r));
    if (events.length) yield events.map((e) => ({ ...e, watermark }));
  }

  for await (const closed of historyPages<Raw>(
    session,
    'query Opportunity',
    'Id, IsWon, Amount, CloseDate, OwnerId, SystemModstamp',
    `FROM Opportunity WHERE ${after}IsClosed = true`,
    history,
  )) {
    const byId = new Map(closed.filter((o) => isSalesforceId(o['Id'])).map((o) => [o['Id'] as string, o]));
    for (let i = 0; i < byId.size; i += 300) {
      const ids = [...byId.keys()].slice(i, i + 300);
      const soql = `SELECT Id, ConvertedOpportunityId FROM Lead WHERE ConvertedOpportunityId IN (${ids.map(soqlId).join(', ')})`;
      const events: OutcomeEvent[] = [];
      for await (const converted of queryPages<Raw>(session, 'query Lead by opportunity', soql)) {
        for (const lead of converted) {
          const opp = byId.get(String(lead['ConvertedOpportunityId']));
          const occurredAt = opp
            ? (fromSalesforceDate(opp['CloseDate']) ?? fromSalesforceDate(opp['SystemModstamp']))
            : null;
          if (!opp || !occurredAt || !isSalesforceId(lead['Id'])) continue;
          const amount =
            typeof opp['Amount'] === 'number'
              ? opp['Amount']
              : opp['Amount'] == null || opp['Amount'] === ''
                ? null
                : Number(opp['Amount']);
          events.push({
            leadExternalId: lead['Id'],
            kind: opp['IsWon'] === true || opp['IsWon'] === 'true' ? 'won' : 'lost',
            occurredAt,
            sourceId: String(opp['Id']),
            amount: amount !== null && Number.isFinite(amount) ? amount : null,
            ownerId: isSalesforceId(opp['OwnerId']) ? opp['OwnerId'] : null,
            watermark,
          });
        }
      }
      if (events.length) yield events;
    }
  }
}
