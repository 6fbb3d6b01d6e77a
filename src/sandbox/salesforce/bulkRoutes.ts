import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import express, { type Request, type Response, type Router } from 'express';
import { RecordWriteError, type SfRecord } from './createSalesforceStore';
import { prepareWrite } from './prepareWrite';
import { formatDateTime, makeId } from './salesforceIds';
import type { SandboxContext } from './salesforceSandboxContext';
import { sendSalesforceError } from './sendSalesforceError';
import { autoAssignOf, upsertOne, versionOf } from './sobjectRoutes';
import { executeSoql } from './soql/executeSoql';
import { parseSoql, SoqlError } from './soql/parseSoql';

const DELIMITERS: Record<string, string> = {
  COMMA: ',',
  TAB: '\t',
  PIPE: '|',
  SEMICOLON: ';',
  CARET: '^',
  BACKQUOTE: '`',
};
type Row = Record<string, string>;

interface IngestJob {
  info: Record<string, unknown>;
  csv: string;
  successful: Row[];
  failed: Row[];
  columns: string[];
}
interface QueryJob {
  info: Record<string, unknown>;
  header: string[];
  rows: unknown[][];
}

/**
 * Bulk API 2.0 ingest and query jobs. Ingest jobs process when closed (UploadComplete) and report
 * JobComplete from the next status check; query jobs snapshot their results at creation.
 * https://developer.salesforce.com/docs/platform/api-asynch/guide/create-job.html
 */
/**
 * A record's field by name, as SOQL matches names (case-insensitively). The exact spelling is
 * looked up first: a job of 100,000 rows × 30 columns otherwise scans every key of every
 * record, and the sandbox, not the client, would set the pace of a benchmark.
 */
function fieldOf(record: Record<string, unknown>, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(record, name)) return record[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(record)) if (key.toLowerCase() === lower) return record[key];
  return undefined;
}

