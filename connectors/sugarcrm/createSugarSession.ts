import type { LookupFunction } from 'node:net';
import type { AxiosResponse } from 'axios';
import { NeedsReconnectError, isLeadloopError } from '../../src/domain/errors';
import type { Logger } from '../../src/log/createLogger';
import { describeError } from '../../src/log/redact';
import { withRetry } from '../../src/resilience/withRetry';
import { classifySugarError } from './classifySugarError';
import { requestSugarToken, SugarTokenRefusedError } from './requestSugarToken';
import { MAX_RETRY_AFTER_MS, TOKEN_EXPIRY_MARGIN_MS } from './sugarConstants';
import type { SugarCredentials, SugarTokenResponse } from './sugarCredentials';
import { createSugarAxios, sendSugar, type SugarRequest } from './sugarHttp';
import type { OptionalSources } from '../../src/resilience/createOptionalSources';

export interface SugarSessionOptions {
  credentials: SugarCredentials;
  onCredentialsChanged: (c: SugarCredentials) => Promise<void>;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => Date;
  timeoutMs: number;
  maxAttempts?: number;
  /** Modules the run may skip when the integration user cannot read them. */
  optional?: OptionalSources;
  /** Checks every connection's address (src/security/checkCrmUrl.ts socketLookup): a host that later resolves to a private address gets no password. */
  lookup?: LookupFunction;
}

export interface SugarCall extends SugarRequest {
  /** The request concerns one record: a refused value is that record's error, not a configuration error. */
  recordScoped?: boolean;
  recordId?: string;
}

export interface SugarSession {
  /** Sends an authenticated request (refreshing or re-signing in once when the session expired) and returns the JSON body of a 2xx answer. */
  call<T>(request: SugarCall): Promise<T>;
  /** Current credentials (tokens rotate). */
  credentials(): SugarCredentials;
  /** HTTP calls made, token requests included. */
  callCount(): number;
  /** Modules a run may do without (walkSugarFilter skips them when unreadable); absent: every read is required. */
  readonly optional?: OptionalSources;
}

export function reconnectMessage(c: Pick<SugarCredentials, 'username' | 'platform' | 'url'>): string {
  return (
    `SugarCRM refused leadloop's credentials for ${c.username} at ${c.url} (refresh and password sign-in both failed). ` +
    `Reconnect with \`leadloop connect sugarcrm\`. If this keeps happening, someone is signing in as ${c.username} on the OAuth platform "${c.platform}": ` +
    'Sugar ends earlier sessions and refresh tokens of the same user and platform, so give leadloop its own user, or register a custom platform for it (Admin → Configure API Platforms) and pass it with --platform.'
  );
}

/**
 * Authenticated access to one Sugar instance: the `OAuth-Token` header, single-flight
 * renewal (refresh grant, then password grant, then NeedsReconnectError), every rotated
 * token persisted at once, retries of transient failures and 429s through withRetry.
 */
export function createSugarSession(options: SugarSessionOptions): SugarSession {
  const { logger } = options;
  let creds: SugarCredentials = { ...options.credentials };
  let calls = 0;
  let renewing: Promise<void> | null = null;
  const now = options.now ?? (() => new Date());
  const http = createSugarAxios(creds.url, options.timeoutMs, options.lookup);
  const api = createSugarAxios(creds.url + creds.apiPath, options.timeoutMs, options.lookup);
  logger.addSecret(creds.password);
  logger.addSecret(creds.clientSecret);
  logger.addSecret(creds.accessToken);
  logger.addSecret(creds.refreshToken);

  async function adopt(token: SugarTokenResponse): Promise<void> {
    logger.addSecret(token.access_token);
    logger.addSecret(token.refresh_token);
    creds = {
      ...creds,
      accessToken: token.access_token,
      refreshToken: token.refresh_token,
      expiresAt: new Date(now().getTime() + Number(token.expires_in ?? 3600) * 1000).toISOString(),
    };
    // Sugar refresh tokens are single-use: persist the new one before anything else can fail.
    await options.onCredentialsChanged({ ...creds });
  }

  async function renew(): Promise<void> {
    const count = () => void calls++;
    try {
      await adopt(
        await requestSugarToken(
          http,
          creds.apiPath,
          creds,
          { grant_type: 'refresh_token', refresh_token: creds.refreshToken },
          count,
        ),
      );
      logger.info('SugarCRM session refreshed');
      return;
    } catch (error) {
      if (!(error instanceof SugarTokenRefusedError)) throw error;
      logger.warn('SugarCRM refresh token refused; signing in again with the stored password', {
        error: describeError(error),
      });
    }
    try {
      await adopt(
        await requestSugarToken(
          http,
          creds.apiPath,
          creds,
          { grant_type: 'password', username: creds.username, password: creds.password },
          count,
        ),
      );
      logger.info('SugarCRM session re-established with the password grant');
    } catch (error) {
      if (!(error instanceof SugarTokenRefusedError)) throw error;
      throw new NeedsReconnectError(reconnectMessage(creds), 'sugarcrm');
    }
  }

  function renewOnce(): Promise<void> {
    renewing ??= renew().finally(() => {
      renewing = null;
    });
    return renewing;
  }

  async function send(request: SugarCall): Promise<AxiosResponse> {
    calls++;
    return sendSugar(api, { ...request, headers: { ...request.headers, 'OAuth-Token': creds.accessToken } });
  }

  async function attempt<T>(request: SugarCall): Promise<T> {
    if (Date.parse(creds.expiresAt) - TOKEN_EXPIRY_MARGIN_MS <= now().getTime()) await renewOnce();
    const usedToken = creds.accessToken;
    let response = await send(request);
    if (response.status === 401) {
      // Another request may already have renewed the token this one was sent with.
      if (creds.accessToken === usedToken) await renewOnce();
      response = await send(request);
      if (response.status === 401)
        throw new NeedsReconnectError(reconnectMessage(creds), 'sugarcrm', 'STILL_UNAUTHORIZED');
    }
    if (response.status >= 200 && response.status < 300) return response.data as T;
    throw classifySugarError({
      status: response.status,
      body: response.data,
      retryAfter: response.headers['retry-after'] as string | undefined,
      recordScoped: request.recordScoped,
      recordId: request.recordId,
      action: `${request.method} ${request.path}`,
    });
  }

  const isRetryable = (error: unknown): boolean =>
    isLeadloopError(error) &&
    !(error instanceof NeedsReconnectError) &&
    (error.kind === 'transient' || (error.kind === 'rate_limited' && (error.retryAfterMs ?? 0) <= MAX_RETRY_AFTER_MS));

  return {
    ...(options.optional ? { optional: options.optional } : {}),
    call: <T>(request: SugarCall) =>
      withRetry(() => attempt<T>(request), {
        maxAttempts: options.maxAttempts ?? 4,
        sleep: options.sleep,
        random: options.random,
        isRetryable,
        onRetry: ({ attempt: n, delayMs, error }) =>
          logger.warn(`SugarCRM ${request.method} ${request.path} failed; retry ${n} in ${delayMs} ms`, {
            error: describeError(error),
          }),
      }),
    credentials: () => ({ ...creds }),
    callCount: () => calls,
  };
}
