import express, { type Request, type Response, type Router } from 'express';
import { RecordWriteError, type RecordError } from './createSalesforceStore';
import { describeSObject, serializeRecord } from './describeSObject';
import { prepareWrite } from './prepareWrite';
import { normalizeId } from './salesforceIds';
import type { SandboxContext } from './salesforceSandboxContext';
import type { ObjectDef } from './salesforceSchema';
import { sendSalesforceError } from './sendSalesforceError';

export const versionOf = (req: Request) => String(req.params.version).replace(/^v/, '');
export const autoAssignOf = (req: Request) =>
  String(req.headers['sforce-auto-assign'] ?? 'TRUE').toUpperCase() !== 'FALSE';

export function objectOr404(ctx: SandboxContext, req: Request, res: Response): ObjectDef | null {
  const wanted = String(req.params.type).toLowerCase();
  const object = [...ctx.store.schema.values()].find((o) => o.name.toLowerCase() === wanted);
  if (!object) sendSalesforceError(res, 404, 'NOT_FOUND', 'The requested resource does not exist');
  return object ?? null;
}

export function sendWriteError(res: Response, error: unknown): void {
  if (!(error instanceof RecordWriteError)) throw error;
  sendSalesforceError(res, error.httpStatus, error.error.statusCode, error.error.message, error.error.fields);
}

/** describeGlobal, describe, and single-record GET/POST/PATCH/DELETE and upsert by external id. */
export function sobjectRoutes(ctx: SandboxContext): Router {
  const router = express.Router({ mergeParams: true });
  const userOf = (res: Response): string => res.locals.session.userId;

  router.get('/sobjects', (req, res) => {
    ctx.count('describeGlobal');
    res.json({
      encoding: 'UTF-8',
      maxBatchSize: 200,
      sobjects: [...ctx.store.schema.values()].map((o) => ({
        name: o.name,
        label: o.label,
        keyPrefix: o.keyPrefix,
        custom: false,
        queryable: true,
        createable: true,
        updateable: true,
        urls: {
          sobject: `/services/data/v${versionOf(req)}/sobjects/${o.name}`,
          describe: `/services/data/v${versionOf(req)}/sobjects/${o.name}/describe`,
        },
      })),
    });
  });
  router.get('/sobjects/:type/describe', (req, res) => {
    const object = objectOr404(ctx, req, res);
    if (!object) return;
    ctx.count('describe');
    res.json(describeSObject(ctx, object, userOf(res), versionOf(req)));
  });
  router.post('/sobjects/:type', (req, res) => {
    const object = objectOr404(ctx, req, res);
    if (!object) return;
    ctx.count('sobject.create');
    try {
      const record = prepareWrite(ctx, {
        objectName: object.name,
        operation: 'create',
        values: req.body ?? {},
        userId: userOf(res),
        autoAssign: autoAssignOf(req),
      }).apply();
      res.status(201).json({ id: record.Id, success: true, errors: [] });
    } catch (error) {
      sendWriteError(res, error);
    }
  });
  router.get('/sobjects/:type/:id', (req, res) => {
    const object = objectOr404(ctx, req, res);
    if (!object) return;
    ctx.count('sobject.get');
    const id = normalizeId(String(req.params.id));
    const record = id ? ctx.store.get(object.name, id) : undefined;
    if (!record || record.IsDeleted === true)
      return void sendSalesforceError(
        res,
        404,
        record ? 'ENTITY_IS_DELETED' : 'NOT_FOUND',
        record ? 'entity is deleted' : 'The requested resource does not exist',
      );
    const fields = typeof req.query.fields === 'string' ? req.query.fields.split(',') : undefined;
    res.json(serializeRecord(ctx, object, record, userOf(res), versionOf(req), fields));
  });
  router.patch('/sobjects/:type/:id', (req, res) => {
    const object = objectOr404(ctx, req, res);
    if (!object) return;
    ctx.count('sobject.update');
    const id = normalizeId(String(req.params.id));
    const record = id ? ctx.store.get(object.name, id) : undefined;
    if (!record) return void sendSalesforceError(res, 404, 'NOT_FOUND', 'The requested resource does not exist');
    try {
      prepareWrite(ctx, {
        objectName: object.name,
        operation: 'update',
        id: record.Id,
        values: req.body ?? {},
        userId: userOf(res),
        autoAssign: autoAssignOf(req),
      }).apply();
      res.status(204).end();
    } catch (error) {
      sendWriteError(res, error);
    }
  });
  router.delete('/sobjects/:type/:id', (req, res) => {
    const object = objectOr404(ctx, req, res);
    if (!object) return;
    ctx.count('sobject.delete');
    const id = normalizeId(String(req.params.id));
    const record = id ? ctx.store.get(object.name, id) : undefined;
    if (!record) return void sendSalesforceError(res, 404, 'NOT_FOUND', 'The requested resource does not exist');
    if (record.IsDeleted === true) return void sendSalesforceError(res, 404, 'ENTITY_IS_DELETED', 'entity is deleted');
    ctx.store.remove(object.name, record.Id, userOf(res));
    res.status(204).end();
  });
  router.patch('/sobjects/:type/:field/:value', (req, res) => {
    const object = objectOr404(ctx, req, res);
    if (!object) return;
    ctx.count('sobject.upsert');
    try {
      const result = upsertOne(
        ctx,
        object,
        String(req.params.field),
        String(req.params.value),
        req.body ?? {},
        userOf(res),
        autoAssignOf(req),
      );
      res.status(result.created ? 201 : 200).json(result);
    } catch (error) {
      sendWriteError(res, error);
    }
  });
  return router;
}

/** Upsert by an external-id field: update the record holding `value`, else create it. */
export function upsertOne(
  ctx: SandboxContext,
  object: ObjectDef,
  fieldName: string,
  value: string,
  values: Record<string, unknown>,
  userId: string,
  autoAssign: boolean,
) {
  const field = [...object.fields.values()].find((f) => f.name.toLowerCase() === fieldName.toLowerCase());
  if (
    !field ||
    (!field.externalId && field.name !== 'Id') ||
    ctx.store.fieldAccess(object.name, field, userId) === 'none'
  ) {
    throw new RecordWriteError(
      {
        statusCode: 'NOT_FOUND',
        message: `Provided external ID field does not exist or is not accessible: ${fieldName}`,
        fields: [],
      },
      404,
    );
  }
  const { [field.name]: _ignored, ...rest } = values;
  void _ignored;
  const existing =
    field.name === 'Id'
      ? ctx.store.get(object.name, normalizeId(value) ?? value)
      : ctx.store.findByExternalId(object.name, field.name, value);
  const prepared = existing
    ? prepareWrite(ctx, {
        objectName: object.name,
        operation: 'update',
        id: existing.Id,
        values: rest,
        userId,
        autoAssign,
      })
    : prepareWrite(ctx, {
        objectName: object.name,
        operation: 'create',
        values: { ...rest, [field.name]: value },
        userId,
        autoAssign,
      });
  const record = prepared.apply();
  return { id: record.Id, success: true, errors: [] as RecordError[], created: !existing };
}
