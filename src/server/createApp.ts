import express, { type Express, type Request } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Logger } from '../log/createLogger';
import type { Database } from '../store/database';
import type { OrgRuntimeDeps } from '../app/createOrgRuntime';
import { createAdminStore } from './adminStore';
import { apiRoutes, mountApi } from './apiRoutes';
import { sendApiError } from './apiError';
import { identify, scopeAllows } from './auth';
import { handleErrors } from './handleErrors';
import { CONNECTORS } from '../../connectors';
import { openApiDocument } from './openApiDocument';
import { consoleAssets, consoleBuilt, defaultConsoleDir } from './consoleRoutes';
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
  /** The console's build (Vite's output); default: dist/console of the repository. */
  consoleDir?: string;
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
  // whose X-Forwarded-For to believe is the operator's call (LEADLOOP_TRUST_PROXY; .env.example)
  app.set('trust proxy', deps.runtime?.settings.LEADLOOP_TRUST_PROXY ?? false);
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
  if (!deps.runtime) {
    app.use(handleErrors(deps.logger));
    return app;
  }

  const runtime = deps.runtime;
  const admins = createAdminStore(deps.db);
  const runner = createSyncRunner(runtime, deps.logger);
  app.runner = runner;
  const production = runtime.settings.NODE_ENV === 'production';
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'script-src': ["'self'"],
          'form-action': formActionSources(runtime.settings),
          // outside production the console is served over plain http (127.0.0.1): upgrading its
          // own script and API requests to https would break every one of them
          'upgrade-insecure-requests': production ? [] : null,
        },
      },
      hsts: production,
      // same-origin: form posts carry their Origin (the sign-in check), nothing leaks to other sites
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  const consoleDir = deps.consoleDir ?? defaultConsoleDir();
  if (!consoleBuilt(consoleDir))
    deps.logger.warn(
      'the console is not built: its pages say so until `npm run build` (or `npm run build:console`) has run; the API works',
      { dir: consoleDir },
    );
  app.use(consoleAssets(consoleDir));
  app.use(identify(admins));

  const routes = apiRoutes(runtime, runner);
  const openApi = openApiDocument(routes);
  app.use(
    '/api',
    rateLimit({
      windowMs: 60_000,
      limit: runtime.settings.LEADLOOP_API_RATE_LIMIT,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      validate: { xForwardedForHeader: false },
      keyGenerator: (req) => (req.principal ? `principal:${req.principal.name}` : ipKeyGenerator(req.ip ?? '')),
      handler: (_req, res) =>
        sendApiError(
          res,
          429,
          'RATE_LIMITED',
          `more than ${runtime.settings.LEADLOOP_API_RATE_LIMIT} requests a minute; slow down (see Retry-After)`,
        ),
    }),
  );
  app.get('/api/v1/openapi.json', (req, res) => {
    if (!req.principal) return sendApiError(res, 401, 'UNAUTHENTICATED', 'sign in or send an API token');
    if (!scopeAllows(req.principal, req.method, req.path))
      return sendApiError(res, 403, 'SCOPE', `this token's scope (${req.principal.scope}) does not allow this`);
    res.json(openApi);
  });
  app.use('/api/v1', mountApi(routes, deps.logger));
  app.use('/api', (_req, res) => sendApiError(res, 404, 'NOT_FOUND', 'no such API route (the API is under /api/v1)'));
  app.get('/metrics', async (req, res) => {
    if (!req.principal)
      return void res.status(401).type('text').send('unauthenticated: send "Authorization: Bearer <API token>"\n');
    res.type('text/plain; version=0.0.4').send(await renderMetrics(deps.db));
  });
  // without LEADLOOP_PUBLIC_URL, production has no trustworthy callback address (the Host header is the client's)
  const publicUrl = (req: Request) => deps.publicUrl ?? (production ? null : `${req.protocol}://${req.get('host')}`);
  app.use((req, res, next) =>
    req.principal?.kind === 'token' && !req.path.startsWith('/api/') && req.path !== '/metrics'
      ? sendApiError(
          res,
          403,
          'SCOPE',
          'API tokens are for /api and /metrics; the console needs a signed-in administrator',
        )
      : next(),
  );
  app.use(
    pageRoutes({ runtime, admins, runner, logger: deps.logger, publicUrl, secureCookies: production, consoleDir }),
  );
  app.use(handleErrors(deps.logger));
  return app;
}

/**
 * Where forms may send the browser: this site, and the Salesforce login hosts the connect
 * form redirects to (a CSP form-action also covers the redirect after the post). Outside
 * production a loopback sandbox too.
 */
export function formActionSources(settings: {
  NODE_ENV: string;
  LEADLOOP_CRM_ALLOWED_HOSTS: readonly string[];
}): string[] {
  const vendorDomains = Object.values(CONNECTORS).flatMap((c) => c.vendorDomains ?? []);
  const sources = ["'self'", ...vendorDomains.map((d) => `https://*.${d}`)];
  for (const host of settings.LEADLOOP_CRM_ALLOWED_HOSTS) sources.push(`https://${host}`);
  if (settings.NODE_ENV !== 'production') sources.push('http://127.0.0.1:*', 'http://localhost:*');
  return [...new Set(sources)];
}
