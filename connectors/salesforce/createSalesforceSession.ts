import { Connection } from 'jsforce';
import { LeadloopError, NeedsReconnectError } from '../../src/domain/errors';
import type { Logger } from '../../src/log/createLogger';
import type { OptionalSources } from '../../src/resilience/createOptionalSources';
import { withRetry } from '../../src/resilience/withRetry';
import { classifySalesforceError } from './classifySalesforceError';
import { renewalGrant } from './connectSalesforce';
import { requestSalesforceToken } from './requestSalesforceToken';
import type { CrmUrlPolicy } from '../../src/security/checkCrmUrl';
import { DEFAULT_SETTINGS } from '../../src/settings/loadSettings';
import type { SalesforceCredentials } from './salesforceCredentials';
import type { SalesforceSession } from './salesforceSession';

export interface SalesforceSessionDeps {
  credentials: SalesforceCredentials;
  /** Called with renewed tokens before they are used, so a crash never loses a rotated refresh token. */
  onCredentialsChanged: (c: SalesforceCredentials) => Promise<void>;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Attempts per call for transient failures (default 4). */
  maxAttempts?: number;
  /** Stop (cleanly, as rate limited) once the org's daily API usage reaches this share of its limit (default 0.8). */
  apiBudgetShare?: number;
  /** Objects the run may skip when the integration user cannot read them. */
  optional?: OptionalSources;
  /** Checks the instance_url of a renewed token before the access token is sent there (src/security/checkCrmUrl.ts). */
  urlPolicy?: CrmUrlPolicy;
}

/** A renewal this soon after the last one, with no accepted answer since, means the new token is refused too. */
const RENEWAL_GRACE_MS = 60_000;

type Transport = { httpRequest: (...args: unknown[]) => unknown };

/**
 * The jsforce Connection leadloop uses for one org: API version pinned, the session
 * renewed with the org's own grant (refresh token, JWT or password — never SOAP login)
 * when Salesforce answers INVALID_SESSION_ID, every HTTP request counted.
 */
export function createSalesforceSession(deps: SalesforceSessionDeps): SalesforceSession {
  let credentials = { ...deps.credentials };
  let calls = 0;
  let renewalRefused: NeedsReconnectError | null = null;
  // jsforce replays after a renewal and renews again on the next 401, forever if the new
  // token is refused too: a second renewal with no accepted answer in between stops instead.
  let lastRenewalAt = 0;
  let acceptedSinceRenewal = true;
  const logger = deps.logger;
  // masked in every later log line, whatever error object carries them
  for (const secret of [
    credentials.accessToken,
    credentials.refreshToken,
    credentials.clientSecret,
    credentials.password,
    credentials.privateKeyPem,
  ])
    logger.addSecret(secret);

  const conn = new Connection({
    instanceUrl: credentials.instanceUrl,
    accessToken: credentials.accessToken,
    version: credentials.apiVersion,
    oauth2: { loginUrl: credentials.loginUrl, clientId: credentials.clientId, clientSecret: credentials.clientSecret },
    refreshFn: (_conn, callback) => {
      void renew().then(
        (token) => callback(null as never, token),
        (error: Error) => callback(error),
      );
    },
  });
  const transport = (conn as unknown as { _transport: Transport })._transport;
  const send = transport.httpRequest.bind(transport);
  transport.httpRequest = (...args: unknown[]) => {
    calls += 1;
    return send(...args);
  };

  async function renew(): Promise<string> {
    if (!acceptedSinceRenewal && Date.now() - lastRenewalAt < RENEWAL_GRACE_MS) {
      renewalRefused = new NeedsReconnectError(
        `Salesforce still answers INVALID_SESSION_ID right after renewing the session for ${credentials.instanceUrl}: the integration user may lack "API Enabled", or the connected app's policies (IP ranges, session level) refuse it. Connect the org again once fixed.`,
        'salesforce',
        'STILL_UNAUTHORIZED',
      );
      throw renewalRefused;
    }
    const grant = renewalGrant(credentials);
    if (!grant)
      throw new NeedsReconnectError(
        'Salesforce session expired and leadloop holds no way to renew it (no refresh token, key or password). Connect the org again.',
        'salesforce',
      );
    calls += 1;
    const token = await requestSalesforceToken(credentials, grant).catch((error: unknown) => {
      // jsforce wraps a failed renewal in its own message; keep ours to rethrow as it is
      if (error instanceof NeedsReconnectError) renewalRefused = error;
      throw error;
    });
    logger.addSecret(token.access_token);
    logger.addSecret(token.refresh_token);
    await deps.urlPolicy?.check(String(token.instance_url ?? ''), 'salesforce', 'instance URL in the renewed token');
    credentials = {
      ...credentials,
      accessToken: token.access_token,
      instanceUrl: token.instance_url,
      ...(token.refresh_token ? { refreshToken: token.refresh_token } : {}),
    };
    await deps.onCredentialsChanged(credentials);
    lastRenewalAt = Date.now();
    acceptedSinceRenewal = false;
    logger.info('Salesforce session renewed', { flow: grant.flow });
    (conn as unknown as { instanceUrl: string }).instanceUrl = token.instance_url;
    return token.access_token;
  }

  return {
    ...(deps.optional ? { optional: deps.optional } : {}),
    apiVersion: credentials.apiVersion,
    instanceUrl: () => credentials.instanceUrl,
    userId: async () => credentials.userId,
    async call<T>(label: string, fn: (c: Connection) => Promise<T>): Promise<T> {
      const usage = conn.limitInfo?.apiUsage;
      const share = deps.apiBudgetShare ?? DEFAULT_SETTINGS.LEADLOOP_API_BUDGET_SHARE;
      if (usage && usage.limit > 0 && usage.used >= usage.limit * share) {
        throw new LeadloopError(
          `Salesforce: the org has used ${usage.used} of its ${usage.limit} daily API requests; leadloop stops at ${Math.round(share * 100)}% so other integrations keep theirs`,
          { kind: 'rate_limited', crm: 'salesforce', code: 'API_BUDGET_REACHED' },
        );
      }
      return withRetry(
        async () => {
          try {
            const result = await fn(conn);
            acceptedSinceRenewal = true;
            return result;
          } catch (error) {
            if (renewalRefused) throw renewalRefused;
            const classified = classifySalesforceError(error, label);
            // any answer but 401 (or a network failure) means Salesforce accepted the session
            if (classified.kind !== 'auth_expired' && classified.kind !== 'transient') acceptedSinceRenewal = true;
            if (classified.kind === 'auth_expired') {
              // jsforce renews on 401 by itself; a second expiry right after means the grant no longer works
              throw new LeadloopError(`${classified.message} (still refused after renewing the session)`, {
                kind: 'configuration',
                crm: 'salesforce',
                code: classified.code,
              });
            }
            throw classified;
          }
        },
        {
          maxAttempts: deps.maxAttempts ?? 4,
          sleep: deps.sleep,
          random: deps.random,
          onRetry: ({ attempt, delayMs, error }) =>
            logger.warn(`Salesforce ${label}: retrying after a transient failure`, {
              attempt,
              delayMs,
              code: (error as LeadloopError).code,
            }),
        },
      );
    },
    callCount: () => calls,
    usage: () => {
      const usage = conn.limitInfo?.apiUsage;
      return usage ? { used: usage.used, max: usage.limit } : {};
    },
  };
}
