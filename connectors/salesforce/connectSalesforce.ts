import { createHash, randomBytes } from 'node:crypto';
import type { CrmUrlPolicy } from '../../src/security/checkCrmUrl';
import { requestSalesforceToken, type SalesforceClient, type SalesforceGrant } from './requestSalesforceToken';
import { SALESFORCE_API_VERSION } from './salesforceConstants';
import { parseIdentityUrl, type SalesforceCredentials } from './salesforceCredentials';

/** A PKCE verifier and its S256 challenge for the web-server flow. */
export function createPkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(64).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Where the admin's browser goes to approve leadloop (OAuth 2.0 web-server flow with PKCE). */
export function salesforceAuthorizeUrl(p: {
  loginUrl: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  state: string;
  scope?: string;
}): string {
  const url = new URL('/services/oauth2/authorize', p.loginUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: p.clientId,
    redirect_uri: p.redirectUri,
    code_challenge: p.codeChallenge,
    code_challenge_method: 'S256',
    state: p.state,
    scope: p.scope ?? 'api refresh_token',
  }).toString();
  return url.toString();
}

export type ConnectSalesforceParams = SalesforceClient &
  SalesforceGrant & {
    /** Where credentials may go (src/security/checkCrmUrl.ts); every entry point passes the settings' policy. */
    urlPolicy?: CrmUrlPolicy;
  };

export interface ConnectSalesforceResult {
  credentials: SalesforceCredentials;
  instanceUrl: string;
  externalOrgId: string;
  userId: string;
}

/** First connection through one of the OAuth flows; the caller stores the credentials sealed. */
export async function connectSalesforce(params: ConnectSalesforceParams): Promise<ConnectSalesforceResult> {
  await params.urlPolicy?.check(params.loginUrl, 'salesforce', 'login URL');
  const client: SalesforceClient = {
    loginUrl: params.loginUrl,
    clientId: params.clientId,
    clientSecret: params.clientSecret,
  };
  const token = await requestSalesforceToken(client, params);
  // the token answer names the host every later call (with the access token) goes to
  await params.urlPolicy?.check(String(token.instance_url ?? ''), 'salesforce', 'instance URL in the token answer');
  // without a refresh token the session could not be renewed: the org would break at the first expiry
  if (params.flow === 'authorization_code' && !token.refresh_token) {
    throw new Error(
      'Salesforce issued no refresh token: add the "refresh_token, offline_access" scope to the connected app, then authorize again',
    );
  }
  const { orgId, userId } = parseIdentityUrl(token.id);
  const credentials: SalesforceCredentials = {
    flow: params.flow === 'authorization_code' ? 'refresh_token' : params.flow,
    loginUrl: params.loginUrl.replace(/\/+$/, ''),
    instanceUrl: token.instance_url,
    accessToken: token.access_token,
    clientId: params.clientId,
    ...(params.clientSecret ? { clientSecret: params.clientSecret } : {}),
    ...(token.refresh_token
      ? { refreshToken: token.refresh_token }
      : params.flow === 'refresh_token'
        ? { refreshToken: params.refreshToken }
        : {}),
    ...(params.flow === 'password' ? { username: params.username, password: params.password } : {}),
    ...(params.flow === 'jwt' ? { username: params.username, privateKeyPem: params.privateKeyPem } : {}),
    apiVersion: SALESFORCE_API_VERSION,
    orgId,
    userId,
  };
  return { credentials, instanceUrl: token.instance_url, externalOrgId: orgId, userId };
}

/** The grant that renews a stored org's session. */
export function renewalGrant(c: SalesforceCredentials): SalesforceGrant | null {
  if (c.refreshToken) return { flow: 'refresh_token', refreshToken: c.refreshToken };
  if (c.flow === 'jwt' && c.username && c.privateKeyPem)
    return { flow: 'jwt', username: c.username, privateKeyPem: c.privateKeyPem };
  if (c.flow === 'password' && c.username && c.password)
    return { flow: 'password', username: c.username, password: c.password };
  return null;
}
