import type { EngagementEvent, EngagementType } from '../../src/domain/engagement';
import type { Logger } from '../../src/log/createLogger';
import { historyPages, readWatermark } from './querySalesforce';
import type { SalesforceSession } from './salesforceSession';
import { fromSalesforceDate, isSalesforceId, soqlDateTime } from './soql';

export interface PullSalesforceEngagementDeps {
  session: SalesforceSession;
  logger: Logger;
  /** Read the whole history (no `since`) through Bulk API 2.0 query jobs instead of REST pages. */
  bulkForFullHistory?: boolean;
  bulkPollIntervalMs?: number;
  bulkThreshold?: number;
  /** leadloop's clock (tests pin it), for the read's watermark (readWatermark). */
  now?: () => Date;
}

type Raw = Record<string, unknown>;

/**
 * Marketing tools (Account Engagement, Marketo, HubSpot) log what a lead did as completed
 * Tasks; the subject says what it was. First match wins, English and Spanish.
 */
export const TASK_SUBJECT_TYPES: [RegExp, EngagementType][] = [
  [/\bdemo\b/i, 'demo_request'],
  [/webinar/i, 'webinar_attended'],
  [/download|descarga/i, 'content_download'],
  [/form(ulario)?\b.*(submit|enviado)|form submitted/i, 'form_submit'],
  [/email (click|clicked)|clic en (el )?email|clicked/i, 'email_click'],
  [/email (open|opened)|email abierto|opened/i, 'email_open'],
  [/pricing page|p[aá]gina de precios/i, 'pricing_page_visit'],
  [/unsubscrib|baja de la lista/i, 'unsubscribe'],
];

/** What a completed Task on a lead means, or null when it is not the lead's doing. */
export function taskEngagementType(task: Raw): EngagementType | null {
  if (task['CallType'] === 'Inbound') return 'inbound_call';
  const subject = typeof task['Subject'] === 'string' ? task['Subject'] : '';
  for (const [pattern, type] of TASK_SUBJECT_TYPES) if (pattern.test(subject)) return type;
  if (task['CallType'] === 'Outbound' || task['TaskSubtype'] === 'Call' || task['Type'] === 'Call') return 'outbound_call';
  if (task['Type'] === 'Meeting') return 'meeting';
  if (task['TaskSubtype'] === 'Email' || task['Type'] === 'Email') return 'email_open';
  return null;
}

/** A campaign response: what the lead did depends on the campaign type. */
export function campaignResponseType(campaignType: unknown): EngagementType {
  if (campaignType === 'Webinar') return 'webinar_attended';
  if (campaignType === 'Conference' || campaignType === 'Trade Show') return 'event_attended';
  return 'campaign_response';
}

const isLeadId = (v: unknown): v is string => isSalesforceId(v) && v.startsWith('00Q');

/**
 * Completed Tasks on leads (calls and the activities marketing tools log) and campaign
 * responses, changed after `since`, a page of events per query page. Every event's
 * watermark is the last second before the read started (readWatermark): the next run's
 * overlap is measured back from this read, so a burst of Tasks logged just before it is
 * not read again by every later run.
 */
export async function* pullSalesforceEngagement(deps: PullSalesforceEngagementDeps, since: string | null): AsyncGenerator<EngagementEvent[]> {
  const watermark = readWatermark(deps.now);
  const after = since ? ` AND SystemModstamp > ${soqlDateTime(since)}` : '';
  const history = { bulk: !since && Boolean(deps.bulkForFullHistory), pollIntervalMs: deps.bulkPollIntervalMs, bulkThreshold: deps.bulkThreshold };
  const taskFields = 'Id, WhoId, Subject, Type, TaskSubtype, CallType, ActivityDate, CompletedDateTime, CreatedDate, SystemModstamp';
  for await (const records of historyPages<Raw>(deps.session, 'query Task', taskFields, `FROM Task WHERE WhoId != null AND Status = 'Completed'${after}`, history)) {
    const events: EngagementEvent[] = [];
    for (const t of records) {
      const type = taskEngagementType(t);
      const occurredAt = fromSalesforceDate(t['CompletedDateTime']) ?? fromSalesforceDate(t['ActivityDate']) ?? fromSalesforceDate(t['CreatedDate']);
      if (!type || !occurredAt || !isLeadId(t['WhoId']) || !isSalesforceId(t['Id'])) continue;
      events.push({ externalId: t['Id'], leadExternalId: t['WhoId'], type, occurredAt, watermark, source: 'salesforce:Task', ...(typeof t['Subject'] === 'string' ? { detail: t['Subject'].slice(0, 200) } : {}) });
    }
    if (events.length) yield events;
  }
  const memberFields = 'Id, LeadId, CampaignId, Campaign.Type, Campaign.Name, FirstRespondedDate, CreatedDate, SystemModstamp';
  for await (const records of historyPages<Raw>(deps.session, 'query CampaignMember', memberFields, `FROM CampaignMember WHERE LeadId != null AND HasResponded = true${after}`, history)) {
    const events: EngagementEvent[] = [];
    for (const m of records) {
      // REST nests the parent (`Campaign: {Type}`); Bulk CSV flattens it (`Campaign.Type`)
      const campaign = (m['Campaign'] ?? { Type: m['Campaign.Type'], Name: m['Campaign.Name'] }) as Raw;
      const occurredAt = fromSalesforceDate(m['FirstRespondedDate']) ?? fromSalesforceDate(m['CreatedDate']);
      if (!occurredAt || !isLeadId(m['LeadId']) || !isSalesforceId(m['Id'])) continue;
      events.push({ externalId: m['Id'], leadExternalId: m['LeadId'], type: campaignResponseType(campaign['Type']), occurredAt, watermark, source: `salesforce:Campaign:${String(m['CampaignId'])}`, ...(typeof campaign['Name'] === 'string' ? { detail: campaign['Name'].slice(0, 200) } : {}) });
    }
    if (events.length) yield events;
  }
}
