import {
  createField,
  createSalesforceSchema,
  type FieldDef,
  type ObjectDef,
  type SalesforceOrgShape,
} from './salesforceSchema';
import { formatDate, formatDateTime, makeId } from './salesforceIds';

/** A stored record: Salesforce API values keyed by field name; absent means null (keeps 100k orgs small). */
export type SfRecord = Record<string, unknown> & { Id: string; SystemModstamp: string };

export interface RecordError {
  statusCode: string;
  message: string;
  fields: string[];
}

export class RecordWriteError extends Error {
  constructor(
    readonly error: RecordError,
    readonly httpStatus = 400,
  ) {
    super(error.message);
    this.name = 'RecordWriteError';
  }
}

interface ObjectTable {
  byId: Map<string, SfRecord>;
  /** All records sorted by (SystemModstamp, Id); re-sorted lazily after writes (nearly sorted: cheap). */
  sorted: SfRecord[];
  dirty: boolean;
  /** value → Id for every external-id field, so upserts never scan. */
  externalIds: Map<string, Map<string, string>>;
}

export interface SalesforceClock {
  now(): number;
  /** Moves the org's clock forward (e.g. to test token expiry or incremental windows). */
  advance(ms: number): void;
}

export interface SalesforceStore {
  readonly schema: Map<string, ObjectDef>;
  readonly clock: SalesforceClock;
  readonly orgId: string;
  object(name: string): ObjectDef | undefined;
  get(objectName: string, id: string): SfRecord | undefined;
  /** All records (deleted ones too) in (SystemModstamp, Id) order. Do not mutate. */
  scan(objectName: string): readonly SfRecord[];
  count(objectName: string): number;
  insert(objectName: string, values: Record<string, unknown>, userId: string, at?: number): SfRecord;
  update(objectName: string, id: string, values: Record<string, unknown>, userId: string): SfRecord;
  remove(objectName: string, id: string, userId: string): void;
  findByExternalId(objectName: string, field: string, value: string): SfRecord | undefined;
  addField(objectName: string, field: FieldDef): void;
  /** Fields `userId` may read ('read') or also edit ('edit'); custom fields created at run time need FLS. */
  fieldAccess(objectName: string, field: FieldDef, userId: string): 'none' | 'read' | 'edit';
}

