import type { EngagementType } from '../../src/domain/engagement';
import { foldAccents } from '../../src/enrich/foldText';
import type { EngagementRules } from '../../src/mapping';

type Raw = Record<string, unknown>;

/**
 * What a closed Task on a lead means, from its standard fields (Task object reference:
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_task.htm),
 * or null when it is neither the lead's engagement nor a rep's touch.
 *
 * - `CallType` Inbound (the type of call being answered: Inbound, Internal, Outbound):
 *   the lead called → `inbound_call`. Internal calls are between colleagues → null.
 * - A call (`CallType` Outbound, `TaskSubtype` Call or `Type` Call) lasting at least
 *   `connectedCallSeconds` (`CallDurationInSeconds`) whose result (`CallDisposition`, free
 *   text) is not one of the org's "nobody reached" words → `connected_call`; otherwise the
 *   rep's attempt → `outbound_call` (sales activity: a touch for the SLA, no points).
 * - The org's own marketing-tool subjects (mapping `engagement.taskSubjects`) → their type.
 * - `TaskSubtype` Email or `Type` Email: an e-mail a rep sent or logged (Outlook/Gmail
 *   integration, "Log an e-mail") → `sales_email`, sales activity. It is not the lead
 *   opening an e-mail. `ListEmail` (a mass send), `Cadence`, `LinkedIn` and plain `Task`
 *   to-dos → null.
 */
export function taskEngagementType(task: Raw, rules: EngagementRules): EngagementType | null {
  const callType = task['CallType'];
  if (callType === 'Inbound') return 'inbound_call';
  if (callType === 'Internal') return null;
  const subtype = task['TaskSubtype'];
  if (callType === 'Outbound' || subtype === 'Call' || task['Type'] === 'Call') {
    return isConversation(task['CallDurationInSeconds'], task['CallDisposition'], rules)
      ? 'connected_call'
      : 'outbound_call';
  }
  const subject = typeof task['Subject'] === 'string' ? foldAccents(task['Subject']) : '';
  if (subject)
    for (const rule of rules.taskSubjects) if (subject.includes(foldAccents(rule.subjectContains))) return rule.type;
  if (subtype === 'ListEmail') return null;
  if (subtype === 'Email' || task['Type'] === 'Email') return 'sales_email';
  return null;
}

/** A call the lead took part in: long enough, and not a result the org says means nobody answered. */
export function isConversation(seconds: unknown, result: unknown, rules: EngagementRules): boolean {
  // REST gives a number, a Bulk API 2.0 CSV cell the same number as text
  const value =
    typeof seconds === 'number' ? seconds : typeof seconds === 'string' && seconds.trim() ? Number(seconds) : NaN;
  if (!Number.isFinite(value) || value < rules.connectedCallSeconds) return false;
  if (typeof result !== 'string' || !result.trim()) return true;
  const folded = foldAccents(result);
  return !rules.notConnectedResults.some((words) => folded.includes(foldAccents(words)));
}

/**
 * An Event (a calendar entry: Event object reference,
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_event.htm)
 * on a lead is a meeting held once it has ended: `EndDateTime`, else `StartDateTime` plus
 * `DurationInMinutes`, else (all-day events) `ActivityDate`. Null while it is still ahead.
 */
export function eventEndMs(event: Raw): number | null {
  const end = typeof event['EndDateTime'] === 'string' ? Date.parse(event['EndDateTime']) : NaN;
  if (Number.isFinite(end)) return end;
  const start = typeof event['StartDateTime'] === 'string' ? Date.parse(event['StartDateTime']) : NaN;
  const minutes = Number(event['DurationInMinutes'] ?? 0) || 0;
  if (Number.isFinite(start)) return start + minutes * 60_000;
  const day =
    typeof event['ActivityDate'] === 'string' ? Date.parse(`${event['ActivityDate'].slice(0, 10)}T23:59:59Z`) : NaN;
  return Number.isFinite(day) ? day : null;
}

/** A campaign response: what the lead did depends on the campaign type (standard Campaign `Type` values). */
export function campaignResponseType(campaignType: unknown): EngagementType {
  if (campaignType === 'Webinar') return 'webinar_attended';
  if (campaignType === 'Conference' || campaignType === 'Trade Show') return 'event_attended';
  return 'campaign_response';
}
