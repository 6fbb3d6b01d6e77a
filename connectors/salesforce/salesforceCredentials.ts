/** How leadloop obtained its Salesforce session; decides how an expired session is renewed. */
export type SalesforceFlow = 'password' | 'jwt' | 'refresh_token' | 'authorization_code';

/**
 * What leadloop stores (sealed by the caller) for one Salesforce org. Enough to renew the
 * session without an admin: a refresh token (web-server and refresh-token flows), the
 * private key (JWT bearer flow), or the client secret with the stored password (password
 * flow, sandboxes and the CLI; the password is sealed with the rest).
 */
export interface SalesforceCredentials {
  flow: SalesforceFlow;
  /** https://login.salesforce.com, https://test.salesforce.com or a My Domain URL. */
  loginUrl: string;
  /** The org's instance, e.g. https://acme.my.salesforce.com (from the token response). */
  instanceUrl: string;
  accessToken: string;
  /** Issued by the web-server flow (scope `refresh_token`); absent for password and JWT flows. */
  refreshToken?: string;
  /** The connected app's consumer key. */
  clientId: string;
  clientSecret?: string;
  username?: string;
  /** Password (plus security token, when the org asks for one); password flow only. */
  password?: string;
  /** PEM private key whose certificate is uploaded to the connected app; JWT flow only. */
  privateKeyPem?: string;
  /** Pinned API version, e.g. 64.0. */
  apiVersion: string;
  /** 18-character org id (00D…) from the identity URL. */
  orgId: string;
  /** The integration user's id (005…) from the identity URL. */
  userId: string;
}

/**
 * The OAuth 2.0 token response as Salesforce documents it (and jsforce types it):
 * `id` is the identity URL https://login.salesforce.com/id/<orgId>/<userId>.
 */
export interface SalesforceTokenResponse {
  access_token: string;
  instance_url: string;
  id: string;
  token_type: string;
  issued_at?: string;
  signature?: string;
  scope?: string;
  refresh_token?: string;
}

/** Org and user id from an identity URL (`…/id/00D…/005…`); throws when it is not one. */
export function parseIdentityUrl(identityUrl: string): { orgId: string; userId: string } {
  const match = /\/id\/([a-zA-Z0-9]{15,18})\/([a-zA-Z0-9]{15,18})\/?$/.exec(identityUrl ?? '');
  if (!match) throw new Error(`Salesforce returned an identity URL leadloop cannot read: ${JSON.stringify(String(identityUrl).slice(0, 200))}`);
  return { orgId: match[1]!, userId: match[2]! };
}
