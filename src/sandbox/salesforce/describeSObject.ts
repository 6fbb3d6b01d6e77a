import type { SfRecord } from './createSalesforceStore';
import type { SandboxContext } from './salesforceSandboxContext';
import type { FieldDef, ObjectDef } from './salesforceSchema';

const SOAP_TYPES: Record<string, string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  boolean: 'xsd:boolean',
  datetime: 'xsd:dateTime',
  date: 'xsd:date',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
  int: 'xsd:int',
};

/** The fields `userId` can see: custom fields created at run time only once FLS grants them. */
export function visibleFields(
  ctx: SandboxContext,
  object: ObjectDef,
  userId: string,
): { field: FieldDef; access: 'read' | 'edit' }[] {
  const out: { field: FieldDef; access: 'read' | 'edit' }[] = [];
  for (const field of object.fields.values()) {
    const access = ctx.store.fieldAccess(object.name, field, userId);
    if (access !== 'none') out.push({ field, access });
  }
  return out;
}

/** GET sobjects/{type}/describe, trimmed to the properties clients read. */
export function describeSObject(
  ctx: SandboxContext,
  object: ObjectDef,
  userId: string,
  version: string,
): Record<string, unknown> {
  const base = `/services/data/v${version}/sobjects/${object.name}`;
  return {
    name: object.name,
    label: object.label,
    labelPlural: `${object.label}s`,
    keyPrefix: object.keyPrefix,
    custom: false,
    createable: true,
    updateable: true,
    deletable: true,
    queryable: true,
    retrieveable: true,
    searchable: true,
    layoutable: true,
    urls: { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` },
    fields: visibleFields(ctx, object, userId).map(({ field, access }) => ({
      name: field.name,
      label: field.label,
      type: field.type,
      soapType: SOAP_TYPES[field.type] ?? 'xsd:string',
      length: field.length,
      custom: field.custom,
      nillable: field.nillable,
      createable: access === 'edit' && field.createable,
      updateable: access === 'edit' && field.updateable,
      externalId: field.externalId,
      idLookup: field.externalId || field.name === 'Id',
      unique: field.externalId,
      filterable: true,
      sortable: field.type !== 'textarea',
      calculated: false,
      defaultedOnCreate: [
        'Id',
        'IsDeleted',
        'CreatedDate',
        'CreatedById',
        'LastModifiedDate',
        'LastModifiedById',
        'SystemModstamp',
        'OwnerId',
      ].includes(field.name),
      referenceTo: field.referenceTo ?? [],
      relationshipName: field.relationshipName ?? null,
      picklistValues: (field.picklistValues ?? []).map((value, i) => ({
        active: true,
        defaultValue: i === 0 && field.name === 'Status',
        label: value,
        value,
        validFor: null,
      })),
      restrictedPicklist: field.restrictedPicklist === true,
      inlineHelpText: field.inlineHelpText ?? null,
      precision: field.type === 'currency' ? 18 : 0,
      scale: field.type === 'currency' ? 2 : 0,
    })),
  };
}

/** A record as GET sobjects/{type}/{id} returns it: attributes, then every visible (or requested) field, absent as null. */
export function serializeRecord(
  ctx: SandboxContext,
  object: ObjectDef,
  record: SfRecord,
  userId: string,
  version: string,
  only?: string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    attributes: { type: object.name, url: `/services/data/v${version}/sobjects/${object.name}/${record.Id}` },
  };
  const wanted = only?.map((name) => name.toLowerCase());
  for (const { field } of visibleFields(ctx, object, userId)) {
    if (wanted && !wanted.includes(field.name.toLowerCase())) continue;
    out[field.name] = record[field.name] ?? (field.type === 'boolean' ? false : null);
  }
  return out;
}
