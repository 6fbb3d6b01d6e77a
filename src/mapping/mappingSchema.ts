import { z } from 'zod';
import { CANONICAL_LEAD_FIELDS, crmKindSchema } from '../domain/lead';
import { OUTCOME_KINDS } from '../domain/outcome';

/** The closed set of value transforms a mapping may name (files hold no code). */
export const TRANSFORMS = ['trim', 'lowercase', 'uppercase', 'integer', 'number', 'boolean', 'isoDate', 'emptyToNull'] as const;
export type TransformName = (typeof TRANSFORMS)[number];

const crmFieldName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$/, 'must be a CRM field API name (letters, digits, underscores)');

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

export const QUALIFICATION_KEYS = ['budget', 'decisionMaker', 'need', 'timeline', 'urgencyEvent', 'competingProposals', 'complementaryInterest'] as const;

/** A qualification answer: a CRM field, and for enum answers how CRM values translate. */
const qualificationRef = z.strictObject({
  field: crmFieldName,
  /** CRM value → canonical value (e.g. 'Aprobado' → 'approved'); unlisted values are field issues. */
  values: z.record(z.string(), z.union([z.string(), z.boolean()])).optional(),
});

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
  enrichmentWriteBack: z.partialRecord(z.enum(['industry', 'employees', 'country', 'website', 'phone']), writeRef).default({}),
  /**
   * Language of the reasons text written into the CRM: `owner` follows the lead owner's CRM
   * language (both languages when it is unknown, e.g. a queue), or force `en`, `es` or `both`.
   */
  reasonsLanguage: z.enum(['owner', 'en', 'es', 'both']).default('owner'),
  /** What reps' CRM status values mean (values compared case-insensitively). */
  statusMeaning: z.partialRecord(z.enum(OUTCOME_KINDS), z.array(z.string().min(1))).default({}),
  /** Where reps write why they returned or disqualified a lead. */
  statusReasonField: crmFieldName.optional(),
});

export type Mapping = z.infer<typeof mappingSchema>;
