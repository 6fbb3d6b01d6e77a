import express, { type Request, type Router } from 'express';
import type { Logger } from '../log/createLogger';
import type { OrgRuntimeDeps } from '../app/createOrgRuntime';
import type { AdminStore } from './adminStore';
import { csrfValid, sessionCookie } from './auth';
import { connectPages } from './connectPages';
import { consolePages } from './consoleRoutes';
import { layout } from './html';
import { loginRoutes } from './loginRoutes';
import type { SyncRunner } from './syncRunner';

export interface PageDeps {
  runtime: OrgRuntimeDeps;
  admins: AdminStore;
  runner: SyncRunner;
  logger: Logger;
  /** Where Salesforce sends the admin back (the console's public URL + /oauth/salesforce/callback); null when unknown (production without LEADLOOP_PUBLIC_URL). */
  publicUrl: (req: Request) => string | null;
  secureCookies: boolean;
  /** The console's build (Vite's output, see consoleRoutes). */
  consoleDir: string;
}

/**
 * What is not the single-page console (console/, talking to /api/v1): sign-in and sign-out,
 * and the CRM connect forms with the Salesforce OAuth callback (server pages with CSRF
 * tokens). Every other page path of a signed-in admin is the console.
 */
export function pageRoutes(deps: PageDeps): Router {
  const router = express.Router();
  const user = (req: Request) => ({ email: req.principal!.name, csrf: req.principal!.session?.csrfToken ?? '' });

  router.use(loginRoutes(deps));
  // everything below needs a signed-in admin; forms are parsed only after that check
  router.use((req, res, next) => (req.principal?.kind === 'admin' ? next() : res.redirect(303, '/login')));
  router.use(express.urlencoded({ extended: false, limit: '100kb' }));
  router.use((req, res, next) =>
    req.method !== 'POST' || csrfValid(req)
      ? next()
      : void res
          .status(403)
          .type('html')
          .send(layout('Forbidden', '<p class="error">The form expired (CSRF check). Go back and try again.</p>')),
  );

  router.post('/logout', async (req, res) => {
    await deps.admins.logout(req.principal!.session!.tokenHash);
    res.setHeader('Set-Cookie', sessionCookie('', deps.secureCookies, 0));
    res.redirect(303, '/login');
  });

  router.use(connectPages(deps, user));
  router.use(consolePages(deps.consoleDir));
  return router;
}
