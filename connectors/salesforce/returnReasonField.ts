/**
 * LeadLoop_Return_Reason__c: the restricted picklist a rep fills in to return a lead to
 * marketing on any org (a standard org's Lead Status has no "Recycled"). The values are
 * English, the help text gives their Spanish reading; `leadloop report` groups returns by them.
 * Shapes: CustomField `valueSet` { restricted, valueSetDefinition { sorted, value[] } } and
 * `inlineHelpText` (field-level help, at most 510 characters):
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/customfield.htm ·
 * https://jsforce.github.io/jsforce/types/api_metadata_schema.ValueSet.html ·
 * https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_customvalue.htm
 * The same field ships in force-app/main/default/objects/Lead/fields/LeadLoop_Return_Reason__c.field-meta.xml.
 */

/** Each reason in English (the stored value) and its Spanish reading. */
export const RETURN_REASONS: readonly { value: string; es: string }[] = [
  { value: 'Not ready to buy', es: 'No está listo para comprar' },
  { value: 'No budget', es: 'Sin presupuesto' },
  { value: 'Not the decision maker', es: 'No es quien decide' },
  { value: 'Bad timing', es: 'No es el momento' },
  { value: 'Not a fit', es: 'No encaja' },
  { value: 'No response', es: 'Sin respuesta' },
  { value: 'Competitor chosen', es: 'Eligió a la competencia' },
  { value: 'Other', es: 'Otro' },
];

/** Salesforce's limit for field-level help text. */
export const INLINE_HELP_MAX = 510;

export const RETURN_REASON_HELP =
  'Returns this lead to marketing: pick why. On its next sync leadloop puts the lead back in nurture with this reason and empties the field. ' +
  'Devolver a marketing: elija el motivo; leadloop lo registra y vacía el campo. ' +
  RETURN_REASONS.map((r) => `${r.value} = ${r.es}`).join('; ') +
  '.';

export const RETURN_REASON_DESCRIPTION =
  'Why sales returned the lead to marketing. leadloop records the return (recycled, with this reason) and empties the field.';

/** The Metadata API CustomField for the return reason on `object`. */
export function returnReasonFieldMetadata(object: string, field: string): Record<string, unknown> {
  return {
    fullName: `${object}.${field}`,
    label: 'LeadLoop Return Reason',
    type: 'Picklist',
    description: RETURN_REASON_DESCRIPTION,
    inlineHelpText: RETURN_REASON_HELP,
    required: false,
    valueSet: {
      restricted: true,
      valueSetDefinition: {
        sorted: false,
        value: RETURN_REASONS.map((r) => ({ fullName: r.value, default: false, label: r.value })),
      },
    },
  };
}