export function bulkRoutes(ctx: SandboxContext): Router {
  const router = express.Router({ mergeParams: true });
  const ingest = new Map<string, IngestJob>();
  const queries = new Map<string, QueryJob>();
  let jobCounter = 1;
  const newJobInfo = (
    req: Request,
    res: Response,
    extra: Record<string, unknown>,
  ): Record<string, unknown> & { id: string } => {
    const now = formatDateTime(ctx.store.clock.now());
    return {
      id: makeId('750', jobCounter++),
      createdById: res.locals.session.userId,
      createdDate: now,
      systemModstamp: now,
      concurrencyMode: 'Parallel',
      contentType: 'CSV',
      apiVersion: Number(versionOf(req)),
      lineEnding: 'LF',
      columnDelimiter: 'COMMA',
      ...extra,
    };
  };
  const jobOr404 = <T>(jobs: Map<string, T>, req: Request, res: Response): T | undefined => {
    const job = jobs.get(String(req.params.id));
    if (!job) sendSalesforceError(res, 404, 'NOT_FOUND', 'The requested resource does not exist');
    return job;
  };
  const csvOut = (res: Response, rows: Row[], columns: string[]) =>
    res.type('text/csv').send(stringify(rows, { header: true, columns }));

  router.post('/jobs/ingest', (req, res) => {
    ctx.count('bulk2.ingest.create');
    const body = (req.body ?? {}) as Record<string, string>;
    const object = [...ctx.store.schema.values()].find(
      (o) => o.name.toLowerCase() === String(body.object).toLowerCase(),
    );
    if (!object) return void sendSalesforceError(res, 400, 'INVALIDJOB', `InvalidJob : Invalid object: ${body.object}`);
    if (!['insert', 'update', 'upsert', 'delete', 'hardDelete'].includes(body.operation ?? ''))
      return void sendSalesforceError(res, 400, 'INVALIDJOB', `InvalidJob : Invalid operation: ${body.operation}`);
    if (body.operation === 'upsert' && !body.externalIdFieldName)
      return void sendSalesforceError(res, 400, 'INVALIDJOB', 'InvalidJob : External ID was blank for upsert');
    const info = newJobInfo(req, res, {
      operation: body.operation,
      object: object.name,
      state: 'Open',
      externalIdFieldName: body.externalIdFieldName ?? null,
      columnDelimiter: body.columnDelimiter ?? 'COMMA',
      lineEnding: body.lineEnding ?? 'LF',
    });
    info.contentUrl = `services/data/v${versionOf(req)}/jobs/ingest/${info.id}/batches`;
    ingest.set(info.id, { info, csv: '', successful: [], failed: [], columns: [] });
    res.json(info);
  });
  router.put('/jobs/ingest/:id/batches', (req, res) => {
    ctx.count('bulk2.ingest.upload');
    const job = jobOr404(ingest, req, res);
    if (!job) return;
    if (job.info.state !== 'Open')
      return void sendSalesforceError(res, 409, 'INVALIDJOBSTATE', `Job is not in Open state`);
    job.csv += typeof req.body === 'string' ? req.body : '';
    res.status(201).end();
  });
  router.patch('/jobs/ingest/:id', (req, res) => {
    ctx.count('bulk2.ingest.state');
    const job = jobOr404(ingest, req, res);
    if (!job) return;
    const state = (req.body as { state?: string } | undefined)?.state;
    if (state === 'Aborted') job.info.state = 'Aborted';
    else if (state === 'UploadComplete' && job.info.state === 'Open') {
      processIngest(ctx, job, res.locals.session.userId, autoAssignOf(req));
      job.info.state = 'UploadComplete';
    } else return void sendSalesforceError(res, 400, 'INVALIDJOBSTATE', `Invalid state transition to ${state}`);
    res.json(job.info);
  });
  router.get('/jobs/ingest/:id', (req, res) => {
    ctx.count('bulk2.ingest.info');
    const job = jobOr404(ingest, req, res);
    if (!job) return;
    if (job.info.state === 'UploadComplete') job.info.state = 'JobComplete';
    res.json({
      ...job.info,
      jobType: 'V2Ingest',
      retries: 0,
      totalProcessingTime: 0,
      apiActiveProcessingTime: 0,
      apexProcessingTime: 0,
    });
  });
  router.get('/jobs/ingest/:id/successfulResults', (req, res) => {
    ctx.count('bulk2.ingest.results');
    const job = jobOr404(ingest, req, res);
    if (job) csvOut(res, job.successful, ['sf__Id', 'sf__Created', ...job.columns]);
  });
  router.get('/jobs/ingest/:id/failedResults', (req, res) => {
    ctx.count('bulk2.ingest.results');
    const job = jobOr404(ingest, req, res);
    if (job) csvOut(res, job.failed, ['sf__Id', 'sf__Error', ...job.columns]);
  });
  router.get('/jobs/ingest/:id/unprocessedrecords', (req, res) => {
    ctx.count('bulk2.ingest.results');
    const job = jobOr404(ingest, req, res);
    if (job) res.type('text/csv').send(job.columns.length > 0 ? `${job.columns.join(',')}\n` : '');
  });
  router.delete('/jobs/ingest/:id', (req, res) => {
    ctx.count('bulk2.ingest.delete');
    if (jobOr404(ingest, req, res)) {
      ingest.delete(String(req.params.id));
      res.status(204).end();
    }
  });

  router.post('/jobs/query', (req, res) => {
    ctx.count('bulk2.query.create');
    const body = (req.body ?? {}) as Record<string, string>;
    try {
      const parsed = parseSoql(body.query ?? '');
      // https://developer.salesforce.com/docs/atlas.en-us.252.0.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_offset.htm
      if (parsed.offset !== undefined)
        return void sendSalesforceError(res, 400, 'API_ERROR', 'OFFSET clause is not supported in Bulk API query');
      // "Bulk API 2.0 doesn't support SOQL queries that include … GROUP BY, LIMIT, ORDER BY, OFFSET, or TYPEOF clauses"
      // https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/queries.htm — refused here so leadloop never relies on it
      if (parsed.orderBy.length > 0)
        return void sendSalesforceError(
          res,
          400,
          'API_ERROR',
          'ORDER BY clause is not supported in Bulk API 2.0 query',
        );
      const result = executeSoql(ctx.store, parsed, {
        userId: res.locals.session.userId,
        includeDeleted: body.operation === 'queryAll',
        deniedObjects: ctx.deniedObjects,
      });
      const version = versionOf(req);
      const header = parsed.fields.map((f) => f.text);
      const rows = result.records.map((record: SfRecord) => {
        const projected = result.project(record, version);
        return parsed.fields.map((f) => {
          let value: unknown = projected;
          for (const part of f.path)
            value = value && typeof value === 'object' ? fieldOf(value as Record<string, unknown>, part) : null;
          return value === null || value === undefined ? '' : String(value);
        });
      });
      const info = newJobInfo(req, res, {
        operation: body.operation ?? 'query',
        object: result.object.name,
        state: 'UploadComplete',
        columnDelimiter: body.columnDelimiter ?? 'COMMA',
        lineEnding: body.lineEnding ?? 'LF',
      });
      queries.set(info.id, { info, header, rows });
      res.json(info);
    } catch (error) {
      if (error instanceof SoqlError) return void sendSalesforceError(res, 400, error.errorCode, error.message);
      throw error;
    }
  });
  router.get('/jobs/query/:id', (req, res) => {
    ctx.count('bulk2.query.info');
    const job = jobOr404(queries, req, res);
    if (!job) return;
    if (job.info.state === 'UploadComplete') job.info.state = 'JobComplete';
    res.json({
      ...job.info,
      jobType: 'V2Query',
      numberRecordsProcessed: job.rows.length,
      retries: 0,
      totalProcessingTime: 0,
    });
  });
  router.get('/jobs/query/:id/results', (req, res) => {
    ctx.count('bulk2.query.results');
    const job = jobOr404(queries, req, res);
    if (!job) return;
    if (job.info.state !== 'JobComplete')
      return void sendSalesforceError(res, 412, 'JOB_NOT_COMPLETE', 'Job is not complete yet');
    const offset =
      typeof req.query.locator === 'string' ? Number(Buffer.from(req.query.locator, 'base64url').toString('utf8')) : 0;
    if (!Number.isInteger(offset) || offset < 0 || offset > job.rows.length)
      return void sendSalesforceError(res, 400, 'INVALID_LOCATOR', 'Invalid locator');
    const max = Math.max(1, Number(req.query.maxRecords ?? 100_000) || 100_000);
    const rows = job.rows.slice(offset, offset + max);
    const end = offset + rows.length;
    res.setHeader('Sforce-Locator', end < job.rows.length ? Buffer.from(String(end)).toString('base64url') : 'null');
    res.setHeader('Sforce-NumberOfRecords', String(rows.length));
    const delimiter = DELIMITERS[String(job.info.columnDelimiter)] ?? ',';
    // Salesforce quotes every value of a query result ("Id","Name" …), so a value holding
    // another delimiter (`;`, `|`) reads back whole whatever delimiters the client accepts
    res.type('text/csv').send(
      stringify([job.header, ...rows], {
        delimiter,
        quoted: true,
        record_delimiter: job.info.lineEnding === 'CRLF' ? '\r\n' : '\n',
      }),
    );
  });
  router.delete('/jobs/query/:id', (req, res) => {
    ctx.count('bulk2.query.delete');
    if (jobOr404(queries, req, res)) {
      queries.delete(String(req.params.id));
      res.status(204).end();
    }
  });
  return router;
}

