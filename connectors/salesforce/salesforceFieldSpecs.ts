import { LEAD_STATUSES } from '../../src/domain/status';

/** A custom field leadloop creates, in Metadata API CustomField terms. */
export interface CustomFieldSpec {
  label: string;
  type: 'Number' | 'Text' | 'Picklist' | 'LongTextArea' | 'DateTime';
  description: string;
  inlineHelpText: string;
  precision?: number;
  scale?: number;
  length?: number;
  visibleLines?: number;
  picklistValues?: readonly string[];
}

type WriteBackRole = 'score' | 'grade' | 'status' | 'reasons' | 'scoredAt' | 'slaDueAt';

/**
 * The Lead fields leadloop writes, by their role in the mapping's `writeBack` (the API name
 * comes from the mapping; these are the defaults in mappings/salesforce.yaml). The same
 * definitions ship as source-format metadata in connectors/salesforce/force-app.
 * Help texts are read by reps: English, then Spanish.
 */
export const LEADLOOP_FIELD_SPECS: Record<WriteBackRole, CustomFieldSpec> = {
  score: {
    label: 'LeadLoop Score', type: 'Number', precision: 3, scale: 0,
    description: 'Fit score 0-100 written by leadloop.',
    inlineHelpText: 'How well this lead matches the ideal customer (0-100). / Qué tan bien encaja este lead con el cliente ideal (0-100).',
  },
  grade: {
    label: 'LeadLoop Grade', type: 'Picklist', picklistValues: ['A', 'B', 'C', 'D'],
    description: 'Grade A-D written by leadloop.',
    inlineHelpText: 'A = best fit, D = weakest. / A = mejor encaje, D = el más débil.',
  },
  status: {
    label: 'LeadLoop Status', type: 'Picklist', picklistValues: LEAD_STATUSES,
    description: 'Lifecycle stage written by leadloop (new, nurture, mql, sal, sql, recycled, disqualified, won, lost).',
    inlineHelpText: 'Where this lead is in the marketing-to-sales lifecycle. / En qué etapa del ciclo marketing-ventas está este lead.',
  },
  reasons: {
    label: 'LeadLoop Reasons', type: 'LongTextArea', length: 32768, visibleLines: 5,
    description: 'Why leadloop scored the lead as it did.',
    inlineHelpText: 'Why this lead got its score. / Por qué este lead obtuvo su puntuación.',
  },
  scoredAt: {
    label: 'LeadLoop Scored At', type: 'DateTime',
    description: 'When leadloop last scored the lead.',
    inlineHelpText: 'When leadloop last scored this lead. / Cuándo leadloop puntuó este lead por última vez.',
  },
  slaDueAt: {
    label: 'LeadLoop SLA Due', type: 'DateTime',
    description: 'When sales should have followed up this lead.',
    inlineHelpText: 'Follow up this lead before this time. / Contacta este lead antes de esta hora.',
  },
};

/** The permission set setup creates and assigns to leadloop's integration user. */
export const LEADLOOP_PERMISSION_SET = { fullName: 'LeadLoop', label: 'LeadLoop Integration', description: "Read and edit leadloop's Lead fields." } as const;

/** The CustomField metadata (Metadata API / source format) for one field. */
export function customFieldMetadata(objectName: string, fieldName: string, spec: CustomFieldSpec): Record<string, unknown> {
  const metadata: Record<string, unknown> = {
    fullName: `${objectName}.${fieldName}`, label: spec.label, type: spec.type, description: spec.description, inlineHelpText: spec.inlineHelpText,
    required: false, externalId: false, trackHistory: false,
  };
  if (spec.type === 'Number') Object.assign(metadata, { precision: spec.precision, scale: spec.scale, unique: false });
  if (spec.type === 'Text') Object.assign(metadata, { length: spec.length, unique: false });
  if (spec.type === 'LongTextArea') Object.assign(metadata, { length: spec.length, visibleLines: spec.visibleLines });
  if (spec.type === 'Picklist') {
    metadata.valueSet = {
      restricted: true,
      valueSetDefinition: { sorted: false, value: (spec.picklistValues ?? []).map((value) => ({ fullName: value, default: false, label: value })) },
    };
  }
  // Elements in the order of the Metadata WSDL's CustomField sequence (alphabetical after fullName).
  const { fullName, ...rest } = metadata;
  return { fullName, ...Object.fromEntries(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b))) };
}