export function createSalesforceStore(
  options: { orgId?: string; clockOffsetMs?: number; shape?: SalesforceOrgShape } = {},
): SalesforceStore {
  const schema = createSalesforceSchema(options.shape);
  const tables = new Map<string, ObjectTable>();
  let offsetMs = options.clockOffsetMs ?? 0;
  let counter = 1;
  const clock: SalesforceClock = {
    now: () => Date.now() + offsetMs,
    advance: (ms) => {
      offsetMs += ms;
    },
  };

  const table = (name: string): ObjectTable => {
    let t = tables.get(name);
    if (!t) {
      if (!schema.has(name)) throw new Error(`sandbox store: unknown object ${name}`);
      t = { byId: new Map(), sorted: [], dirty: false, externalIds: new Map() };
      tables.set(name, t);
    }
    return t;
  };
  const compare = (a: SfRecord, b: SfRecord): number =>
    a.SystemModstamp < b.SystemModstamp
      ? -1
      : a.SystemModstamp > b.SystemModstamp
        ? 1
        : a.Id < b.Id
          ? -1
          : a.Id > b.Id
            ? 1
            : 0;
  const indexExternalIds = (t: ObjectTable, record: SfRecord, previous?: Record<string, unknown>): void => {
    for (const [field, index] of t.externalIds) {
      if (previous && previous[field] !== undefined) index.delete(String(previous[field]));
      if (record[field] !== undefined && record[field] !== null) index.set(String(record[field]), record.Id);
    }
  };
  const derive = (objectName: string, record: SfRecord): void => {
    if (objectName === 'Lead' || objectName === 'User' || objectName === 'Contact') {
      record.Name = [record.FirstName, record.LastName].filter((p) => p !== undefined && p !== null).join(' ');
    }
    if (objectName === 'Task') {
      record.IsClosed = record.Status === 'Completed';
      if (record.IsClosed && record.CompletedDateTime === undefined) record.CompletedDateTime = record.LastModifiedDate;
    }
    if (objectName === 'Opportunity') {
      record.IsClosed = record.StageName === 'Closed Won' || record.StageName === 'Closed Lost';
      record.IsWon = record.StageName === 'Closed Won';
    }
    if (objectName === 'CampaignMember') record.HasResponded = record.Status === 'Responded';
    if (objectName === 'Event') deriveEvent(record);
  };
  const assign = (record: Record<string, unknown>, values: Record<string, unknown>): void => {
    for (const key in values) {
      const value = values[key];
      if (value !== null && value !== undefined) record[key] = value;
      else if (key in record) delete record[key];
    }
  };
  const store: SalesforceStore = {
    schema,
    clock,
    orgId: options.orgId ?? makeId('00D', 1),
    object: (name) => schema.get(name),
    get: (objectName, id) => table(objectName).byId.get(id),
    scan: (objectName) => {
      const t = table(objectName);
      if (t.dirty) {
        t.sorted.sort(compare);
        t.dirty = false;
      }
      return t.sorted;
    },
    count: (objectName) => table(objectName).byId.size,
    insert: (objectName, values, userId, at) => {
      const t = table(objectName);
      const def = schema.get(objectName)!;
      const stamp =
        typeof values.CreatedDate === 'string' && typeof values.SystemModstamp === 'string'
          ? values.CreatedDate
          : formatDateTime(at ?? clock.now());
      const record = {
        Id: makeId(def.keyPrefix, counter++),
        IsDeleted: false,
        CreatedDate: stamp,
        CreatedById: userId,
        LastModifiedDate: stamp,
        LastModifiedById: userId,
        SystemModstamp: stamp,
      } as SfRecord;
      assign(record, values);
      derive(objectName, record);
      t.byId.set(record.Id, record);
      t.sorted.push(record);
      t.dirty = true;
      indexExternalIds(t, record);
      return record;
    },
    update: (objectName, id, values, userId) => {
      const t = table(objectName);
      const record = t.byId.get(id);
      if (!record)
        throw new RecordWriteError(
          { statusCode: 'NOT_FOUND', message: 'The requested resource does not exist', fields: [] },
          404,
        );
      const previous = { ...record };
      const stamp = formatDateTime(clock.now());
      if (objectName === 'Lead') {
        for (const field of ['Status', 'OwnerId'] as const) {
          if (field in values && values[field] !== record[field]) {
            store.insert(
              'LeadHistory',
              { LeadId: id, Field: field, OldValue: record[field] ?? null, NewValue: values[field] ?? null },
              userId,
            );
          }
        }
      }
      assign(record, values);
      record.LastModifiedDate = stamp;
      record.LastModifiedById = userId;
      record.SystemModstamp = stamp;
      derive(objectName, record);
      t.dirty = true;
      indexExternalIds(t, record, previous);
      return record;
    },
    remove: (objectName, id, userId) => {
      store.update(objectName, id, { IsDeleted: true }, userId);
    },
    findByExternalId: (objectName, field, value) => {
      const id = table(objectName).externalIds.get(field)?.get(value);
      return id ? table(objectName).byId.get(id) : undefined;
    },
    addField: (objectName, field) => {
      const def = schema.get(objectName)!;
      def.fields.set(field.name, field);
      const t = table(objectName);
      if (field.externalId && !t.externalIds.has(field.name)) {
        const index = new Map<string, string>();
        for (const record of t.byId.values())
          if (record[field.name] !== undefined) index.set(String(record[field.name]), record.Id);
        t.externalIds.set(field.name, index);
      }
    },
    fieldAccess: (objectName, field, userId) => {
      if (!field.needsFieldPermission) return field.updateable ? 'edit' : 'read';
      const permissionSetIds = new Set<string>();
      for (const assignment of table('PermissionSetAssignment').byId.values()) {
        if (assignment.AssigneeId === userId && !assignment.IsDeleted)
          permissionSetIds.add(String(assignment.PermissionSetId));
      }
      let access: 'none' | 'read' | 'edit' = 'none';
      for (const permission of table('FieldPermissions').byId.values()) {
        if (
          permission.IsDeleted ||
          permission.Field !== `${objectName}.${field.name}` ||
          !permissionSetIds.has(String(permission.ParentId))
        )
          continue;
        if (permission.PermissionsEdit === true && field.updateable) return 'edit';
        if (permission.PermissionsRead === true || permission.PermissionsEdit === true) access = 'read';
      }
      return access;
    },
  };
  return store;
}

export { createField, formatDate, formatDateTime };

/** Event times as Salesforce keeps them: EndDateTime = StartDateTime + DurationInMinutes, ActivityDateTime/ActivityDate from the start. */
function deriveEvent(record: SfRecord): void {
  const start = typeof record.StartDateTime === 'string' ? Date.parse(record.StartDateTime) : NaN;
  if (!Number.isFinite(start)) return;
  const end = typeof record.EndDateTime === 'string' ? Date.parse(record.EndDateTime) : NaN;
  if (Number.isFinite(end)) record.DurationInMinutes = Math.round((end - start) / 60_000);
  else if (typeof record.DurationInMinutes === 'number')
    record.EndDateTime = formatDateTime(start + record.DurationInMinutes * 60_000);
  record.ActivityDateTime = record.StartDateTime;
  record.ActivityDate = new Date(start).toISOString().slice(0, 10);
}
