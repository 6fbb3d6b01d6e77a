import express, { type Request, type Response, type Router } from 'express';
import { RecordWriteError, type RecordError } from './createSalesforceStore';
import { serializeRecord } from './describeSObject';
import { prepareWrite, type PreparedWrite } from './prepareWrite';
import { normalizeId } from './salesforceIds';
import type { SandboxContext } from './salesforceSandboxContext';
import { sendSalesforceError } from './sendSalesforceError';
import { autoAssignOf, objectOr404, upsertOne, versionOf } from './sobjectRoutes';

// https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-update.html
export const MAX_COLLECTION_RECORDS = 200;
const ROLLED_BACK: RecordError = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

type SaveResult = { id?: string; success: boolean; errors: RecordError[]; created?: boolean };
type Step = () => PreparedWrite | { apply(): SaveResult };

const errorOf = (error: unknown): RecordError => {
  if (error instanceof RecordWriteError) return error.error;
  throw error;
};

/**
 * Runs a collection: with allOrNone every record is validated before anything is written and one
 * failure rolls all back; without it records are written in order, one SaveResult each.
 */
function runCollection(steps: Step[], allOrNone: boolean): SaveResult[] {
  const toResult = (value: unknown): SaveResult => {
    if (value && typeof value === 'object' && 'success' in value) return value as SaveResult;
    return { id: (value as { Id: string }).Id, success: true, errors: [] };
  };
  if (!allOrNone) {
    return steps.map((step) => {
      try {
        return toResult(step().apply());
      } catch (error) {
        return { success: false, errors: [errorOf(error)] };
      }
    });
  }
  const prepared = steps.map((step) => {
    try {
      return { ok: step() };
    } catch (error) {
      return { error: errorOf(error) };
    }
  });
  if (prepared.some((p) => 'error' in p)) {
    return prepared.map((p) => ({ success: false, errors: ['error' in p ? p.error! : ROLLED_BACK] }));
  }
  return prepared.map((p) => toResult((p as { ok: PreparedWrite }).ok.apply()));
}

/** sObject Collections: create, update, upsert, delete and retrieve up to 200 records in one call. */
export function compositeRoutes(ctx: SandboxContext): Router {
  const router = express.Router({ mergeParams: true });
  const tooMany = (res: Response, count: number): boolean => {
    if (count <= MAX_COLLECTION_RECORDS) return false;
    sendSalesforceError(
      res,
      400,
      'EXCEEDED_ID_LIMIT',
      'record limit reached. cannot submit more than 200 records into this call',
    );
    return true;
  };
  const typeOf = (record: Record<string, unknown>): string | undefined =>
    (record.attributes as { type?: string } | undefined)?.type;
  const objectByName = (name: string | undefined) =>
    [...ctx.store.schema.values()].find((o) => o.name.toLowerCase() === name?.toLowerCase());
  const bodyRecords = (
    req: Request,
    res: Response,
  ): { records: Record<string, unknown>[]; allOrNone: boolean } | null => {
    const body = req.body as { records?: unknown; allOrNone?: unknown } | undefined;
    if (!body || !Array.isArray(body.records)) {
      sendSalesforceError(
        res,
        400,
        'JSON_PARSER_ERROR',
        'Cannot deserialize instance of complexvalue from VALUE_STRING value',
      );
      return null;
    }
    if (tooMany(res, body.records.length)) return null;
    return { records: body.records as Record<string, unknown>[], allOrNone: body.allOrNone === true };
  };
  const write = (operation: 'create' | 'update') => (req: Request, res: Response) => {
    ctx.count(`composite.${operation}`);
    const parsed = bodyRecords(req, res);
    if (!parsed) return;
    const userId = res.locals.session.userId as string;
    const steps: Step[] = parsed.records.map((record) => () => {
      const object = objectByName(typeOf(record));
      if (!object)
        throw new RecordWriteError({
          statusCode: 'INVALID_TYPE',
          message: `sObject type '${typeOf(record) ?? ''}' is not supported.`,
          fields: [],
        });
      const { Id, id, ...values } = record as Record<string, unknown>;
      return prepareWrite(ctx, {
        objectName: object.name,
        operation,
        id: String(Id ?? id ?? ''),
        values,
        userId,
        autoAssign: autoAssignOf(req),
      });
    });
    res.json(runCollection(steps, parsed.allOrNone));
  };
  router.post('/composite/sobjects', write('create'));
  router.patch('/composite/sobjects', write('update'));
  router.delete('/composite/sobjects', (req, res) => {
    ctx.count('composite.delete');
    const ids = String(req.query.ids ?? '')
      .split(',')
      .filter((id) => id.length > 0);
    if (tooMany(res, ids.length)) return;
    const userId = res.locals.session.userId as string;
    const steps: Step[] = ids.map((raw) => () => {
      const id = normalizeId(raw);
      const object = id ? [...ctx.store.schema.values()].find((o) => o.keyPrefix === id.slice(0, 3)) : undefined;
      const record = id && object ? ctx.store.get(object.name, id) : undefined;
      if (!record || !object)
        throw new RecordWriteError({
          statusCode: 'INVALID_CROSS_REFERENCE_KEY',
          message: 'invalid cross reference id',
          fields: [],
        });
      if (record.IsDeleted === true)
        throw new RecordWriteError({ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] });
      return {
        apply: () => {
          ctx.store.remove(object.name, record.Id, userId);
          return { id: record.Id, success: true, errors: [] };
        },
      };
    });
    res.json(runCollection(steps, req.query.allOrNone === 'true'));
  });
  router.post('/composite/sobjects/:type', (req, res) => {
    const object = objectOr404(ctx, req, res);
    if (!object) return;
    ctx.count('composite.retrieve');
    const body = (req.body ?? {}) as { ids?: string[]; fields?: string[] };
    if (tooMany(res, body.ids?.length ?? 0)) return;
    res.json(
      (body.ids ?? []).map((raw) => {
        const record = ctx.store.get(object.name, normalizeId(raw) ?? raw);
        return record && !record.IsDeleted
          ? serializeRecord(ctx, object, record, res.locals.session.userId, versionOf(req), body.fields)
          : null;
      }),
    );
  });
  router.patch('/composite/sobjects/:type/:field', (req, res) => {
    const object = objectOr404(ctx, req, res);
    if (!object) return;
    ctx.count('composite.upsert');
    const parsed = bodyRecords(req, res);
    if (!parsed) return;
    const field = String(req.params.field);
    const steps: Step[] = parsed.records.map((record) => () => {
      const value = Object.entries(record).find(([key]) => key.toLowerCase() === field.toLowerCase())?.[1];
      if (value === undefined || value === null)
        throw new RecordWriteError({ statusCode: 'MISSING_ARGUMENT', message: `${field} not specified`, fields: [] });
      const { attributes: _attributes, ...values } = record;
      void _attributes;
      return {
        apply: () => upsertOne(ctx, object, field, String(value), values, res.locals.session.userId, autoAssignOf(req)),
      };
    });
    res.json(runCollection(steps, parsed.allOrNone));
  });
  return router;
}
