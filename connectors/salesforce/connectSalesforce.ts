import { createHash, randomBytes } from 'node:crypto';
import { DEFAULT_OAUTH_SCOPE, SALESFORCE_API_VERSION } from './salesforceConstants';
import { parseIdentityUrl, type SalesforceCredentials, type SalesforceTokenResponse } from './salesforceCredentials';
import { requestSalesforceToken, SalesforceTokenRefusedError, type SalesforceGrant } from './requestSalesforceToken';

interface ClientInput {
  /** https://login.salesforce.com, https://test.salesforce.com or the org's My Domain URL. */
  loginUrl: string;
  clientId: string;
  /** Defaults to SALESFORCE_API_VERSION. */
  apiVersion?: string;
}

export type ConnectSalesforceInput =
  | (ClientInput & { flow: 'password'; clientSecret: string; username: string; password: string })
  | (ClientInput & { flow: 'jwt'; username: string; privateKeyPem: string })
  | (ClientInput & { flow: 'refresh_token'; clientSecret?: string; refreshToken: string })
  | (ClientInput & { flow: 'authorization_code'; clientSecret?: string; code: string; codeVerifier: string; redirectUri: string });

export interface ConnectedSalesforce {
  credentials: SalesforceCredentials;
  instanceUrl: string;
  externalOrgId: string;
  userId: string;
}

/** A PKCE pair for the web-server flow: keep `verifier` server-side, send `challenge` (S256). */
export function createPkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(64).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Where the admin console sends an admin to approve leadloop (web-server flow with PKCE). */
export function salesforceAuthorizeUrl(input: { loginUrl: string; clientId: string; redirectUri: string; codeChallenge: string; state: string; scope?: string }): string {
  const url = new URL('/services/oauth2/authorize', input.loginUrl.replace(/\/+$/, '') + '/');
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', input.clientId);
  url.searchParams.set('redirect_uri', input.redirectUri);
  url.searchParams.set('code_challenge', input.codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', input.state);
  url.searchParams.set('scope', input.scope ?? DEFAULT_OAUTH_SCOPE);
  return url.toString();
}

function grantOf(input: ConnectSalesforceInput): SalesforceGrant {
  switch (input.flow) {
    case 'password': return { grant: 'password', username: input.username, password: input.password };
    case 'jwt': return { grant: 'jwt', username: input.username, privateKeyPem: input.privateKeyPem };
    case 'refresh_token': return { grant: 'refresh_token', refreshToken: input.refreshToken };
    case 'authorization_code': return { grant: 'authorization_code', code: input.code, codeVerifier: input.codeVerifier, redirectUri: input.redirectUri };
  }
}

const ADVICE: Record<string, Partial<Record<SalesforceGrant['grant'], string>> & { any?: string }> = {
  invalid_grant: {
    password: 'check the username and password (append the security token unless the connected app relaxes IP restrictions), and that the org allows the OAuth username-password flow (Setup → OAuth and OpenID Connect Settings)',
    jwt: "check that the certificate of this private key is uploaded to the connected app, that the user is pre-authorized (Manage → Permitted Users: admin approved, with the user's profile or a permission set), and that the login URL matches the org (test.salesforce.com for sandboxes)",
    refresh_token: 'the refresh token was revoked or expired (an admin revoked the app, a sixth approval replaced it, or its idle limit passed): connect again',
    authorization_code: 'the code expired, was already used, or the PKCE verifier does not match: start the authorization again',
  },
  invalid_client_id: { any: "the client id is not a connected app's consumer key in this org (a new connected app can take up to 10 minutes to become active)" },
  invalid_client: { any: 'the client secret does not match the connected app (the consumer secret)' },
  unsupported_grant_type: { any: 'the connected app or org does not allow this OAuth flow' },
  redirect_uri_mismatch: { any: "the redirect URI must equal the connected app's callback URL" },
  inactive_user: { any: 'the integration user is inactive: activate it in Setup → Users' },
  inactive_org: { any: 'the org is locked, closed or suspended' },
};

/** A refused grant as a message an admin can act on; never contains a secret. */
export function explainTokenRefusal(error: SalesforceTokenRefusedError, where: string): string {
  const advice = ADVICE[error.error];
  const hint = advice?.[error.grant] ?? advice?.any ?? 'see the error description';
  return `Salesforce refused the ${error.grant.replace('_', ' ')} sign-in at ${where}: ${error.description || error.error} (${error.error}); ${hint}.`;
}

function credentialsFrom(input: ConnectSalesforceInput, token: SalesforceTokenResponse): SalesforceCredentials {
  const { orgId, userId } = parseIdentityUrl(token.id);
  const common = {
    flow: input.flow, loginUrl: input.loginUrl.replace(/\/+$/, ''), instanceUrl: token.instance_url.replace(/\/+$/, ''),
    accessToken: token.access_token, clientId: input.clientId, apiVersion: input.apiVersion ?? SALESFORCE_API_VERSION, orgId, userId,
  };
  switch (input.flow) {
    case 'password': return { ...common, clientSecret: input.clientSecret, username: input.username, password: input.password };
    case 'jwt': return { ...common, username: input.username, privateKeyPem: input.privateKeyPem };
    case 'refresh_token': return { ...common, clientSecret: input.clientSecret, refreshToken: token.refresh_token ?? input.refreshToken };
    case 'authorization_code': {
      if (!token.refresh_token) {
        throw new Error('Salesforce issued no refresh token: add the "refresh_token, offline_access" scope to the connected app, then authorize again');
      }
      return { ...common, clientSecret: input.clientSecret, refreshToken: token.refresh_token };
    }
  }
}

/**
 * Signs leadloop in to a Salesforce org with one OAuth 2.0 flow (never SOAP login()) and
 * returns what to store (sealed) plus the org and user ids from the identity URL.
 */
export async function connectSalesforce(input: ConnectSalesforceInput): Promise<ConnectedSalesforce> {
  let loginUrl: URL;
  try {
    loginUrl = new URL(input.loginUrl);
  } catch {
    throw new Error(`The Salesforce login URL is not a URL: ${JSON.stringify(input.loginUrl)} (e.g. https://login.salesforce.com)`);
  }
  if (!input.clientId) throw new Error('The Salesforce client id (the connected app\'s consumer key) is required');
  let token: SalesforceTokenResponse;
  try {
    token = await requestSalesforceToken({ loginUrl: input.loginUrl, clientId: input.clientId, clientSecret: 'clientSecret' in input ? input.clientSecret : undefined }, grantOf(input));
  } catch (error) {
    if (error instanceof SalesforceTokenRefusedError) throw new Error(explainTokenRefusal(error, loginUrl.origin));
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) throw new Error(`Cannot reach Salesforce at ${loginUrl.origin} (${code}): check the login URL and the network`);
    throw error;
  }
  const credentials = credentialsFrom(input, token);
  return { credentials, instanceUrl: credentials.instanceUrl, externalOrgId: credentials.orgId, userId: credentials.userId };
}
