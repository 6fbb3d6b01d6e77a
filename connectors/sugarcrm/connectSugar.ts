import { LeadloopError } from '../../src/domain/errors';
import type { CrmUrlPolicy } from '../../src/security/checkCrmUrl';
import { classifySugarError } from './classifySugarError';
import { signInDiscoveringVersion, SugarTokenRefusedError } from './requestSugarToken';
import { DEFAULT_TIMEOUT_MS } from './sugarConstants';
import type { SugarCredentials } from './sugarCredentials';
import { createSugarAxios, normalizeSugarUrl, sendSugar } from './sugarHttp';

export interface ConnectSugarParams {
  url: string;
  username: string;
  password: string;
  /** OAuth client; Sugar's built-in one is `sugar` with an empty secret. */
  clientId?: string;
  clientSecret?: string;
  /** OAuth platform; a custom one (Admin → Configure API Platforms) keeps leadloop from ending reps' sessions. */
  platform?: string;
  timeoutMs?: number;
  /** Where credentials may go (src/security/checkCrmUrl.ts); every entry point passes the settings' policy. */
  urlPolicy?: CrmUrlPolicy;
}

export interface ConnectSugarResult {
  credentials: SugarCredentials;
  instanceUrl: string;
  externalOrgId?: string;
  userId: string;
}

interface MeResponse {
  current_user?: { id?: string; user_name?: string; full_name?: string; type?: string };
}

/**
 * First connection: the OAuth2 password grant on the newest REST version the instance
 * accepts, then GET /me to learn leadloop's user. The caller stores the credentials sealed.
 */
export async function connectSugar(params: ConnectSugarParams): Promise<ConnectSugarResult> {
  const url = normalizeSugarUrl(params.url);
  await params.urlPolicy?.check(url, 'sugarcrm', 'URL');
  const lookup = params.urlPolicy?.socketLookup('sugarcrm');
  const client = {
    clientId: params.clientId ?? 'sugar',
    clientSecret: params.clientSecret ?? '',
    platform: params.platform ?? 'leadloop',
  };
  const timeoutMs = params.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { apiPath, token } = await signInDiscoveringVersion(
    createSugarAxios(url, timeoutMs, lookup),
    client,
    params.username,
    params.password,
  ).catch((error: unknown) => {
    throw inOurWords(error, url, 'the sign-in');
  });

  const api = createSugarAxios(url + apiPath, timeoutMs, lookup);
  const response = await sendSugar(api, {
    method: 'GET',
    path: '/me',
    headers: { 'OAuth-Token': token.access_token },
  }).catch((error: unknown) => {
    throw inOurWords(error, url, 'GET /me');
  });
  if (response.status !== 200)
    throw inOurWords(
      classifySugarError({ status: response.status, body: response.data, action: 'GET /me' }),
      url,
      'GET /me',
    );
  const me = (response.data as MeResponse).current_user;
  if (!me?.id) {
    throw new LeadloopError(
      `SugarCRM at ${url}: GET /me did not name the signed-in user; is this a Sugar 7+ instance?`,
      { kind: 'configuration', crm: 'sugarcrm', code: 'NO_CURRENT_USER' },
    );
  }

  const credentials: SugarCredentials = {
    url,
    apiPath,
    username: params.username,
    password: params.password,
    ...client,
    accessToken: token.access_token,
    refreshToken: token.refresh_token,
    expiresAt: new Date(Date.now() + Number(token.expires_in ?? 3600) * 1000).toISOString(),
    userId: me.id,
  };
  // Sugar has no organisation id; the instance URL identifies the org.
  return { credentials, instanceUrl: url, externalOrgId: url, userId: me.id };
}

const ADVICE: Record<string, string> = {
  refused:
    'check the username, the password, the OAuth client and the platform (a custom platform must be registered under Admin → Configure API Platforms)',
  forbidden: "check that leadloop's user may use the REST API",
  other: 'check that the URL is the Sugar instance root',
};

/**
 * A connect failure in leadloop's words: what failed, the HTTP status and Sugar's error label
 * when it is a plain label, never the answer's text (issue 24: a connect must not echo what
 * an arbitrary server answers).
 */
function inOurWords(error: unknown, url: string, step: string): unknown {
  if (!(error instanceof LeadloopError) || (error.status === undefined && error.kind !== 'transient')) return error;
  const label = /^[a-z_]{1,40}$/.test(error.code) ? ` ${error.code}` : '';
  if (error.status === undefined) {
    return new LeadloopError(
      `SugarCRM at ${url} could not be reached during ${step} (${/^[A-Z_]{1,40}$/.test(error.code) ? error.code : 'network error'}); check the URL and that the instance is up`,
      { kind: 'transient', crm: 'sugarcrm', code: error.code },
    );
  }
  const advice =
    error instanceof SugarTokenRefusedError || [400, 401].includes(error.status)
      ? ADVICE['refused']
      : error.status === 403
        ? ADVICE['forbidden']
        : ADVICE['other'];
  return new LeadloopError(`SugarCRM at ${url} refused ${step} (HTTP ${error.status}${label}): ${advice}`, {
    kind: error.kind,
    crm: 'sugarcrm',
    code: error.code,
    status: error.status,
    ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
  });
}
