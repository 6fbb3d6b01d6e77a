import express, { type Express } from 'express';
import type { Database } from '../store/database';
import type { Logger } from '../log/createLogger';

export interface AppDeps {
  db: Database;
  logger: Logger;
}

/** The express app. Health endpoints are the only routes reachable without auth. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
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
  return app;
}
