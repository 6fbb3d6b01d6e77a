import { RecordWriteError, type SfRecord } from './createSalesforceStore';
import { formatDateTime, normalizeId } from './salesforceIds';
import type { SandboxContext } from './salesforceSandboxContext';

export interface WriteRequest {
  objectName: string;
  operation: 'create' | 'update';
  /** Target of an update. */
  id?: string;
  values: Record<string, unknown>;
  userId: string;
  /** Sforce-Auto-Assign (default TRUE): Lead assignment rules run and may overwrite OwnerId. */
  autoAssign: boolean;
}

export interface PreparedWrite {
  apply(): SfRecord;
}

const fail = (statusCode: string, message: string, fields: string[] = [], httpStatus = 400): never => {
  throw new RecordWriteError({ statusCode, message, fields }, httpStatus);
};
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const REQUIRED: Record<string, string[]> = {
  Lead: ['LastName', 'Company'],
  Account: ['Name'],
  Contact: ['LastName'],
  Opportunity: ['Name', 'StageName', 'CloseDate'],
  PermissionSet: ['Name', 'Label'],
  PermissionSetAssignment: ['AssigneeId', 'PermissionSetId'],
  CampaignMember: ['CampaignId'],
  FieldPermissions: ['ParentId', 'SobjectType', 'Field'],
};
const DEFAULTS: Record<string, Record<string, unknown>> = {
  Lead: { Status: 'Open - Not Contacted', IsConverted: false, HasOptedOutOfEmail: false, DoNotCall: false },
  Task: { Status: 'Not Started', Priority: 'Normal', TaskSubtype: 'Task' },
  CampaignMember: { Status: 'Sent' },
};

/**
 * Validates one record write the way Salesforce does (unknown or hidden fields, read-only fields,
 * types, lengths, restricted picklists, converted leads, inactive owners, injected lock errors) and
 * returns a deferred apply, so allOrNone batches can validate everything before writing anything.
 */
