import express, { type Router } from 'express';
import { findSession } from './createApiGuard';
import type { SfRecord } from './createSalesforceStore';
import type { SandboxContext } from './salesforceSandboxContext';
import { createField, type FieldType } from './salesforceSchema';
import { child, children, parseXml, soapEnvelope, soapFault, textOf, toXml, type XmlElement } from './soapXml';

const FIELD_TYPES: Record<string, FieldType> = {
  Text: 'string',
  LongTextArea: 'textarea',
  TextArea: 'textarea',
  Number: 'double',
  Currency: 'currency',
  Percent: 'percent',
  Checkbox: 'boolean',
  Date: 'date',
  DateTime: 'datetime',
  Picklist: 'picklist',
  Email: 'email',
  Url: 'url',
  Phone: 'phone',
};

type Result = {
  fullName: string;
  success: boolean;
  created?: boolean;
  errors?: { fields?: string; message: string; statusCode: string };
};

/**
 * The Metadata API calls setup makes through jsforce's conn.metadata: createMetadata, upsertMetadata,
 * updateMetadata and readMetadata for CustomField and PermissionSet, at /services/Soap/m/{version}.
 */
export function metadataRoutes(ctx: SandboxContext): Router {
  const router = express.Router({ mergeParams: true });
  router.post('/', (req, res) => {
    const envelope = parseXml(typeof req.body === 'string' ? req.body : '');
    const root = child(envelope, 'Envelope');
    const session = findSession(ctx, textOf(child(child(root, 'Header'), 'SessionHeader'), 'sessionId'));
    res.type('text/xml');
    if (!session)
      return void res
        .status(500)
        .send(soapFault('INVALID_SESSION_ID', 'Invalid Session ID found in SessionHeader: Illegal Session'));
    const call = child(root, 'Body')?.children[0];
    ctx.count(`metadata.${call?.name ?? 'unknown'}`);
    const respond = (result: unknown) =>
      res.send(soapEnvelope(`<${call!.name}Response>${toXml({ result })}</${call!.name}Response>`));
    switch (call?.name) {
      case 'createMetadata':
      case 'upsertMetadata':
      case 'updateMetadata':
        return void respond(children(call, 'metadata').map((m) => saveMetadata(ctx, m, call.name, session.userId)));
      case 'readMetadata': {
        const type = textOf(call, 'type') ?? '';
        return void respond({
          records: children(call, 'fullNames').map((n) => readMetadata(ctx, type, n.text.trim())),
        });
      }
      default:
        res
          .status(500)
          .send(soapFault('INVALID_OPERATION', `Unsupported operation in the sandbox: ${call?.name ?? 'none'}`));
    }
  });
  return router;
}

