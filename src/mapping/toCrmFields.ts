import type { LeadUpdate } from '../domain/connector';
import type { Mapping } from './mappingSchema';

/**
 * leadloop's values → the CRM fields of the mapping. Only defined keys are written
 * (absent is not falsy: 0 and '' are values, null clears).
 */
export function toCrmFields(mapping: Mapping, fields: LeadUpdate['fields']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (key === 'returnReason') {
      // only ever cleared by leadloop (see planWrite); the field is optional
      if (mapping.returnReasonField) out[mapping.returnReasonField] = value;
      continue;
    }
    const ref = mapping.writeBack[key as keyof Mapping['writeBack']];
    if (!ref) continue;
    out[ref.field] =
      typeof value === 'string' && ref.maxLength && value.length > ref.maxLength
        ? value.slice(0, ref.maxLength)
        : value;
  }
  return out;
}

/** Every CRM field a pull must select: id, stamp, mapped fields, qualification, attributes, write-back, reason and return-reason fields. */
export function mappedCrmFields(mapping: Mapping): string[] {
  const fields = new Set<string>([mapping.id, mapping.modifiedAt]);
  for (const ref of Object.values(mapping.fields)) if (ref) fields.add(ref.field);
  for (const ref of Object.values(mapping.qualification)) if (ref) fields.add(ref.field);
  for (const ref of Object.values(mapping.attributes)) fields.add(ref.field);
  for (const ref of Object.values(mapping.writeBack)) if (ref) fields.add(ref.field);
  if (mapping.statusReasonField) fields.add(mapping.statusReasonField);
  if (mapping.returnReasonField) fields.add(mapping.returnReasonField);
  return [...fields];
}

/** What a rep's CRM status means for the lifecycle, or null when it means nothing to leadloop. */
export function meaningOfCrmStatus(
  mapping: Mapping,
  crmStatus: string | null | undefined,
): keyof Mapping['statusMeaning'] | null {
  if (!crmStatus) return null;
  const wanted = crmStatus.trim().toLowerCase();
  for (const [kind, values] of Object.entries(mapping.statusMeaning)) {
    if (values?.some((v) => v.toLowerCase() === wanted)) return kind as keyof Mapping['statusMeaning'];
  }
  return null;
}
