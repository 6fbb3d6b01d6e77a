import type { EngagementEvent } from '../../src/domain/engagement';
import type { Logger } from '../../src/log/createLogger';
import { engagementRulesSchema, type EngagementRules } from '../../src/mapping';
import { campaignResponseType, eventEndMs, taskEngagementType } from './classifySalesforceActivity';
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
  /** leadloop's clock (tests pin it), for the read's watermark (readWatermark) and which meetings are over. */
  now?: () => Date;
  /** The mapping's `engagement` rules (the org's own words); defaults when absent. */
  rules?: EngagementRules;
}

type Raw = Record<string, unknown>;

const isLeadId = (v: unknown): v is string => isSalesforceId(v) && v.startsWith('00Q');

/**
 * What leads did and what reps did to them, changed after `since`, a page of events per
 * query page: closed Tasks (calls, rep e-mails, marketing-tool tasks the mapping names;
 * classifySalesforceActivity), Events that have ended (held meetings: read when they change
 * and again when they end, since an Event's stamp does not move when its time passes), and
 * campaign responses (CampaignMember `HasResponded`). Every event's watermark is the last
 * second before the read started (readWatermark): the next run's overlap is measured back
 * from this read, so a burst of Tasks logged just before it is not read again by every
 * later run.
 */
export async function* pullSalesforceEngagement(
  deps: PullSalesforceEngagementDeps,
  since: string | null,
): AsyncGenerator<EngagementEvent[]> {
  const watermark = readWatermark(deps.now);
  const rules = deps.rules ?? engagementRulesSchema.parse({});
  const after = since ? ` AND SystemModstamp > ${soqlDateTime(since)}` : '';
  const history = {
    bulk: !since && Boolean(deps.bulkForFullHistory),
    pollIntervalMs: deps.bulkPollIntervalMs,
    bulkThreshold: deps.bulkThreshold,
  };
  const taskFields =
    'Id, WhoId, Subject, Type, TaskSubtype, CallType, CallDurationInSeconds, CallDisposition, ActivityDate, CompletedDateTime, CreatedDate, SystemModstamp';
  // IsClosed, not Status = 'Completed': an org may add closed statuses of its own (TaskStatus.IsClosed)
  for await (const records of historyPages<Raw>(
    deps.session,
    'query Task',
    taskFields,
    `FROM Task WHERE WhoId != null AND IsClosed = true${after}`,
    history,
  )) {
    const events: EngagementEvent[] = [];
    for (const t of records) {
      const type = taskEngagementType(t, rules);
      const occurredAt =
        fromSalesforceDate(t['CompletedDateTime']) ??
        fromSalesforceDate(t['ActivityDate']) ??
        fromSalesforceDate(t['CreatedDate']);
      if (!type || !occurredAt || !isLeadId(t['WhoId']) || !isSalesforceId(t['Id'])) continue;
      events.push({
        externalId: t['Id'],
        leadExternalId: t['WhoId'],
        type,
        occurredAt,
        watermark,
        source: 'salesforce:Task',
        ...(typeof t['Subject'] === 'string' ? { detail: t['Subject'].slice(0, 200) } : {}),
      });
    }
    if (events.length) yield events;
  }
  const nowMs = (deps.now?.() ?? new Date()).getTime();
  const ended = `EndDateTime <= ${soqlDateTime(new Date(nowMs).toISOString())}`;
  const eventAfter = since
    ? ` AND (SystemModstamp > ${soqlDateTime(since)} OR EndDateTime > ${soqlDateTime(since)})`
    : '';
  const eventFields =
    'Id, WhoId, Subject, Type, StartDateTime, EndDateTime, DurationInMinutes, IsAllDayEvent, ActivityDate, SystemModstamp';
  for await (const records of historyPages<Raw>(
    deps.session,
    'query Event',
    eventFields,
    `FROM Event WHERE WhoId != null AND ${ended}${eventAfter}`,
    history,
  )) {
    const events: EngagementEvent[] = [];
    for (const e of records) {
      const end = eventEndMs(e);
      if (end === null || end > nowMs || !isLeadId(e['WhoId']) || !isSalesforceId(e['Id'])) continue;
      const occurredAt = fromSalesforceDate(e['StartDateTime']) ?? new Date(end).toISOString();
      events.push({
        externalId: e['Id'],
        leadExternalId: e['WhoId'],
        type: 'meeting',
        occurredAt,
        watermark,
        source: 'salesforce:Event',
        ...(typeof e['Subject'] === 'string' ? { detail: e['Subject'].slice(0, 200) } : {}),
      });
    }
    if (events.length) yield events;
  }
  const memberFields =
    'Id, LeadId, CampaignId, Campaign.Type, Campaign.Name, FirstRespondedDate, CreatedDate, SystemModstamp';
  for await (const records of historyPages<Raw>(
    deps.session,
    'query CampaignMember',
    memberFields,
    `FROM CampaignMember WHERE LeadId != null AND HasResponded = true${after}`,
    history,
  )) {
    const events: EngagementEvent[] = [];
    for (const m of records) {
      // REST nests the parent (`Campaign: {Type}`); Bulk CSV flattens it (`Campaign.Type`)
      const campaign = (m['Campaign'] ?? { Type: m['Campaign.Type'], Name: m['Campaign.Name'] }) as Raw;
      const occurredAt = fromSalesforceDate(m['FirstRespondedDate']) ?? fromSalesforceDate(m['CreatedDate']);
      if (!occurredAt || !isLeadId(m['LeadId']) || !isSalesforceId(m['Id'])) continue;
      events.push({
        externalId: m['Id'],
        leadExternalId: m['LeadId'],
        type: campaignResponseType(campaign['Type']),
        occurredAt,
        watermark,
        source: `salesforce:Campaign:${String(m['CampaignId'])}`,
        ...(typeof campaign['Name'] === 'string' ? { detail: campaign['Name'].slice(0, 200) } : {}),
      });
    }
    if (events.length) yield events;
  }
}
