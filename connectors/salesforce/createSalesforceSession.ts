import { Connection } from 'jsforce';
import { LeadloopError, NeedsReconnectError, isLeadloopError } from '../../src/domain/errors';
import type { Logger } from '../../src/log/createLogger';
import { describeError } from '../../src/log/redact';
import { withRetry } from '../../src/resilience/withRetry';
import { classifySalesforceError } from './classifySalesforceError';
import { explainTokenRefusal } from './connectSalesforce';
import { requestSalesforceToken, SalesforceTokenRefusedError, type SalesforceGrant } from './requestSalesforceToken';
import { parseIdentityUrl, type SalesforceCredentials, type SalesforceTokenResponse } from './salesforceCredentials';
import type { SalesforceSession } from './salesforceSession';

export interface SalesforceSessionOptions {
  credentials: SalesforceCredentials;
  /** Persists renewed tokens (sealed); awaited before the new token is used. */
  onCredentialsChanged: (credentials: SalesforceCredentials) => Promise<void>;
  logger: Logger;
  /** Attempts per call for transient failures (default 4). */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface SalesforceSessionWithCredentials extends SalesforceSession {
  /** Current credentials (the access token changes on renewal). */
  credentials(): SalesforceCredentials;
  /** Reads `/limits` (DailyApiRequests) — one call — and returns the org's daily usage, also kept for usage(). */
  checkLimits(): Promise<{ used?: number; max?: number }>;
}

interface LimitsBody { DailyApiRequests?: { Max?: number; Remaining?: number } }

/** A second renewal without a successful call in between means the new token is refused too. */
const RENEWAL_GRACE_MS = 60_000;

function renewalGrant(c: SalesforceCredentials): SalesforceGrant | null {
  switch (c.flow) {
    case 'refresh_token': case 'authorization_code':
      return c.refreshToken ? { grant: 'refresh_token', refreshToken: c.refreshToken } : null;
    case 'jwt':
      return c.username && c.privateKeyPem ? { grant: 'jwt', username: c.username, privateKeyPem: c.privateKeyPem } : null;
    case 'password':
      return c.username && c.password ? { grant: 'password', username: c.username, password: c.password } : null;
  }
}

export function reconnectAdvice(c: Pick<SalesforceCredentials, 'instanceUrl' | 'username'>): string {
  return `Reconnect the org with \`leadloop connect salesforce\` (or the admin console)${c.username ? ` as ${c.username}` : ''}; runs for ${c.instanceUrl} are paused until then.`;
}

/**
 * The one jsforce Connection of an org run: pinned API version, OAuth access token, and a
 * jsforce `refreshFn` that renews an expired session with the org's own flow (refresh
 * token, a fresh JWT assertion, or the password grant), persists the new token before
 * the replay, and turns a refused renewal into NeedsReconnectError. Every call is counted,
 * classified, and retried through withRetry when transient.
 */
export function createSalesforceSession(options: SalesforceSessionOptions): SalesforceSessionWithCredentials {
  const { logger } = options;
  let creds: SalesforceCredentials = { ...options.credentials };
  let calls = 0;
  let lastRenewalAt = 0;
  let succeededSinceRenewal = true;
  let renewalFailure: Error | null = null;
  for (const secret of [creds.accessToken, creds.refreshToken, creds.clientSecret, creds.password, creds.privateKeyPem]) logger.addSecret(secret);

  async function renew(): Promise<SalesforceTokenResponse> {
    if (!succeededSinceRenewal && Date.now() - lastRenewalAt < RENEWAL_GRACE_MS) {
      throw new NeedsReconnectError(`Salesforce still answers INVALID_SESSION_ID with a freshly renewed session for ${creds.instanceUrl}: the integration user may lack "API Enabled", or the connected app's policies (IP ranges, session security level) refuse it. ${reconnectAdvice(creds)}`, 'salesforce', 'STILL_UNAUTHORIZED');
    }
    const grant = renewalGrant(creds);
    if (!grant) throw new NeedsReconnectError(`leadloop holds nothing to renew the Salesforce session of ${creds.instanceUrl} with (flow ${creds.flow}). ${reconnectAdvice(creds)}`, 'salesforce', 'NO_RENEWAL_GRANT');
    calls++;
    let token: SalesforceTokenResponse;
    try {
      token = await requestSalesforceToken({ loginUrl: creds.loginUrl, clientId: creds.clientId, clientSecret: creds.clientSecret }, grant);
    } catch (error) {
      if (error instanceof SalesforceTokenRefusedError) {
        throw new NeedsReconnectError(`${explainTokenRefusal(error, new URL(creds.loginUrl).origin)} ${reconnectAdvice(creds)}`, 'salesforce', error.error === 'invalid_grant' ? 'REFRESH_REFUSED' : error.error.toUpperCase());
      }
      throw classifySalesforceError(error, { action: `renew session (${grant.grant})` });
    }
    logger.addSecret(token.access_token);
    logger.addSecret(token.refresh_token);
    const { userId, orgId } = parseIdentityUrl(token.id);
    creds = {
      ...creds, accessToken: token.access_token, instanceUrl: token.instance_url.replace(/\/+$/, ''),
      // Salesforce may rotate the refresh token; keep the old one when it does not.
      ...(token.refresh_token ? { refreshToken: token.refresh_token } : {}), userId, orgId,
    };
    await options.onCredentialsChanged({ ...creds });
    lastRenewalAt = Date.now();
    succeededSinceRenewal = false;
    logger.info('Salesforce session renewed', { flow: creds.flow, instanceUrl: creds.instanceUrl });
    return token;
  }

  const conn = new Connection({
    instanceUrl: creds.instanceUrl,
    accessToken: creds.accessToken,
    version: creds.apiVersion,
    oauth2: { loginUrl: creds.loginUrl, clientId: creds.clientId, ...(creds.clientSecret ? { clientSecret: creds.clientSecret } : {}) },
    refreshFn: (c, callback) => {
      renew().then((token) => {
        c.instanceUrl = creds.instanceUrl;
        callback(null, token.access_token, token as never);
      }, (error: Error) => {
        renewalFailure = error;
        callback(error);
      });
    },
  });

  function translate(error: unknown, label: string): LeadloopError {
    // jsforce rewraps a failed renewal as "Unable to refresh session due to: …"; the cause is kept here.
    if (renewalFailure && error instanceof Error && error.message.startsWith('Unable to refresh session')) {
      const cause = renewalFailure;
      renewalFailure = null;
      return isLeadloopError(cause) ? cause : classifySalesforceError(cause, { action: `${label} (saving the renewed session)` });
    }
    return classifySalesforceError(error, { action: label });
  }

  async function call<T>(label: string, fn: (conn: Connection) => Promise<T>): Promise<T> {
    return withRetry(async () => {
      calls++;
      try {
        const result = await fn(conn);
        succeededSinceRenewal = true;
        return result;
      } catch (error) {
        const classified = translate(error, label);
        // Any answer but 401 (or a network failure) means Salesforce accepted the session.
        if (classified.kind !== 'auth_expired' && classified.kind !== 'transient' && !(classified instanceof NeedsReconnectError)) succeededSinceRenewal = true;
        if (classified.kind !== 'record') logger.warn('Salesforce call failed', { call: label, error: describeError(classified) });
        throw classified;
      }
    }, {
      maxAttempts: options.maxAttempts ?? 4, sleep: options.sleep, random: options.random,
      onRetry: ({ attempt, delayMs }) => logger.info('Salesforce call retried', { call: label, attempt, delayMs }),
    });
  }

  return {
    apiVersion: creds.apiVersion,
    instanceUrl: () => creds.instanceUrl,
    userId: async () => creds.userId || (await call('identity', (c) => c.identity())).user_id,
    call,
    callCount: () => calls,
    usage: () => {
      const usage = conn.limitInfo?.apiUsage;
      return usage ? { used: usage.used, max: usage.limit } : {};
    },
    checkLimits: async () => {
      const limits = await call('limits', async (c) => (await c.limits()) as unknown as LimitsBody);
      const daily = limits?.DailyApiRequests;
      if (typeof daily?.Max === 'number' && typeof daily.Remaining === 'number') {
        // /limits is fresher than the last Sforce-Limit-Info header (it counts this call too).
        conn.limitInfo = { apiUsage: { used: daily.Max - daily.Remaining, limit: daily.Max } };
        return { used: daily.Max - daily.Remaining, max: daily.Max };
      }
      const usage = conn.limitInfo?.apiUsage;
      return usage ? { used: usage.used, max: usage.limit } : {};
    },
    credentials: () => ({ ...creds }),
  };
}
