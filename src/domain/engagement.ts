import { z } from 'zod';
import { isoTimestampSchema } from './lead';

/**
 * What a lead did, or what sales did to it. The lead's engagement (scored by definitions):
 * form_submit … website_visit, `inbound_call` (the lead called), `connected_call` (a call
 * with a conversation), `meeting` (held), `campaign_response`, `unsubscribe`. Sales activity
 * (a rep's own work, never scored as the lead's interest, but it is the owner touching the
 * lead for the SLA): `outbound_call` (a call attempt, no conversation recorded) and
 * `sales_email` (an e-mail a rep sent or logged).
 */
export const ENGAGEMENT_TYPES = [
  'form_submit',
  'demo_request',
  'content_download',
  'webinar_attended',
  'event_attended',
  'email_click',
  'email_open',
  'inbound_call',
  'pricing_page_visit',
  'website_visit',
  'meeting',
  'outbound_call',
  'campaign_response',
  'unsubscribe',
  'connected_call',
  'sales_email',
] as const;

/** A rep's own activity on a lead: it counts as the owner touching the lead, never as the lead's engagement. */
export const SALES_ACTIVITY_TYPES = ['outbound_call', 'sales_email'] as const;

/** Activities after a hand-over that show the owner followed the lead up (the SLA stops counting). */
export const SLA_TOUCH_TYPES: readonly EngagementType[] = ['outbound_call', 'sales_email', 'connected_call', 'meeting'];
export const engagementTypeSchema = z.enum(ENGAGEMENT_TYPES);
export type EngagementType = z.infer<typeof engagementTypeSchema>;

/** One thing a lead did, read from the CRM (activities, campaign responses) or imported. */
export const engagementEventSchema = z.object({
  /** The CRM id of the event itself (Task, CampaignMember, Call …): the de-duplication key. */
  externalId: z.string().min(1),
  leadExternalId: z.string().min(1),
  type: engagementTypeSchema,
  occurredAt: isoTimestampSchema,
  /** `occurredAt` in epoch ms, when the reader already has it: scoring then skips parsing the text. */
  occurredAtMs: z.number().optional(),
  source: z.string().optional(),
  detail: z.string().optional(),
  /**
   * The stamp the CRM read filtered on (Salesforce SystemModstamp, Sugar date_modified):
   * where the next read starts. `occurredAt` when absent. A converted lead's or closed
   * opportunity's outcome happened long before its record last changed, so a watermark
   * taken from `occurredAt` would lag and make every run read them again.
   */
  watermark: isoTimestampSchema.optional(),
});
export type EngagementEvent = z.infer<typeof engagementEventSchema>;
