import express, { type Express, type Request } from 'express';
import helmet from 'helmet';
import type { Logger } from '../log/createLogger';
import type { Database } from '../store/database';
import type { OrgRuntimeDeps } from '../sync/createOrgRuntime';
import { createAdminStore } from './adminStore';
import { apiRoutes, mountApi } from './apiRoutes';
import { identify } from './auth';
import { openApiDocument } from './openApiDocument';
import { pageRoutes } from './pageRoutes';
import { renderMetrics } from './renderMetrics';
import { createSyncRunner, type SyncRunner } from './syncRunner';

export interface AppDeps {
  db: Database;
  logger: Logger;
  /** Everything a sync needs (the console starts syncs); without it only health endpoints are served. */
  runtime?: OrgRuntimeDeps;
  /** The console's public base URL (for the OAuth callback); default: from the request. */
  publicUrl?: string;
}

export interface App extends Express {
  runner?: SyncRunner;
}

/**
 * The web process: /healthz and /readyz open; /metrics, the JSON API under /api/v1
 * (OpenAPI at /api/v1/openapi.json) and the console pages only for a signed-in admin or
 * an API token.
 */
export function createApp(deps: AppDeps): App {
  const app = express() as App;
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await deps.db.query('SELECT 1');
      res.json({ status: 'ready', database: deps.db.kind });
    } catch {
      res.status(503).json({ status: 'unavailable', database: deps.db.kind });
    }
  });
  if (!deps.runtime) return app;

  const runtime = deps.runtime;
  const admins = createAdminStore(deps.db);
  const runner = createSyncRunner(runtime, deps.logger);
  app.runner = runner;
  const production = runtime.settings.NODE_ENV === 'production';
  app.use(helmet({ contentSecurityPolicy: { directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'form-action': ["'self'", 'https:', 'http:'] } }, hsts: production }));
  app.use(identify(admins));

  const routes = apiRoutes(runtime, runner);
  const openApi = openApiDocument(routes);
  app.get('/api/v1/openapi.json', (req, res) => (req.principal ? res.json(openApi) : res.status(401).json({ error: { code: 'UNAUTHENTICATED', message: 'sign in or send an API token' } })));
  app.use('/api/v1', mountApi(routes, deps.logger));
  app.get('/metrics', async (req, res) => {
    if (!req.principal) return void res.status(401).type('text').send('unauthenticated: send "Authorization: Bearer <API token>"\n');
    res.type('text/plain; version=0.0.4').send(await renderMetrics(deps.db));
  });
  const publicUrl = (req: Request) => deps.publicUrl ?? `${req.protocol}://${req.get('host')}`;
  app.use(pageRoutes({ runtime, admins, runner, logger: deps.logger, publicUrl, secureCookies: production }));
  return app;
}