function processIngest(ctx: SandboxContext, job: IngestJob, userId: string, autoAssign: boolean): void {
  const delimiter = DELIMITERS[String(job.info.columnDelimiter)] ?? ',';
  const rows = parse(job.csv, { columns: true, delimiter, skip_empty_lines: true, bom: true }) as Row[];
  job.columns = rows.length > 0 ? Object.keys(rows[0]!) : [];
  const objectName = String(job.info.object);
  const object = ctx.store.object(objectName)!;
  for (const row of rows) {
    try {
      const operation = String(job.info.operation);
      let id: string;
      let created = false;
      if (operation === 'upsert') {
        const field = String(job.info.externalIdFieldName);
        const result = upsertOne(ctx, object, field, row[field] ?? '', row, userId, autoAssign);
        id = result.id;
        created = result.created;
      } else if (operation === 'delete' || operation === 'hardDelete') {
        const record = ctx.store.get(objectName, row.Id ?? '');
        if (!record || record.IsDeleted === true)
          throw new RecordWriteError({ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] });
        ctx.store.remove(objectName, record.Id, userId);
        id = record.Id;
      } else {
        const { Id, ...csvValues } = row;
        // "Empty field values are ignored when you update records. To set a field value to null, use #N/A."
        // https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/datafiles_csv_preparing.htm
        const values = Object.fromEntries(
          Object.entries(csvValues)
            .filter(([, v]) => v !== '')
            .map(([k, v]) => [k, v === '#N/A' ? null : v]),
        );
        const record = prepareWrite(ctx, {
          objectName,
          operation: operation === 'insert' ? 'create' : 'update',
          id: Id,
          values,
          userId,
          autoAssign,
        }).apply();
        id = record.Id;
        created = operation === 'insert';
      }
      job.successful.push({ sf__Id: id, sf__Created: String(created), ...row });
    } catch (error) {
      if (!(error instanceof RecordWriteError)) throw error;
      job.failed.push({
        sf__Id: row.Id ?? '',
        sf__Error: `${error.error.statusCode}:${error.error.message}:${error.error.fields.join(',')} --`,
        ...row,
      });
    }
  }
  Object.assign(job.info, { numberRecordsProcessed: rows.length, numberRecordsFailed: job.failed.length });
}
