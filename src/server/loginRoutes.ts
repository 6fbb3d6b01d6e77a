import express, { type Request, type Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { recordAudit } from '../store/auditLog';
import { h, layout } from './html';
import { createLoginThrottle, type LoginThrottle } from './loginThrottle';
import type { PageDeps } from './pageRoutes';
import { sessionCookie } from './auth';

/** Sign-in forms are tiny; nothing bigger is parsed before a session exists. */
const LOGIN_BODY_LIMIT = '4kb';

/**
 * A POST /login from another site (login CSRF: signing the victim into the attacker's
 * account) is refused. Browsers say where a request comes from in `Sec-Fetch-Site`
 * (https://www.w3.org/TR/fetch-metadata/); older ones only in `Origin` (the console's
 * Referrer-Policy is same-origin, so a same-origin form post carries it). Requests with
 * neither (curl, scripts) are not a browser acting for a victim.
 */
export function sameOrigin(req: Request, publicUrl: string | null): boolean {
  const site = req.get('sec-fetch-site');
  if (site) return site === 'same-origin' || site === 'none';
  const origin = req.get('origin');
  if (!origin) return true;
  const expected = publicUrl ? new URL(publicUrl).origin : `${req.protocol}://${req.get('host') ?? ''}`;
  return origin === expected;
}

/** GET/POST /login and POST /logout: an IP limiter that ignores successes, a per-account back-off, an Origin check. */
export function loginRoutes(deps: PageDeps, throttle: LoginThrottle = createLoginThrottle()): Router {
  const router = express.Router();
  const { db } = deps.runtime;
  const ipLimiter = rateLimit({
    windowMs: 15 * 60_000,
    limit: 10,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // whether X-Forwarded-For is believed is LEADLOOP_TRUST_PROXY's business (documented in .env.example)
    validate: { xForwardedForHeader: false },
    message: 'Too many sign-in attempts from your address; wait 15 minutes.',
  });
  const loginPage = (error?: string) =>
    layout(
      'Sign in',
      `<div class="login card"><h1>Sign in to leadloop</h1>${error ? `<p class="error">${h(error)}</p>` : ''}
<form method="post" action="/login"><label for="email">E-mail</label><input id="email" name="email" type="email" autocomplete="username" required autofocus><label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<p><button>Sign in</button></p></form><p class="muted">No account yet? <code>npx leadloop admin create --email you@example.com</code> (asks for the password).</p></div>`,
    );

  router.get('/login', (_req, res) => void res.type('html').send(loginPage()));
  router.post(
    '/login',
    ipLimiter,
    express.urlencoded({ extended: false, limit: LOGIN_BODY_LIMIT }),
    async (req, res) => {
      if (!sameOrigin(req, deps.publicUrl(req)))
        return void res.status(403).type('html').send(loginPage('This sign-in form was sent from another site.'));
      const { email, password } = (req.body ?? {}) as Record<string, unknown>;
      if (typeof email !== 'string' || typeof password !== 'string' || !email || !password)
        return void res.status(400).type('html').send(loginPage('Give your e-mail and password.'));
      const wait = throttle.waitMs(email);
      if (wait > 0) {
        res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
        return void res
          .status(429)
          .type('html')
          .send(loginPage(`Too many wrong passwords for this account; try again in ${Math.ceil(wait / 1000)} s.`));
      }
      const result = await deps.admins.login(email, password, {
        endOtherSessions: deps.runtime.settings.LEADLOOP_LOGIN_SESSIONS === 'single',
      });
      await recordAudit(db, {
        actor: email.slice(0, 320),
        action: result ? 'admin.login' : 'admin.login_failed',
        details: { ip: req.ip },
      });
      if (!result) {
        throttle.failed(email);
        return void res.status(401).type('html').send(loginPage('Wrong e-mail or password.'));
      }
      throttle.succeeded(email);
      res.setHeader('Set-Cookie', sessionCookie(result.token, deps.secureCookies));
      res.redirect(303, '/');
    },
  );
  return router;
}
