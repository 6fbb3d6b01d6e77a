import type { OutcomeEvent } from '../domain/outcome';
import type { Mapping } from './mappingSchema';
import { meaningOfCrmStatus } from './toCrmFields';

/** One lead record as either CRM returns it, reduced to what decides its outcomes. */
export interface LeadOutcomeFacts {
  id: string;
  /** The stamp the outcome read filters on (SystemModstamp, date_modified). */
  modifiedAt: string;
  ownerId: string | null;
  converted: boolean;
  /** When the lead was converted, when the CRM says so (else `modifiedAt`). */
  convertedAt?: string | null;
  /** The record it was converted into (opportunity, else contact, else the lead). */
  conversionTarget: string;
  /** The rep's CRM status and the mapping's status-reason field, as read. */
  status: unknown;
  statusReason: unknown;
  /** The mapping's return-reason field (a rep returning the lead to marketing), as read. */
  returnReason?: unknown;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 1000) : null;
}

/**
 * A lead record's outcomes: its conversion (qualified) and what the rep's status means in the
 * mapping (with the reason for a recycle or disqualification). An outcome that happened before
 * the record's last change carries that change as its watermark.
 *
 * A return reason (mapping `returnReasonField`) is a return to marketing: `recycled` with that
 * reason, like a recycled status (which then reads its reason from it when the status-reason
 * field holds none); never on a converted lead, and a disqualifying status beside it reads as
 * the return the rep spelled out. leadloop empties the field in the write that
 * takes the lead out of `recycled` (planWrite), so every value it reads is a return not yet
 * taken, and each is its own outcome (the source id holds the record's stamp): a second return
 * with the same reason counts again. connectors/salesforce/README.md tells the whole story.
 */
export function leadOutcomes(mapping: Mapping, lead: LeadOutcomeFacts): OutcomeEvent[] {
  const { id, modifiedAt, ownerId } = lead;
  const out: OutcomeEvent[] = [];
  if (lead.converted) {
    const occurredAt = lead.convertedAt ?? modifiedAt;
    out.push({
      leadExternalId: id,
      kind: 'qualified',
      occurredAt,
      sourceId: `converted:${lead.conversionTarget}`,
      ownerId,
      ...(occurredAt !== modifiedAt ? { watermark: modifiedAt } : {}),
    });
  }
  const status = text(lead.status);
  const kind = meaningOfCrmStatus(mapping, status);
  const returnReason = text(lead.returnReason);
  const returned = kind === 'disqualified' && returnReason !== null;
  if (kind && status && !returned) {
    const reason = kind === 'recycled' || kind === 'disqualified' ? (text(lead.statusReason) ?? returnReason) : null;
    out.push({ leadExternalId: id, kind, occurredAt: modifiedAt, sourceId: `status:${status}`, reason, ownerId });
  }
  // beside a "Recycled" status too: a stale one (left from an earlier return) must not swallow a new return
  if (returnReason && !lead.converted) {
    out.push({
      leadExternalId: id,
      kind: 'recycled',
      occurredAt: modifiedAt,
      sourceId: `returnReason:${returnReason}:${modifiedAt}`,
      reason: returnReason,
      ownerId,
    });
  }
  return out;
}
