import type { DescribeSObjectResult } from 'jsforce';
import type { FieldDescription, LeadObjectDescription } from '../../src/domain/connector';
import { missingWriteBackFields, type Mapping } from '../../src/mapping';
import type { SalesforceSession } from './salesforceSession';
import { assertSoqlName } from './soql';

type DescribedField = DescribeSObjectResult['fields'][number];

/** One field of `GET sobjects/Lead/describe` → the connector contract's field description. */
export function toFieldDescription(field: DescribedField): FieldDescription {
  const picklistValues = (field.picklistValues ?? []).filter((p) => p.active !== false).map((p) => String(p.value));
  return {
    name: field.name,
    label: field.label,
    type: field.type,
    updateable: field.updateable === true,
    custom: field.custom === true,
    ...(picklistValues.length > 0 ? { picklistValues } : {}),
    ...(typeof field.length === 'number' && field.length > 0 ? { length: field.length } : {}),
  };
}

/**
 * Describes the mapping's object (Lead) as leadloop's user sees it — a custom field that
 * field-level security hides is absent here, like in the API — and lists the write-back
 * fields it lacks. One API call.
 */
export async function describeSalesforceLeads(session: SalesforceSession, mapping: Mapping): Promise<LeadObjectDescription> {
  const objectName = assertSoqlName(mapping.object);
  const described = await session.call(`describe ${objectName}`, (conn) => conn.describe(objectName));
  const fields = described.fields.map(toFieldDescription);
  return { fields, missingFields: missingWriteBackFields(mapping, fields) };
}
