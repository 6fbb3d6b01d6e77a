import { createSign } from 'node:crypto';
import { OAuth2 } from 'jsforce';
import { LeadloopError, NeedsReconnectError } from '../../src/domain/errors';
import { classifySalesforceError } from './classifySalesforceError';
import type { SalesforceTokenResponse } from './salesforceCredentials';

/** One OAuth 2.0 grant against the org's token endpoint (never the SOAP login() jsforce falls back to). */
export type SalesforceGrant =
  | { flow: 'password'; username: string; password: string }
  | { flow: 'jwt'; username: string; privateKeyPem: string; audience?: string }
  | { flow: 'refresh_token'; refreshToken: string }
  | { flow: 'authorization_code'; code: string; codeVerifier: string; redirectUri: string };

export interface SalesforceClient {
  loginUrl: string;
  clientId: string;
  clientSecret?: string;
}

/**
 * The `aud` of a JWT bearer assertion: https://test.salesforce.com for sandboxes (also their
 * My Domain, `…sandbox.my.salesforce.com`), https://login.salesforce.com for production
 * and its My Domain, the login URL itself otherwise (an Experience Cloud site, a local server).
 */
export function jwtAudience(loginUrl: string): string {
  const url = new URL(loginUrl);
  const host = url.hostname.toLowerCase();
  if (host === 'test.salesforce.com' || host.endsWith('.sandbox.my.salesforce.com'))
    return 'https://test.salesforce.com';
  if (host === 'login.salesforce.com' || host.endsWith('.my.salesforce.com')) return 'https://login.salesforce.com';
  return url.origin;
}

/** The JWT bearer assertion (RS256): iss = consumer key, sub = username, aud = login URL, 3 minutes. */
export function jwtAssertion(
  client: SalesforceClient,
  username: string,
  privateKeyPem: string,
  audience?: string,
  now = Date.now(),
): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const aud = audience ?? jwtAudience(client.loginUrl);
  const unsigned = `${encode({ alg: 'RS256' })}.${encode({ iss: client.clientId, sub: username, aud, exp: Math.floor(now / 1000) + 180 })}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKeyPem).toString('base64url');
  return `${unsigned}.${signature}`;
}

function grantParams(client: SalesforceClient, grant: SalesforceGrant): Record<string, string> {
  switch (grant.flow) {
    case 'password':
      return { grant_type: 'password', username: grant.username, password: grant.password };
    case 'jwt':
      return {
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: jwtAssertion(client, grant.username, grant.privateKeyPem, grant.audience),
      };
    case 'refresh_token':
      return { grant_type: 'refresh_token', refresh_token: grant.refreshToken };
    case 'authorization_code':
      return { grant_type: 'authorization_code', code: grant.code, code_verifier: grant.codeVerifier };
  }
}

const origin = (url: string) => (URL.canParse(url) ? new URL(url).origin : 'the login URL');

/** What an admin can check for each refusal (the descriptions Salesforce gives are terse). */
const ADVICE: Record<string, Partial<Record<SalesforceGrant['flow'] | 'any', string>>> = {
  invalid_grant: {
    password:
      'Check the username and password (followed by the security token unless the connected app relaxes IP restrictions), and that the org allows the OAuth username-password flow',
    jwt: "Check that this key's certificate is uploaded to the connected app, that the user is pre-authorized (admin-approved users, with the user's profile or a permission set), and that the login URL matches the org (test.salesforce.com for sandboxes)",
    refresh_token: 'An admin revoked the app, a newer approval replaced it, or its idle limit passed',
    authorization_code:
      'The code expired or was already used, or the PKCE verifier does not match: start the authorization again',
  },
  invalid_client_id: {
    any: "The client id is not a connected app's consumer key in this org (a new connected app can take up to 10 minutes to become active)",
  },
  invalid_client: { any: "The client secret does not match the connected app's consumer secret" },
  inactive_user: { any: 'The integration user is inactive: activate it in Setup → Users' },
  inactive_org: { any: 'The org is locked, closed or suspended' },
};

/**
 * Runs the grant. A refused grant (invalid_grant: wrong password, revoked or expired
 * refresh token, user not pre-authorized for JWT) throws NeedsReconnectError with the
 * reason; network and server failures come back classified (transient).
 */
export async function requestSalesforceToken(
  client: SalesforceClient,
  grant: SalesforceGrant,
): Promise<SalesforceTokenResponse> {
  const redirectUri = grant.flow === 'authorization_code' ? grant.redirectUri : undefined;
  const oauth2 = new OAuth2({
    loginUrl: client.loginUrl.replace(/\/+$/, ''),
    clientId: client.clientId,
    clientSecret: client.clientSecret || undefined,
    redirectUri,
  });
  try {
    return (await oauth2.requestToken(grantParams(client, grant) as never)) as unknown as SalesforceTokenResponse;
  } catch (error) {
    const e = error as { name?: string; message?: string };
    if (
      e.name === 'invalid_grant' ||
      e.name === 'invalid_client_id' ||
      e.name === 'invalid_client' ||
      e.name === 'inactive_user' ||
      e.name === 'inactive_org'
    ) {
      const why =
        grant.flow === 'refresh_token'
          ? 'the refresh token was revoked or expired'
          : `the ${grant.flow} grant was refused`;
      const advice = ADVICE[e.name]?.[grant.flow] ?? ADVICE[e.name]?.any;
      // the answer's error_description is not repeated: connect errors are in leadloop's words (issue 24)
      throw new NeedsReconnectError(
        `Salesforce at ${origin(client.loginUrl)}: ${why} (${e.name}).${advice ? ` ${advice}.` : ''} Connect the org again.`,
        'salesforce',
        e.name.toUpperCase(),
      );
    }
    const classified = classifySalesforceError(error, `token request (${grant.flow})`);
    const code = /^[A-Za-z0-9_]{1,60}$/.test(classified.code) ? classified.code : 'UNEXPECTED_ANSWER';
    const status = classified.status !== undefined ? `, HTTP ${classified.status}` : '';
    throw new LeadloopError(
      `Salesforce at ${origin(client.loginUrl)}: the ${grant.flow} token request failed (${code}${status}); check the login URL and the connected app`,
      {
        kind: classified.kind,
        crm: 'salesforce',
        code,
        ...(classified.status !== undefined ? { status: classified.status } : {}),
        ...(classified.retryAfterMs !== undefined ? { retryAfterMs: classified.retryAfterMs } : {}),
      },
    );
  }
}
