import type { AxiosInstance } from 'axios';
import { LeadloopError } from '../../src/domain/errors';
import { classifySugarError } from './classifySugarError';
import type { SugarCredentials, SugarTokenResponse } from './sugarCredentials';
import { sendSugar } from './sugarHttp';
import { FALLBACK_API_VERSION, PREFERRED_API_VERSION } from './sugarConstants';

export type SugarGrant =
  | { grant_type: 'password'; username: string; password: string }
  | { grant_type: 'refresh_token'; refresh_token: string };

type ClientParams = Pick<SugarCredentials, 'clientId' | 'clientSecret' | 'platform'>;

/** A token request Sugar refused (as opposed to one that could not be made). */
export class SugarTokenRefusedError extends LeadloopError {}

/**
 * POST <apiPath>/oauth2/token (password or refresh_token grant). `http` is rooted at the
 * instance URL. Refusals (400/401: bad password, used refresh token) throw
 * SugarTokenRefusedError; network trouble and 5xx throw transient errors.
 */
export async function requestSugarToken(
  http: AxiosInstance,
  apiPath: string,
  client: ClientParams,
  grant: SugarGrant,
  onCall?: () => void,
): Promise<SugarTokenResponse> {
  onCall?.();
  const response = await sendSugar(http, {
    method: 'POST',
    path: `${apiPath}/oauth2/token`,
    data: { ...grant, client_id: client.clientId, client_secret: client.clientSecret, platform: client.platform },
  });
  const body = response.data as Partial<SugarTokenResponse> | undefined;
  if (
    response.status === 200 &&
    body &&
    typeof body.access_token === 'string' &&
    typeof body.refresh_token === 'string'
  ) {
    return body as SugarTokenResponse;
  }
  if (isInvalidPlatform(response.data)) {
    // Sugar refuses a platform its admin has not registered (disable_unknown_platforms, on by default since Winter '18):
    // https://sugarclub.sugarcrm.com/dev-club/b/dev-blog/posts/unknown-platforms-to-be-restricted-in-winter-18-release
    throw new SugarTokenRefusedError(
      `SugarCRM refused the API platform "${client.platform}": it is not registered in this instance. Ask a Sugar admin to add it (Admin → Configure API Platforms), or connect with --platform naming one that is.`,
      { kind: 'configuration', crm: 'sugarcrm', code: 'EXCEPTION_INVALID_PLATFORM', status: response.status },
    );
  }
  const error = classifySugarError({
    status: response.status,
    body: response.data,
    retryAfter: response.headers['retry-after'] as string | undefined,
    action: `${grant.grant_type} grant`,
  });
  if (response.status === 200 || [400, 401, 403].includes(response.status)) {
    throw new SugarTokenRefusedError(error.message, {
      kind: 'configuration',
      crm: 'sugarcrm',
      code: error.code,
      status: response.status,
    });
  }
  throw error;
}

/** Sugar's answer to an unregistered platform: 422 invalid_parameter whose message is the label EXCEPTION_INVALID_PLATFORM. */
function isInvalidPlatform(body: unknown): boolean {
  const b = body as { error?: unknown; error_message?: unknown } | undefined;
  return b?.error === 'invalid_parameter' && String(b.error_message ?? '').includes('EXCEPTION_INVALID_PLATFORM');
}

/** Versions to try, newest first: the preferred one, then what an `incorrect_version` answer says is the maximum, then v10. */
function versionFromMessage(message: unknown): string | undefined {
  const match = /between\s+[\d.]+\s+and\s+(\d+)(?:\.(\d+))?/i.exec(String(message ?? ''));
  if (!match) return undefined;
  return match[2] && match[2] !== '0' ? `v${match[1]}_${match[2]}` : `v${match[1]}`;
}

/**
 * Signs in with the password grant on the newest REST version the instance accepts.
 * Sugar answers a version above its maximum with 301 `incorrect_version` ("Please change
 * your requested API version to value between 10 and 11.1", RestService.php) or, behind
 * some proxies, 404: step down to the version named there, else to v10.
 */
export async function signInDiscoveringVersion(
  http: AxiosInstance,
  client: ClientParams,
  username: string,
  password: string,
  onCall?: () => void,
): Promise<{ apiPath: string; token: SugarTokenResponse }> {
  const tried = new Set<string>();
  let version: string | undefined = PREFERRED_API_VERSION;
  while (version && !tried.has(version)) {
    tried.add(version);
    const apiPath = `/rest/${version}`;
    try {
      const token = await requestSugarToken(
        http,
        apiPath,
        client,
        { grant_type: 'password', username, password },
        onCall,
      );
      return { apiPath, token };
    } catch (error) {
      const unsupported =
        error instanceof LeadloopError &&
        (error.code === 'incorrect_version' ||
          error.code === 'no_method' ||
          error.status === 404 ||
          error.status === 301);
      if (!unsupported) throw error;
      version = tried.has(FALLBACK_API_VERSION) ? undefined : (nextVersion(error, tried) ?? FALLBACK_API_VERSION);
    }
  }
  throw new LeadloopError(
    'SugarCRM: no supported REST version (tried ' + [...tried].join(', ') + '); is the URL the Sugar instance root?',
    { kind: 'configuration', crm: 'sugarcrm', code: 'NO_REST_VERSION' },
  );
}

function nextVersion(error: LeadloopError, tried: Set<string>): string | undefined {
  const named = versionFromMessage(error.message);
  return named && !tried.has(named) ? named : undefined;
}