export function prepareWrite(ctx: SandboxContext, request: WriteRequest): PreparedWrite {
  const { store } = ctx;
  const object = store.object(request.objectName)!;
  let existing: SfRecord | undefined;
  if (request.operation === 'update') {
    const id = normalizeId(request.id ?? '');
    if (!id) fail('MALFORMED_ID', `${object.name} ID: id value of incorrect type: ${request.id}`, ['Id']);
    existing = store.get(object.name, id!);
    if (!existing || existing.Id.slice(0, 3) !== object.keyPrefix)
      fail('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
    if (existing!.IsDeleted === true) fail('ENTITY_IS_DELETED', 'entity is deleted');
    if (object.name === 'Lead' && existing!.IsConverted === true)
      fail('CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead');
  }
  if (ctx.random.next() < ctx.faults.lockErrorShare) {
    fail(
      'UNABLE_TO_LOCK_ROW',
      `unable to obtain exclusive access to this record or 1 records: ${existing?.Id ?? ''}`.trim(),
    );
  }
  const values: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(request.values)) {
    if (key === 'attributes' || (key === 'Id' && request.operation === 'update')) continue;
    const field = [...object.fields.values()].find((f) => f.name.toLowerCase() === key.toLowerCase());
    const access = field ? store.fieldAccess(object.name, field, request.userId) : 'none';
    if (!field || access === 'none')
      fail('INVALID_FIELD', `No such column '${key}' on sobject of type ${object.name}`, [key]);
    const writable = request.operation === 'create' ? field!.createable : field!.updateable;
    if (!writable || access !== 'edit') {
      fail(
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        `Unable to create/update fields: ${field!.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        [field!.name],
      );
    }
    values[field!.name] = coerce(
      ctx,
      object.name,
      field!.name,
      field!.type,
      field!.length,
      raw,
      field!.restrictedPicklist ? field!.picklistValues : undefined,
    );
  }
  if (request.operation === 'create') {
    for (const name of REQUIRED[object.name] ?? []) {
      if (values[name] === undefined || values[name] === null || values[name] === '')
        fail('REQUIRED_FIELD_MISSING', `Required fields are missing: [${name}]`, [name]);
    }
    if (object.name === 'CampaignMember') {
      const member = values.LeadId ?? values.ContactId;
      const duplicate = store
        .scan('CampaignMember')
        .find((m) => !m.IsDeleted && m.CampaignId === values.CampaignId && (m.LeadId ?? m.ContactId) === member);
      if (duplicate) fail('DUPLICATE_VALUE', 'Already a campaign member.');
    }
    if (object.name === 'PermissionSetAssignment') {
      const duplicate = store
        .scan('PermissionSetAssignment')
        .find(
          (a) => !a.IsDeleted && a.AssigneeId === values.AssigneeId && a.PermissionSetId === values.PermissionSetId,
        );
      if (duplicate)
        fail(
          'DUPLICATE_VALUE',
          `Duplicate PermissionSetAssignment. Assignee: ${String(values.AssigneeId)}; Permission Set: ${String(values.PermissionSetId)}`,
        );
    }
  }
  if (object.name === 'Lead' && request.autoAssign && ctx.assignmentRuleOwnerId)
    values.OwnerId = ctx.assignmentRuleOwnerId;
  const ownerId = values.OwnerId ?? (request.operation === 'create' ? request.userId : undefined);
  if (typeof ownerId === 'string' && ownerId.startsWith('005') && store.get('User', ownerId)?.IsActive !== true) {
    fail(
      'INACTIVE_OWNER_OR_USER',
      `operation performed with inactive user [${ownerId}] as owner of ${object.name.toLowerCase()}`,
      ['OwnerId'],
    );
  }
  return {
    apply: () => {
      ctx.calls.recordsWritten += 1;
      if (request.operation === 'update') return store.update(object.name, existing!.Id, values, request.userId);
      return store.insert(object.name, { ...DEFAULTS[object.name], OwnerId: ownerId, ...values }, request.userId);
    },
  };
}

function coerce(
  ctx: SandboxContext,
  objectName: string,
  name: string,
  type: string,
  length: number,
  raw: unknown,
  picklist?: string[],
): unknown {
  if (raw === null || raw === '' || raw === '#N/A') return null;
  const wrongType = (): never =>
    fail('INVALID_TYPE_ON_FIELD_IN_RECORD', `${name}: value not of required type: ${String(raw)}`, [name]);
  switch (type) {
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      return raw === 'true' || raw === 'TRUE' ? true : raw === 'false' || raw === 'FALSE' ? false : wrongType();
    case 'int':
    case 'double':
    case 'currency':
    case 'percent': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      return Number.isFinite(n) ? (type === 'int' ? Math.trunc(n) : n) : wrongType();
    }
    case 'datetime': {
      const ms = typeof raw === 'string' ? Date.parse(raw.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : NaN;
      return Number.isNaN(ms) ? wrongType() : formatDateTime(ms);
    }
    case 'date':
      return typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}/.test(raw) ? raw.slice(0, 10) : wrongType();
    case 'reference':
    case 'id': {
      const id = typeof raw === 'string' ? normalizeId(raw) : null;
      if (!id) fail('MALFORMED_ID', `${name}: id value of incorrect type: ${String(raw)}`, [name]);
      const exists = [...ctx.store.schema.values()].some(
        (o) => o.keyPrefix === id!.slice(0, 3) && ctx.store.get(o.name, id!),
      );
      return exists ? id : fail('INVALID_CROSS_REFERENCE_KEY', `${name}: id value of incorrect type: ${id}`, [name]);
    }
    default: {
      const text =
        typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : wrongType();
      if (length > 0 && text.length > length)
        fail('STRING_TOO_LONG', `${name}: data value too large: ${text.slice(0, 40)} (max length=${length})`, [name]);
      if (type === 'email' && !EMAIL.test(text))
        fail('INVALID_EMAIL_ADDRESS', `${name}: invalid email address: ${text}`, [name]);
      if (picklist && !picklist.includes(text)) {
        fail('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${name}: bad value for restricted picklist field: ${text}`, [
          name,
        ]);
      }
      return text;
    }
  }
}
