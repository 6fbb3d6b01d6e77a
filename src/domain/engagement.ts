import { z } from 'zod';
import { isoTimestampSchema } from './lead';

export const ENGAGEMENT_TYPES = [
  'form_submit', 'demo_request', 'content_download', 'webinar_attended', 'event_attended',
  'email_click', 'email_open', 'inbound_call', 'pricing_page_visit', 'website_visit',
  'meeting', 'outbound_call', 'campaign_response', 'unsubscribe',
] as const;
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
