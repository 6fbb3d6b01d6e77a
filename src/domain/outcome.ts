import { z } from 'zod';
import { isoTimestampSchema } from './lead';

/**
 * A sales-side event read back from the CRM (or imported): a rep accepted, qualified,
 * returned or disqualified a lead, or its opportunity was won or lost.
 */
export const OUTCOME_KINDS = ['accepted', 'qualified', 'recycled', 'disqualified', 'won', 'lost'] as const;
export const outcomeKindSchema = z.enum(OUTCOME_KINDS);
export type OutcomeKind = z.infer<typeof outcomeKindSchema>;

export const outcomeEventSchema = z.object({
  leadExternalId: z.string().min(1),
  kind: outcomeKindSchema,
  occurredAt: isoTimestampSchema,
  /** e.g. the Opportunity id, or `status:<value>` for a rep's status change: the de-duplication key with kind. */
  sourceId: z.string().min(1),
  amount: z.number().nullable().optional(),
  currency: z.string().optional(),
  reason: z.string().nullable().optional(),
  ownerId: z.string().nullable().optional(),
  /**
   * The stamp the CRM read filtered on (Salesforce SystemModstamp, Sugar date_modified):
   * where the next read starts. `occurredAt` when absent. A converted lead's or closed
   * opportunity's outcome happened long before its record last changed, so a watermark
   * taken from `occurredAt` would lag and make every run read them again.
   */
  watermark: isoTimestampSchema.optional(),
});
export type OutcomeEvent = z.infer<typeof outcomeEventSchema>;
