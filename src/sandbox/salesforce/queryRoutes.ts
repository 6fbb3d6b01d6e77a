import { randomBytes } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { SfRecord } from './createSalesforceStore';
import type { SandboxContext } from './salesforceSandboxContext';
import { sendSalesforceError } from './sendSalesforceError';
import { executeSoql, type QueryResult } from './soql/executeSoql';
import { parseSoql, SoqlError } from './soql/parseSoql';

interface Cursor {
  result: QueryResult;
  records: SfRecord[];
  expiresAt: number;
}

// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_queryoptions.htm
const DEFAULT_BATCH = 2000;
const MIN_BATCH = 200;
const MAX_BATCH = 2000;
// Since API 56.0 cursors live two days, with no limit on open cursors:
// https://developer.salesforce.com/docs/platform/salesforce-app-limits-cheatsheet/guide/salesforce-app-limits-platform-apicursors.html
const CURSOR_TTL_MS = 2 * 86_400_000;

function batchSize(req: Request): number {
  const match = /batchSize\s*=\s*(\d+)/i.exec(String(req.headers['sforce-query-options'] ?? ''));
  if (!match) return DEFAULT_BATCH;
  return Math.min(MAX_BATCH, Math.max(MIN_BATCH, Number(match[1])));
}

/** query, queryAll and nextRecordsUrl paging over snapshots of the matching records. */
export function queryRoutes(ctx: SandboxContext): Router & { expireCursors(): void } {
  const router = express.Router({ mergeParams: true }) as Router & { expireCursors(): void };
  const cursors = new Map<string, Cursor>();
  router.expireCursors = () => cursors.clear();

  const page = (req: Request, res: Response, cursorId: string | null, cursor: Cursor, offset: number) => {
    const version = String(req.params.version).replace(/^v/, '');
    const size = batchSize(req);
    const slice = cursor.records.slice(offset, offset + size);
    const end = offset + slice.length;
    let id = cursorId;
    if (end < cursor.records.length && id === null) {
      id = `01g${randomBytes(8).toString('hex').slice(0, 15)}`;
      cursors.set(id, cursor);
    }
    res.json({
      totalSize: cursor.records.length,
      done: end >= cursor.records.length,
      ...(end < cursor.records.length ? { nextRecordsUrl: `/services/data/v${version}/query/${id}-${end}` } : {}),
      records: cursor.result.count ? [] : slice.map((r) => cursor.result.project(r, version)),
    });
  };
  const run = (includeDeleted: boolean) => (req: Request, res: Response) => {
    const soql = typeof req.query.q === 'string' ? req.query.q : '';
    ctx.count(includeDeleted ? 'queryAll' : 'query');
    try {
      const result = executeSoql(ctx.store, parseSoql(soql), {
        userId: res.locals.session.userId,
        includeDeleted,
        deniedObjects: ctx.deniedObjects,
      });
      const cursor: Cursor = { result, records: result.records, expiresAt: ctx.store.clock.now() + CURSOR_TTL_MS };
      if (result.count) return void res.json({ totalSize: result.records.length, done: true, records: [] });
      page(req, res, null, cursor, 0);
    } catch (error) {
      if (error instanceof SoqlError) return void sendSalesforceError(res, 400, error.errorCode, error.message);
      throw error;
    }
  };
  router.get('/query', run(false));
  router.get('/queryAll', run(true));
  const more = (req: Request, res: Response) => {
    ctx.count('queryMore');
    const match = /^(01g[0-9a-f]{15})-(\d+)$/.exec(String(req.params.locator));
    const cursor = match ? cursors.get(match[1]!) : undefined;
    if (!match || !cursor || cursor.expiresAt < ctx.store.clock.now()) {
      if (match) cursors.delete(match[1]!);
      return void sendSalesforceError(res, 400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    }
    page(req, res, match[1]!, cursor, Number(match[2]));
  };
  router.get('/query/:locator', more);
  router.get('/queryAll/:locator', more);
  return router;
}
