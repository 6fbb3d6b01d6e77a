import { LeadloopError } from '../../src/domain/errors';
import { classifySugarError } from './classifySugarError';
import { signInDiscoveringVersion } from './requestSugarToken';
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
  const client = { clientId: params.clientId ?? 'sugar', clientSecret: params.clientSecret ?? '', platform: params.platform ?? 'leadloop' };
  const timeoutMs = params.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { apiPath, token } = await signInDiscoveringVersion(createSugarAxios(url, timeoutMs), client, params.username, params.password);

  const api = createSugarAxios(url + apiPath, timeoutMs);
  const response = await sendSugar(api, { method: 'GET', path: '/me', headers: { 'OAuth-Token': token.access_token } });
  if (response.status !== 200) throw classifySugarError({ status: response.status, body: response.data, action: 'GET /me' });
  const me = (response.data as MeResponse).current_user;
  if (!me?.id) {
    throw new LeadloopError(`SugarCRM at ${url}: GET /me did not name the signed-in user; is this a Sugar 7+ instance?`, { kind: 'configuration', crm: 'sugarcrm', code: 'NO_CURRENT_USER' });
  }

  const credentials: SugarCredentials = {
    url, apiPath, username: params.username, password: params.password, ...client,
    accessToken: token.access_token, refreshToken: token.refresh_token,
    expiresAt: new Date(Date.now() + Number(token.expires_in ?? 3600) * 1000).toISOString(),
    userId: me.id,
  };
  // Sugar has no organisation id; the instance URL identifies the org.
  return { credentials, instanceUrl: url, externalOrgId: url, userId: me.id };
}
