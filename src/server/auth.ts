import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { AdminSession, AdminStore, TokenScope } from './adminStore';

export const SESSION_COOKIE = 'leadloop_session';

export interface Principal {
  kind: 'admin' | 'token';
  name: string;
  /** What it may do; a console session is `full`. */
  scope: TokenScope;
  session?: AdminSession;
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return decodeURIComponent(part.slice(at + 1).trim());
  }
  return undefined;
}

export function sessionCookie(token: string, secure: boolean, maxAgeSeconds = 12 * 3600): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}

/** Who is calling: a console session (cookie) or a machine (Bearer API token). Sets req.principal. */
export function identify(store: AdminStore) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    try {
      const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (bearer) {
        const token = await store.apiToken(bearer);
        if (token) req.principal = { kind: 'token', name: `token:${token.name}`, scope: token.scope };
      } else {
        const cookie = readCookie(req, SESSION_COOKIE);
        const session = cookie ? await store.session(cookie) : null;
        if (session) req.principal = { kind: 'admin', name: session.email, scope: 'full', session };
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}

/**
 * Whether the principal's scope covers this request: `metrics` reads /metrics only, `read`
 * makes GET requests only (the API and /metrics), `full` does everything.
 */
export function scopeAllows(principal: Principal, method: string, path: string): boolean {
  if (principal.scope === 'full') return true;
  const reading = method === 'GET' || method === 'HEAD';
  if (principal.scope === 'metrics') return reading && path === '/metrics';
  return reading && (path === '/metrics' || path.startsWith('/api/'));
}

const same = (a: string, b: string) => a.length === b.length && crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Changes need a valid CSRF token when they come from a browser session (form field
 * `_csrf` or header `X-CSRF-Token`); Bearer-token calls carry no ambient credentials.
 */
export function csrfValid(req: Request): boolean {
  if (req.principal?.kind !== 'admin') return req.principal?.kind === 'token';
  const sent =
    (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>)['_csrf'] : undefined) ??
    req.headers['x-csrf-token'];
  return typeof sent === 'string' && same(sent, req.principal.session!.csrfToken);
}
