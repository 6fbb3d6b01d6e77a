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
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 1000) : null;
}

/**
 * A lead record's outcomes: its conversion (qualified) and what the rep's status means in the
 * mapping (with the reason for a recycle or disqualification). An outcome that happened before
 * the record's last change carries that change as its watermark.
 */
export function leadOutcomes(mapping: Mapping, lead: LeadOutcomeFacts): OutcomeEvent[] {
  const { id, modifiedAt, ownerId } = lead;
  const out: OutcomeEvent[] = [];
  if (lead.converted) {
    const occurredAt = lead.convertedAt ?? modifiedAt;
    out.push({ leadExternalId: id, kind: 'qualified', occurredAt, sourceId: `converted:${lead.conversionTarget}`, ownerId, ...(occurredAt !== modifiedAt ? { watermark: modifiedAt } : {}) });
  }
  const status = text(lead.status);
  const kind = meaningOfCrmStatus(mapping, status);
  if (kind && status) {
    const reason = kind === 'recycled' || kind === 'disqualified' ? text(lead.statusReason) : null;
    out.push({ leadExternalId: id, kind, occurredAt: modifiedAt, sourceId: `status:${status}`, reason, ownerId });
  }
  return out;
}
