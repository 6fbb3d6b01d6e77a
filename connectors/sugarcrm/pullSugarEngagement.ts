import type { EngagementEvent, EngagementType } from '../../src/domain/engagement';
import type { Logger } from '../../src/log/createLogger';
import { engagementRulesSchema, type EngagementRules } from '../../src/mapping';
import type { SugarSession } from './createSugarSession';
import { isSugarId } from './sugarPath';
import { fromSugarDate, modifiedSince, walkSugarFilter } from './walkSugarFilter';

/**
 * CampaignLog `activity_type` (campainglog_activity_type_dom) → engagement. `targeted`
 * (message sent), `send error`, `invalid email` and `blocked` are not something the lead did.
 */
export const CAMPAIGN_ACTIVITY_TYPES: Record<string, EngagementType> = {
  viewed: 'email_open',
  link: 'email_click',
  lead: 'form_submit',
  contact: 'campaign_response',
  removed: 'unsubscribe',
};

export interface PullSugarEngagementDeps {
  session: SugarSession;
  logger: Logger;
  pageSize: number;
  /** The mapping's `engagement` rules; defaults when absent. */
  rules?: EngagementRules;
}

/**
 * A Sugar call (Calls vardefs: `direction` in call_direction_dom Inbound/Outbound, `status`
 * in call_status_dom Planned/Held/Not Held, duration_hours + duration_minutes) on a lead:
 * inbound → the lead called (`inbound_call`); outbound and Held for at least the mapping's
 * `connectedCallSeconds` → a conversation (`connected_call`); outbound Not Held, or held
 * shorter → the rep's attempt (`outbound_call`, sales activity). Planned calls are not read.
 */
export function callEngagementType(call: Record<string, unknown>, rules: EngagementRules): EngagementType | null {
  if (call['status'] !== 'Held' && call['status'] !== 'Not Held') return null;
  if (call['direction'] === 'Inbound') return 'inbound_call';
  const seconds = (Number(call['duration_hours'] ?? 0) || 0) * 3600 + (Number(call['duration_minutes'] ?? 0) || 0) * 60;
  return call['status'] === 'Held' && seconds >= rules.connectedCallSeconds ? 'connected_call' : 'outbound_call';
}

type Raw = Record<string, unknown>;

function event(
  raw: Raw,
  leadField: string,
  type: EngagementType,
  when: unknown,
  source: string,
  detail?: unknown,
): EngagementEvent | null {
  const occurredAt = fromSugarDate(when) ?? fromSugarDate(raw['date_modified']);
  const leadId = raw[leadField];
  if (!isSugarId(raw['id']) || !isSugarId(leadId) || !occurredAt) return null;
  return {
    externalId: raw['id'],
    leadExternalId: leadId,
    type,
    occurredAt,
    watermark: fromSugarDate(raw['date_modified']) ?? occurredAt,
    source,
    ...(typeof detail === 'string' && detail ? { detail: detail.slice(0, 200) } : {}),
  };
}

/**
 * Calls that took place or were tried and held meetings on leads, and campaign responses,
 * changed after `since`. Calls and meetings hang off the lead through parent_type/parent_id;
 * the campaign log through target_type/target_id.
 */
export async function* pullSugarEngagement(
  deps: PullSugarEngagementDeps,
  since: string | null,
): AsyncGenerator<EngagementEvent[]> {
  const { session, pageSize } = deps;
  const rules = deps.rules ?? engagementRulesSchema.parse({});
  const activityFields = ['id', 'name', 'status', 'date_start', 'parent_type', 'parent_id', 'date_modified'];
  const onLeads = [...modifiedSince(since), { parent_type: { $equals: 'Leads' } }];
  const calls = [...onLeads, { status: { $in: ['Held', 'Not Held'] } }];
  const held = [...onLeads, { status: { $equals: 'Held' } }];

  for await (const records of walkSugarFilter<Raw>(session, {
    module: 'Calls',
    filter: calls,
    fields: [...activityFields, 'direction', 'duration_hours', 'duration_minutes'],
    pageSize,
  })) {
    yield keep(
      records.map((r) => {
        const type = callEngagementType(r, rules);
        return type ? event(r, 'parent_id', type, r['date_start'], 'sugarcrm:Calls', r['name']) : null;
      }),
      deps.logger,
      records.length,
      'Calls',
    );
  }
  for await (const records of walkSugarFilter<Raw>(session, {
    module: 'Meetings',
    filter: held,
    fields: activityFields,
    pageSize,
  })) {
    yield keep(
      records.map((r) => event(r, 'parent_id', 'meeting', r['date_start'], 'sugarcrm:Meetings', r['name'])),
      deps.logger,
      records.length,
      'Meetings',
    );
  }
  const campaignFilter = [
    ...modifiedSince(since),
    { target_type: { $in: ['Leads', 'Lead'] } },
    { activity_type: { $in: Object.keys(CAMPAIGN_ACTIVITY_TYPES) } },
  ];
  const campaignFields = [
    'id',
    'target_id',
    'target_type',
    'activity_type',
    'activity_date',
    'campaign_id',
    'date_modified',
  ];
  for await (const records of walkSugarFilter<Raw>(session, {
    module: 'CampaignLog',
    filter: campaignFilter,
    fields: campaignFields,
    pageSize,
  })) {
    yield keep(
      records.map((r) => {
        const type = CAMPAIGN_ACTIVITY_TYPES[String(r['activity_type'])];
        return type
          ? event(
              r,
              'target_id',
              type,
              r['activity_date'],
              `sugarcrm:Campaign:${isSugarId(r['campaign_id']) ? r['campaign_id'] : 'unknown'}`,
            )
          : null;
      }),
      deps.logger,
      records.length,
      'CampaignLog',
    );
  }
}

function keep(events: (EngagementEvent | null)[], logger: Logger, read: number, module: string): EngagementEvent[] {
  const out = events.filter((e): e is EngagementEvent => e !== null);
  if (out.length < read)
    logger.warn(`SugarCRM ${module}: ${read - out.length} record(s) without a valid id, lead or date were left out`);
  return out;
}
