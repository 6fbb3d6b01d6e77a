import type { EngagementEvent, EngagementType } from '../../src/domain/engagement';
import type { Logger } from '../../src/log/createLogger';
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
}

type Raw = Record<string, unknown>;

function event(raw: Raw, leadField: string, type: EngagementType, when: unknown, source: string, detail?: unknown): EngagementEvent | null {
  const occurredAt = fromSugarDate(when) ?? fromSugarDate(raw['date_modified']);
  const leadId = raw[leadField];
  if (!isSugarId(raw['id']) || !isSugarId(leadId) || !occurredAt) return null;
  return { externalId: raw['id'], leadExternalId: leadId, type, occurredAt, watermark: fromSugarDate(raw['date_modified']) ?? occurredAt, source, ...(typeof detail === 'string' && detail ? { detail: detail.slice(0, 200) } : {}) };
}

/**
 * Held calls and meetings on leads, and campaign responses, changed after `since`. Calls
 * and meetings hang off the lead through parent_type/parent_id; the campaign log through
 * target_type/target_id.
 */
export async function* pullSugarEngagement(deps: PullSugarEngagementDeps, since: string | null): AsyncGenerator<EngagementEvent[]> {
  const { session, pageSize } = deps;
  const activityFields = ['id', 'name', 'status', 'date_start', 'parent_type', 'parent_id', 'date_modified'];
  const held = [...modifiedSince(since), { parent_type: { $equals: 'Leads' } }, { status: { $equals: 'Held' } }];

  for await (const records of walkSugarFilter<Raw>(session, { module: 'Calls', filter: held, fields: [...activityFields, 'direction'], pageSize })) {
    yield keep(records.map((r) => event(r, 'parent_id', r['direction'] === 'Inbound' ? 'inbound_call' : 'outbound_call', r['date_start'], 'sugarcrm:Calls', r['name'])), deps.logger, records.length, 'Calls');
  }
  for await (const records of walkSugarFilter<Raw>(session, { module: 'Meetings', filter: held, fields: activityFields, pageSize })) {
    yield keep(records.map((r) => event(r, 'parent_id', 'meeting', r['date_start'], 'sugarcrm:Meetings', r['name'])), deps.logger, records.length, 'Meetings');
  }
  const campaignFilter = [...modifiedSince(since), { target_type: { $in: ['Leads', 'Lead'] } }, { activity_type: { $in: Object.keys(CAMPAIGN_ACTIVITY_TYPES) } }];
  const campaignFields = ['id', 'target_id', 'target_type', 'activity_type', 'activity_date', 'campaign_id', 'date_modified'];
  for await (const records of walkSugarFilter<Raw>(session, { module: 'CampaignLog', filter: campaignFilter, fields: campaignFields, pageSize })) {
    yield keep(records.map((r) => {
      const type = CAMPAIGN_ACTIVITY_TYPES[String(r['activity_type'])];
      return type ? event(r, 'target_id', type, r['activity_date'], `sugarcrm:Campaign:${isSugarId(r['campaign_id']) ? r['campaign_id'] : 'unknown'}`) : null;
    }), deps.logger, records.length, 'CampaignLog');
  }
}

function keep(events: (EngagementEvent | null)[], logger: Logger, read: number, module: string): EngagementEvent[] {
  const out = events.filter((e): e is EngagementEvent => e !== null);
  if (out.length < read) logger.warn(`SugarCRM ${module}: ${read - out.length} record(s) without a valid id, lead or date were left out`);
  return out;
}
