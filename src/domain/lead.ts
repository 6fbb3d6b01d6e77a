import { z } from 'zod';
import { leadStatusSchema } from './status';

// the CRMs are named in one place, the connector registry
import { CRM_KINDS, crmKindSchema, type CrmKind } from '../../connectors';
export { CRM_KINDS, crmKindSchema, type CrmKind };

/** ISO-8601 timestamp with offset, as the CRMs return them. */
export const isoTimestampSchema = z.iso.datetime({ offset: true });

/** A problem with one field of one lead: the lead is still processed, the field is left out. */
export const fieldIssueSchema = z.object({
  field: z.string(),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof fieldIssueSchema>;

/** Answers from sales conversations (BANT plus what the domain articles add). */
export const qualificationSchema = z.object({
  budget: z.enum(['unknown', 'none', 'planned', 'approved']).optional(),
  decisionMaker: z.boolean().optional(),
  need: z.string().optional(),
  timeline: z.enum(['unknown', 'immediate', 'quarter', 'half_year', 'year', 'none']).optional(),
  urgencyEvent: z.string().optional(),
  competingProposals: z.boolean().optional(),
  complementaryInterest: z.boolean().optional(),
});
export type Qualification = z.infer<typeof qualificationSchema>;

export const attributeValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]);
export type AttributeValue = z.infer<typeof attributeValueSchema>;

/** How an attribute's CRM value is read: the type a mapping declares for it. */
export const ATTRIBUTE_TYPES = ['text', 'number', 'boolean', 'date', 'picklist', 'multi-picklist'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

/** What leadloop last wrote into (or read back from) the CRM's leadloop fields. */
export const leadloopFieldsSchema = z.object({
  score: z.number().nullable().optional(),
  grade: z.string().nullable().optional(),
  status: leadStatusSchema.nullable().optional(),
  reasons: z.string().nullable().optional(),
  scoredAt: z.string().nullable().optional(),
  slaDueAt: z.string().nullable().optional(),
  /**
   * The return reason a rep chose (mapping `returnReasonField`): read with the lead, and
   * cleared by leadloop once the lead leaves `recycled` (see planWrite), never set by it.
   */
  returnReason: z.string().nullable().optional(),
});
export type LeadloopFields = z.infer<typeof leadloopFieldsSchema>;

/**
 * The canonical lead: what every connector produces and the rest of the service speaks.
 * Absent is not falsy: an undefined field is unknown; `null` means the CRM holds no value.
 */
export const canonicalLeadSchema = z.object({
  crm: crmKindSchema,
  externalId: z.string().min(1),
  modifiedAt: isoTimestampSchema,
  createdAt: isoTimestampSchema.optional(),

  firstName: z.string().nullable().optional(),
  lastName: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
  mobilePhone: z.string().nullable().optional(),
  title: z.string().nullable().optional(),

  company: z.string().nullable().optional(),
  website: z.string().nullable().optional(),
  industry: z.string().nullable().optional(),
  employees: z.number().int().nonnegative().nullable().optional(),
  annualRevenue: z.number().nonnegative().nullable().optional(),
  country: z.string().nullable().optional(),
  state: z.string().nullable().optional(),
  city: z.string().nullable().optional(),

  leadSource: z.string().nullable().optional(),
  crmStatus: z.string().nullable().optional(),
  ownerId: z.string().nullable().optional(),
  isConverted: z.boolean().optional(),
  unsubscribed: z.boolean().optional(),

  qualification: qualificationSchema.optional(),
  /**
   * The org's own fields the mapping declares as attributes (product interest, web
   * visits, a form's answers…), by attribute name: text, a number, a boolean, an ISO date,
   * or the values of a multi-select picklist. `null` means the CRM holds no value.
   */
  attributes: z.record(z.string(), attributeValueSchema).optional(),
  /** The values the CRM currently holds in leadloop's own fields. */
  leadloop: leadloopFieldsSchema.optional(),
  /** Fields the mapping could not read; the lead goes on without them. */
  fieldIssues: z.array(fieldIssueSchema).optional(),
});
export type CanonicalLead = z.infer<typeof canonicalLeadSchema>;

/** Canonical field names a definition or mapping may refer to. */
export const CANONICAL_LEAD_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'mobilePhone',
  'title',
  'company',
  'website',
  'industry',
  'employees',
  'annualRevenue',
  'country',
  'state',
  'city',
  'leadSource',
  'crmStatus',
  'ownerId',
  'isConverted',
  'unsubscribed',
  'createdAt',
] as const;
export type CanonicalLeadField = (typeof CANONICAL_LEAD_FIELDS)[number];
