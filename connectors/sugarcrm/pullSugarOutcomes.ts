import type { OutcomeEvent } from '../../src/domain/outcome';
import type { Logger } from '../../src/log/createLogger';
import { leadOutcomes, type Mapping } from '../../src/mapping';
import type { SugarSession } from './createSugarSession';
import { isSugarId } from './sugarPath';
import { fromSugarDate, modifiedSince, sugarBool, walkSugarFilter } from './walkSugarFilter';

export interface PullSugarOutcomesDeps {
  session: SugarSession;
  mapping: Mapping;
  logger: Logger;
  pageSize: number;
  /** Leads fields the instance has (the return-reason field comes with leadloop's package; optional). */
  fields?: () => Promise<string[]>;
}

type Raw = Record<string, unknown>;

const CLOSED_STAGES: Record<string, 'won' | 'lost'> = { 'Closed Won': 'won', 'Closed Lost': 'lost' };

/** One lead row → its outcomes: conversion (qualified) and what the rep's status means. */
export function sugarLeadOutcomes(mapping: Mapping, raw: Raw): OutcomeEvent[] {
  const id = raw['id'];
  const modifiedAt = fromSugarDate(raw['date_modified']);
  if (!isSugarId(id) || !modifiedAt) return [];
  return leadOutcomes(mapping, {
    id,
    modifiedAt,
    ownerId: isSugarId(raw['assigned_user_id']) ? raw['assigned_user_id'] : null,
    converted: sugarBool(raw['converted']),
    conversionTarget: [raw['opportunity_id'], raw['contact_id']].find(isSugarId) ?? id,
    status: raw['status'],
    statusReason: mapping.statusReasonField ? raw[mapping.statusReasonField] : null,
    returnReason: mapping.returnReasonField ? raw[mapping.returnReasonField] : null,
  });
}

/**
 * Sales outcomes after `since`: converted leads and reps' status changes (one Leads query),
 * then opportunities closed won/lost, traced back to the leads converted into them
 * (Leads.opportunity_id). An opportunity closes long after its lead last changed, so the
 * opportunity's own date_modified is the watermark for those.
 */
export async function* pullSugarOutcomes(
  deps: PullSugarOutcomesDeps,
  since: string | null,
): AsyncGenerator<OutcomeEvent[]> {
  const { session, mapping, pageSize } = deps;
  const statuses = Object.values(mapping.statusMeaning)
    .flat()
    .filter((s): s is string => typeof s === 'string');
  const reasonField = mapping.statusReasonField ? [mapping.statusReasonField] : [];
  // filtering on a field the instance lacks is an error ("Unknown field"): the return reason
  // (leadloop_return_reason_c, from leadloop's package) is read only where it exists
  const known = new Set(
    deps.fields && mapping.returnReasonField ? (await deps.fields()).map((f) => f.toLowerCase()) : [],
  );
  const returnReason =
    mapping.returnReasonField && known.has(mapping.returnReasonField.toLowerCase()) ? mapping.returnReasonField : null;
  const extra = returnReason ? [returnReason] : [];
  const leadFilter = [
    ...modifiedSince(since),
    {
      $or: [
        { converted: { $equals: 1 } },
        ...(statuses.length ? [{ status: { $in: statuses } }] : []),
        ...(returnReason ? [{ [returnReason]: { $not_empty: '' } }] : []),
      ],
    },
  ];
  const leadFields = [
    'id',
    'status',
    'converted',
    'opportunity_id',
    'contact_id',
    'assigned_user_id',
    'date_modified',
    ...reasonField,
    ...extra,
  ];
  for await (const records of walkSugarFilter<Raw>(session, {
    module: mapping.object,
    filter: leadFilter,
    fields: leadFields,
    pageSize,
  })) {
    const events = records.flatMap((r) => sugarLeadOutcomes(mapping, r));
    if (events.length) yield events;
  }

  const oppFilter = [...modifiedSince(since), { sales_stage: { $in: Object.keys(CLOSED_STAGES) } }];
  const oppFields = ['id', 'sales_stage', 'amount', 'date_closed', 'date_modified', 'assigned_user_id'];
  for await (const opps of walkSugarFilter<Raw>(session, {
    module: 'Opportunities',
    filter: oppFilter,
    fields: oppFields,
    pageSize,
  })) {
    const byId = new Map(opps.filter((o) => isSugarId(o['id'])).map((o) => [o['id'] as string, o]));
    if (!byId.size) continue;
    const events: OutcomeEvent[] = [];
    const leadsOfOpps = {
      module: mapping.object,
      filter: [{ opportunity_id: { $in: [...byId.keys()] } }],
      fields: ['id', 'opportunity_id', 'date_modified'],
      pageSize,
    };
    for await (const leads of walkSugarFilter<Raw>(session, leadsOfOpps)) {
      for (const lead of leads) {
        const opp = byId.get(String(lead['opportunity_id']));
        const kind = opp ? CLOSED_STAGES[String(opp['sales_stage'])] : undefined;
        const occurredAt = opp ? (fromSugarDate(opp['date_closed']) ?? fromSugarDate(opp['date_modified'])) : undefined;
        if (!opp || !kind || !occurredAt || !isSugarId(lead['id'])) continue;
        const amount = Number(opp['amount']);
        events.push({
          leadExternalId: lead['id'],
          kind,
          occurredAt,
          sourceId: String(opp['id']),
          amount:
            opp['amount'] === null || opp['amount'] === undefined || opp['amount'] === '' || !Number.isFinite(amount)
              ? null
              : amount,
          ownerId: isSugarId(opp['assigned_user_id']) ? opp['assigned_user_id'] : null,
          watermark: fromSugarDate(opp['date_modified']) ?? occurredAt,
        });
      }
    }
    if (events.length) yield events;
  }
}
