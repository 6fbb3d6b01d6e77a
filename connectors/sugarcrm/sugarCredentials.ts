/**
 * What leadloop stores (sealed) for one Sugar instance. The password is kept because Sugar
 * refresh tokens are single-use and a user's login on the same `platform` invalidates them:
 * the connector then signs in again instead of asking an admin to reconnect.
 */
export interface SugarCredentials {
  /** Instance root, e.g. https://acme.sugarondemand.com (no trailing slash, no /rest). */
  url: string;
  /** REST base path, e.g. /rest/v11_1. */
  apiPath: string;
  username: string;
  password: string;
  clientId: string;
  clientSecret: string;
  /** OAuth platform; admins register a custom one (e.g. `leadloop`) so syncing never logs reps out. */
  platform: string;
  accessToken: string;
  refreshToken: string;
  /** ISO time the access token expires. */
  expiresAt: string;
  /** Sugar user id of leadloop's integration user, when known (filters leadloop's own writes). */
  userId?: string;
}

/** The OAuth2 token response (POST /oauth2/token). */
export interface SugarTokenResponse {
  access_token: string;
  expires_in: number;
  token_type: string;
  scope: string | null;
  refresh_token: string;
  refresh_expires_in?: number;
  download_token?: string;
}

/** The version segment of apiPath (`/rest/v11_1` → `v11_1`), used in /bulk sub-request urls. */
export function apiVersionOf(credentials: Pick<SugarCredentials, 'apiPath'>): string {
  return credentials.apiPath.replace(/^\/rest\//, '');
}