function saveMetadata(ctx: SandboxContext, element: XmlElement, call: string, userId: string): Result {
  const type = element.attributes['xsi:type']?.replace(/^.*:/, '');
  const fullName = textOf(element, 'fullName') ?? '';
  const error = (statusCode: string, message: string, fields?: string): Result => ({
    fullName,
    success: false,
    errors: { ...(fields ? { fields } : {}), message, statusCode },
  });
  if (type === 'CustomField') {
    const [objectName, fieldName] = fullName.split('.');
    const object = objectName ? ctx.store.object(objectName) : undefined;
    if (!object || !fieldName)
      return error(
        'INVALID_CROSS_REFERENCE_KEY',
        `In field: fullName - no CustomObject named ${objectName} found`,
        'fullName',
      );
    if (!/^[A-Za-z][A-Za-z0-9_]*__c$/.test(fieldName))
      return error('FIELD_INTEGRITY_EXCEPTION', `Invalid custom field name: ${fieldName}`, 'fullName');
    const fieldType = FIELD_TYPES[textOf(element, 'type') ?? ''];
    if (!fieldType)
      return error('FIELD_INTEGRITY_EXCEPTION', `Invalid field type: ${textOf(element, 'type') ?? '(none)'}`, 'type');
    const existing = object.fields.get(fieldName);
    if (existing && call === 'createMetadata')
      return error(
        'DUPLICATE_DEVELOPER_NAME',
        `There is already a field named ${fieldName} on ${objectName}.`,
        'fullName',
      );
    if (!existing && call === 'updateMetadata')
      return error('INVALID_CROSS_REFERENCE_KEY', `no CustomField named ${fullName} found`, 'fullName');
    const valueSet = child(element, 'valueSet');
    const values = children(child(valueSet, 'valueSetDefinition'), 'value').map((v) => textOf(v, 'fullName') ?? '');
    const length = Number(
      textOf(element, 'length') ?? (fieldType === 'textarea' ? 32768 : fieldType === 'string' ? 255 : 0),
    );
    ctx.store.addField(
      object.name,
      createField(fieldName, fieldType, {
        label: textOf(element, 'label') ?? fieldName,
        length,
        externalId: textOf(element, 'externalId') === 'true',
        picklistValues: values.length > 0 ? values : undefined,
        needsFieldPermission: true,
        restrictedPicklist: fieldType === 'picklist' && textOf(valueSet, 'restricted') === 'true',
        inlineHelpText: textOf(element, 'inlineHelpText'),
      }),
    );
    return { fullName, success: true, ...(call === 'upsertMetadata' ? { created: !existing } : {}) };
  }
  if (type === 'PermissionSet') {
    const existing = ctx.store.scan('PermissionSet').find((p) => p.Name === fullName && !p.IsDeleted);
    if (existing && call === 'createMetadata')
      return error('DUPLICATE_DEVELOPER_NAME', `This Permission Set API Name already exists: ${fullName}`, 'fullName');
    const label = textOf(element, 'label') ?? fullName;
    const permissionSet: SfRecord = existing
      ? ctx.store.update('PermissionSet', existing.Id, { Label: label }, userId)
      : ctx.store.insert('PermissionSet', { Name: fullName, Label: label, IsOwnedByProfile: false }, userId);
    for (const permission of children(element, 'fieldPermissions')) {
      const field = textOf(permission, 'field') ?? '';
      const [objectName, fieldName] = field.split('.');
      if (!objectName || !fieldName || !ctx.store.object(objectName)?.fields.has(fieldName))
        return error('FIELD_INTEGRITY_EXCEPTION', `Unknown field: ${field}`, 'fieldPermissions');
      const values = {
        PermissionsRead: textOf(permission, 'readable') === 'true',
        PermissionsEdit: textOf(permission, 'editable') === 'true',
      };
      const current = ctx.store
        .scan('FieldPermissions')
        .find((f) => f.ParentId === permissionSet.Id && f.Field === field && !f.IsDeleted);
      if (current) ctx.store.update('FieldPermissions', current.Id, values, userId);
      else
        ctx.store.insert(
          'FieldPermissions',
          { ParentId: permissionSet.Id, SobjectType: objectName, Field: field, ...values },
          userId,
        );
    }
    return { fullName, success: true, ...(call === 'upsertMetadata' ? { created: !existing } : {}) };
  }
  return error('INVALID_TYPE', `Metadata type ${type ?? '(none)'} is not supported by the sandbox`);
}

function readMetadata(ctx: SandboxContext, type: string, fullName: string): Record<string, unknown> {
  if (type === 'CustomField') {
    const [objectName, fieldName] = fullName.split('.');
    const field = objectName && fieldName ? ctx.store.object(objectName)?.fields.get(fieldName) : undefined;
    if (!field?.custom) return { '@xsi:type': type };
    const metadataType = Object.entries(FIELD_TYPES).find(([, t]) => t === field.type)?.[0];
    return {
      '@xsi:type': type,
      fullName,
      externalId: field.externalId,
      label: field.label,
      ...(field.length ? { length: field.length } : {}),
      type: metadataType,
    };
  }
  if (type === 'PermissionSet') {
    const set = ctx.store.scan('PermissionSet').find((p) => p.Name === fullName && !p.IsDeleted);
    if (!set) return { '@xsi:type': type };
    const fieldPermissions = ctx.store
      .scan('FieldPermissions')
      .filter((f) => f.ParentId === set.Id && !f.IsDeleted)
      .map((f) => ({ editable: f.PermissionsEdit === true, field: f.Field, readable: f.PermissionsRead === true }));
    return { '@xsi:type': type, fullName, fieldPermissions, label: set.Label };
  }
  return { '@xsi:type': type };
}
