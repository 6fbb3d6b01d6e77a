import { z } from 'zod';
import { engagementTypeSchema } from '../domain/engagement';
import { ATTRIBUTE_TYPES, CANONICAL_LEAD_FIELDS, crmKindSchema } from '../domain/lead';
import { OUTCOME_KINDS } from '../domain/outcome';

/** The closed set of value transforms a mapping may name (files hold no code). */
export const TRANSFORMS = [
  'trim',
  'lowercase',
  'uppercase',
  'integer',
  'number',
  'boolean',
  'isoDate',
  'emptyToNull',
] as const;
export type TransformName = (typeof TRANSFORMS)[number];

const crmFieldName = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$/,
    'must be a CRM field API name (letters, digits, underscores)',
  );

/** `Email` or `{ field: Email, transform: lowercase }`. */
const fieldRef = z.union([
  crmFieldName.transform((field) => ({ field, transform: undefined as TransformName | undefined })),
  z.strictObject({ field: crmFieldName, transform: z.enum(TRANSFORMS).optional() }),
]);
export type FieldRef = z.infer<typeof fieldRef>;

const writeRef = z.union([
  crmFieldName.transform((field) => ({ field, maxLength: undefined as number | undefined })),
  z.strictObject({ field: crmFieldName, maxLength: z.number().int().positive().optional() }),
]);

const canonicalField = z.enum(CANONICAL_LEAD_FIELDS);

export const QUALIFICATION_KEYS = [
  'budget',
  'decisionMaker',
  'need',
  'timeline',
  'urgencyEvent',
  'competingProposals',
  'complementaryInterest',
] as const;

/** A qualification answer: a CRM field, and for enum answers how CRM values translate. */
const qualificationRef = z.strictObject({
  field: crmFieldName,
  /** CRM value → canonical value (e.g. 'Aprobado' → 'approved'); unlisted values are field issues. */
  values: z.record(z.string(), z.union([z.string(), z.boolean()])).optional(),
});

/**
 * How the org's activity records read as engagement, in the org's own words. Standard fields
 * decide first (call direction, duration, held meetings, campaign responses); these only add
 * what they cannot say. Texts are compared case- and accent-insensitively, as substrings.
 */
export const engagementRulesSchema = z.strictObject({
  /** A call of at least this many seconds is a conversation with the lead (`connected_call`); shorter is an attempt. */
  connectedCallSeconds: z.number().int().min(1).max(86_400).default(60),
  /** Call results (Salesforce CallDisposition, Sugar call description) meaning nobody was reached, e.g. "No answer", "Buzón de voz". */
  notConnectedResults: z.array(z.string().trim().min(1)).default([]),
  /**
   * Tasks a marketing tool logs on leads, by subject (first match wins), e.g.
   * `{ subjectContains: "Form submitted", type: form_submit }`. Empty by default: a stock org's
   * Tasks are what reps do.
   */
  taskSubjects: z
    .array(
      z.strictObject({
        subjectContains: z.string().trim().min(1),
        type: engagementTypeSchema.refine(
          (t) => t !== 'outbound_call' && t !== 'sales_email',
          "a marketing-tool task is the lead's doing: name an engagement type, not sales activity",
        ),
      }),
    )
    .default([]),
});
export type EngagementRules = z.infer<typeof engagementRulesSchema>;

/** An attribute's name as definitions use it (`signal: attribute, attribute: productInterest`). */
export const attributeNameSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'an attribute name is letters, digits and underscores');

/** Any CRM field (or CSV column) read into the lead's attributes, with its type. */
const attributeRef = z.strictObject({
  field: crmFieldName,
  type: z.enum(ATTRIBUTE_TYPES),
  /** Column headers a CSV export may use for this field instead of its API name (labels, translations). */
  labels: z.array(z.string().min(1)).optional(),
});
export type AttributeRef = z.infer<typeof attributeRef>;

export const mappingSchema = z.strictObject({
  crm: crmKindSchema,
  /** The lead object/module: `Lead` (Salesforce) or `Leads` (SugarCRM). */
  object: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/),
  /** The record id field and the modification stamp the cursor follows. */
  id: crmFieldName,
  modifiedAt: crmFieldName,
  /** Canonical lead field ← CRM field. */
  fields: z.partialRecord(canonicalField, fieldRef).refine((f) => Object.keys(f).length > 0, 'map at least one field'),
  qualification: z.partialRecord(z.enum(QUALIFICATION_KEYS), qualificationRef).default({}),
  /** Attribute name ← any other CRM field, for definitions that score on the org's own fields. */
  attributes: z.record(attributeNameSchema, attributeRef).default({}),
  /** CRM field → the column headers a CSV export may use for it (labels); API names always match. */
  headerLabels: z.record(crmFieldName, z.array(z.string().min(1))).default({}),
  /** leadloop value → CRM field it is written to. */
  writeBack: z.strictObject({
    score: writeRef,
    grade: writeRef,
    status: writeRef,
    reasons: writeRef,
    scoredAt: writeRef.optional(),
    slaDueAt: writeRef.optional(),
    ownerId: writeRef.optional(),
  }),
  /** Opt-in: enriched values written to CRM fields, only when the CRM holds no value. */
  enrichmentWriteBack: z
    .partialRecord(z.enum(['industry', 'employees', 'country', 'website', 'phone']), writeRef)
    .default({}),
  /**
   * Language of the reasons text written into the CRM: `owner` follows the lead owner's CRM
   * language (both languages when it is unknown, e.g. a queue), or force `en`, `es` or `both`.
   */
  reasonsLanguage: z.enum(['owner', 'en', 'es', 'both']).default('owner'),
  /** What reps' CRM status values mean (values compared case-insensitively). */
  statusMeaning: z.partialRecord(z.enum(OUTCOME_KINDS), z.array(z.string().min(1))).default({}),
  /** Where reps write why they returned or disqualified a lead (optional: a missing one is a warning). */
  statusReasonField: crmFieldName.optional(),
  /**
   * The picklist a rep fills in to return a lead to marketing (`leadloop setup` creates it on
   * Salesforce, the package on Sugar): a value makes the lead recycled with that reason, as a
   * recycled CRM status would. Optional: a missing one is a warning.
   */
  returnReasonField: crmFieldName.optional(),
  /** How activities read as engagement (see engagementRulesSchema); defaults suit a stock org. */
  engagement: engagementRulesSchema.default({ connectedCallSeconds: 60, notConnectedResults: [], taskSubjects: [] }),
});

export type Mapping = z.infer<typeof mappingSchema>;
