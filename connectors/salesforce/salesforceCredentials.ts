/** How leadloop signs in to one org; the same grant is replayed when the session expires. */
export type SalesforceFlow = 'password' | 'jwt' | 'refresh_token' | 'authorization_code';

/** What leadloop stores (sealed) for one Salesforce org. */
export interface SalesforceCredentials {
  flow: SalesforceFlow;
  /** https://login.salesforce.com, https://test.salesforce.com or a My Domain login URL. */
  loginUrl: string;
  instanceUrl: string;
  accessToken: string;
  /** Web-server and refresh-token flows; rotated tokens replace it. */
  refreshToken?: string;
  clientId: string;
  clientSecret?: string;
  username?: string;
  /** Username-password flow only (sandboxes and the CLI). */
  password?: string;
  /** JWT bearer flow: the connected app's certificate key (PKCS#8 PEM). */
  privateKeyPem?: string;
  apiVersion: string;
  orgId: string;
  userId: string;
}

/** The OAuth 2.0 token response (POST /services/oauth2/token). */
export interface SalesforceTokenResponse {
  access_token: string;
  instance_url: string;
  /** Identity URL: https://login.salesforce.com/id/<orgId>/<userId>. */
  id: string;
  token_type: string;
  issued_at: string;
  signature: string;
  refresh_token?: string;
  scope?: string;
}

/** Org and user ids from the identity URL of a token response. */
export function parseIdentityUrl(id: string): { orgId: string; userId: string } {
  const parts = id.split('/').filter(Boolean);
  const userId = parts.at(-1) ?? '';
  const orgId = parts.at(-2) ?? '';
  if (!/^[a-zA-Z0-9]{15,18}$/.test(userId) || !/^[a-zA-Z0-9]{15,18}$/.test(orgId))
    throw new Error(`unexpected identity URL in the token response: ${id}`);
  return { orgId, userId };
}
