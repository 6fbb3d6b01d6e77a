import express, { type ErrorRequestHandler, type Express } from 'express';
import { bulkRoutes } from './bulkRoutes';
import { compositeRoutes } from './compositeRoutes';
import { createApiGuard } from './createApiGuard';
import { metadataRoutes } from './metadataRoutes';
import { oauthRoutes, type SalesforceCredentials } from './oauthRoutes';
import { queryRoutes } from './queryRoutes';
import type { SandboxContext } from './salesforceSandboxContext';
import { sendSalesforceError } from './sendSalesforceError';
import { sobjectRoutes } from './sobjectRoutes';

const SEASONS = ['Winter', 'Spring', 'Summer'];
/** v59.0 is Winter '24; three releases a year. */
export const releaseLabel = (version: string): string => {
  const offset = Math.round(Number(version)) - 59;
  const season = SEASONS[((offset % 3) + 3) % 3]!;
  return `${season} '${24 + Math.floor(offset / 3)}`;
};

export function createSalesforceApp(
  ctx: SandboxContext,
  credentials: SalesforceCredentials,
): Express & { expireQueryCursors(): void } {
  const app = express() as Express & { expireQueryCursors(): void };
  app.disable('x-powered-by');
  app.use(oauthRoutes(ctx, credentials));
  // The versions resource needs no session and carries no Sforce-Limit-Info.
  app.get('/services/data', (_req, res) => {
    res.json(
      ctx.apiVersions.map((version) => ({ label: releaseLabel(version), url: `/services/data/v${version}`, version })),
    );
  });
  app.use(
    '/services/Soap/m/:version',
    createApiGuard(ctx, { soap: true }),
    express.text({ type: () => true, limit: '20mb' }),
    metadataRoutes(ctx),
  );
  const api = express.Router({ mergeParams: true });
  api.use(express.json({ limit: '50mb', type: ['application/json', 'application/*+json'] }));
  api.use(express.text({ limit: '160mb', type: ['text/csv', 'text/plain'] }));
  api.get('/', (req, res) => {
    const base = `/services/data/${String((req.params as Record<string, string>).version)}`;
    res.json(
      Object.fromEntries(
        ['sobjects', 'query', 'queryAll', 'limits', 'composite', 'jobs/ingest', 'jobs/query'].map((name) => [
          name,
          `${base}/${name}`,
        ]),
      ),
    );
  });
  api.get('/limits', (_req, res) => {
    ctx.count('limits');
    const max = ctx.faults.dailyApiLimit;
    res.json({
      DailyApiRequests: { Max: max, Remaining: Math.max(0, max - ctx.calls.total) },
      DailyBulkApiBatches: { Max: 15000, Remaining: 15000 - (ctx.calls.byKind['bulk2.ingest.upload'] ?? 0) },
      DailyBulkV2QueryJobs: { Max: 10000, Remaining: 10000 - (ctx.calls.byKind['bulk2.query.create'] ?? 0) },
      DailyBulkV2QueryFileStorageMB: { Max: 976562, Remaining: 976562 },
      DataStorageMB: { Max: 5, Remaining: 5 },
    });
  });
  const queries = queryRoutes(ctx);
  app.expireQueryCursors = () => queries.expireCursors();
  api.use(queries, sobjectRoutes(ctx), compositeRoutes(ctx), bulkRoutes(ctx));
  api.use((_req, res) => sendSalesforceError(res, 404, 'NOT_FOUND', 'The requested resource does not exist'));
  app.use('/services/data/:version', createApiGuard(ctx, { soap: false }), api);
  const onError: ErrorRequestHandler = (error, _req, res, _next) => {
    void _next;
    if ((error as { type?: string }).type === 'entity.parse.failed')
      return void sendSalesforceError(
        res,
        400,
        'JSON_PARSER_ERROR',
        `The request body is not valid JSON: ${(error as Error).message}`,
      );
    sendSalesforceError(
      res,
      500,
      'UNKNOWN_EXCEPTION',
      `An unexpected error occurred in the sandbox: ${(error as Error).message}`,
    );
  };
  app.use(onError);
  return app;
}
