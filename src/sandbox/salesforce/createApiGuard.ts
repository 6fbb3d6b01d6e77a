import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { SandboxContext, Session } from './salesforceSandboxContext';
import { SESSION_EXPIRED, sendSalesforceError } from './sendSalesforceError';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Finds the session of a Bearer token (or a SOAP SessionHeader), honouring the token-expiry fault. */
export function findSession(ctx: SandboxContext, token: string | undefined): Session | null {
  if (!token) return null;
  const session = ctx.sessions.get(token);
  if (!session) return null;
  const ttl = ctx.faults.tokenTtlSeconds;
  if (ttl !== null && ctx.store.clock.now() - session.issuedAt >= ttl * 1000) {
    ctx.sessions.delete(token);
    return null;
  }
  return session;
}

/**
 * Every API request passes here: injected latency and faults, authentication, the daily API
 * allocation (403 REQUEST_LIMIT_EXCEEDED once spent) and the Sforce-Limit-Info header
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm).
 * SOAP requests authenticate in their envelope, so `soap` skips the Bearer check.
 */
export function createApiGuard(ctx: SandboxContext, options: { soap: boolean }): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const faults = ctx.faults;
    // Draw every roll on every request so a run's fault pattern depends only on the request order.
    const [spike, drop, error, truncate] = [ctx.random.next(), ctx.random.next(), ctx.random.next(), ctx.random.next()];
    const delay = faults.latencyMs + (spike < faults.latencySpikeShare ? faults.latencySpikeMs : 0);
    if (delay > 0) await sleep(delay);
    if (drop < faults.dropConnectionShare) {
      req.socket.destroy();
      return;
    }
    const version = req.params.version;
    if (version !== undefined && !ctx.apiVersions.includes(String(version).replace(/^v/, ''))) {
      sendSalesforceError(res, 404, 'NOT_FOUND', 'The requested resource does not exist');
      return;
    }
    if (!options.soap) {
      const header = req.headers.authorization;
      const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
      const session = findSession(ctx, token);
      if (!session) {
        sendSalesforceError(res, SESSION_EXPIRED.status, SESSION_EXPIRED.errorCode, SESSION_EXPIRED.message);
        return;
      }
      res.locals.session = session;
    }
    if (ctx.calls.total >= faults.dailyApiLimit) {
      sendSalesforceError(res, 403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
      return;
    }
    ctx.calls.total += 1;
    res.setHeader('Sforce-Limit-Info', `api-usage=${ctx.calls.total}/${faults.dailyApiLimit}`);
    if (error < faults.serverErrorShare) {
      sendSalesforceError(res, 503, 'SERVER_UNAVAILABLE', 'Server temporarily unavailable, please try again later.');
      return;
    }
    if (truncate < faults.truncatedJsonShare) {
      res.json = (body: unknown) => {
        const text = JSON.stringify(body);
        res.type('application/json');
        res.end(text.slice(0, Math.floor(text.length / 2)));
        return res;
      };
    }
    next();
  };
}
