import { createSign } from 'node:crypto';
import { OAuth2 } from 'jsforce';
import { JWT_ASSERTION_TTL_SECONDS } from './salesforceConstants';
import type { SalesforceTokenResponse } from './salesforceCredentials';

/** The OAuth grants leadloop uses; never SOAP login(). */
export type SalesforceGrant =
  | { grant: 'password'; username: string; password: string }
  | { grant: 'jwt'; username: string; privateKeyPem: string }
  | { grant: 'refresh_token'; refreshToken: string }
  | { grant: 'authorization_code'; code: string; codeVerifier: string; redirectUri: string };

export interface SalesforceClient {
  loginUrl: string;
  clientId: string;
  clientSecret?: string;
}

/** The token endpoint answered `{error, error_description}`: the grant itself was refused. */
export class SalesforceTokenRefusedError extends Error {
  constructor(readonly error: string, readonly description: string, readonly grant: SalesforceGrant['grant']) {
    super(`${description || 'token request refused'} (${error})`);
    this.name = 'SalesforceTokenRefusedError';
  }
}

/**
 * The `aud` of a JWT bearer assertion: https://login.salesforce.com for production and My
 * Domain logins, https://test.salesforce.com for sandboxes, the login URL itself otherwise
 * (an Experience Cloud site, or a local sandbox server).
 */
export function jwtAudience(loginUrl: string): string {
  const host = new URL(loginUrl).hostname.toLowerCase();
  if (host === 'test.salesforce.com' || host.endsWith('.sandbox.my.salesforce.com')) return 'https://test.salesforce.com';
  if (host === 'login.salesforce.com' || host.endsWith('.my.salesforce.com')) return 'https://login.salesforce.com';
  return new URL(loginUrl).origin;
}

/** An RS256-signed JWT bearer assertion (iss = consumer key, sub = username, exp ≤ 3 minutes). */
export function createJwtAssertion(input: { clientId: string; username: string; loginUrl: string; privateKeyPem: string; now?: Date }): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const exp = Math.floor((input.now ?? new Date()).getTime() / 1000) + JWT_ASSERTION_TTL_SECONDS;
  const unsigned = `${encode({ alg: 'RS256' })}.${encode({ iss: input.clientId, sub: input.username, aud: jwtAudience(input.loginUrl), exp })}`;
  let signature: string;
  try {
    signature = createSign('RSA-SHA256').update(unsigned).sign(input.privateKeyPem).toString('base64url');
  } catch {
    throw new Error('The JWT private key cannot sign: give a PEM RSA private key (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----) whose certificate is uploaded to the connected app');
  }
  return `${unsigned}.${signature}`;
}

function isOAuthError(error: unknown): error is Error {
  return error instanceof Error && /^[a-z][a-z_]*$/.test(error.name) && error.name !== 'error';
}

/**
 * One POST to `<loginUrl>/services/oauth2/token` through jsforce's OAuth2 client. A refused
 * grant throws SalesforceTokenRefusedError (code and description only); network failures
 * pass through for the caller to classify.
 */
export async function requestSalesforceToken(client: SalesforceClient, grant: SalesforceGrant): Promise<SalesforceTokenResponse> {
  const loginUrl = client.loginUrl.replace(/\/+$/, '');
  const base = { loginUrl, clientId: client.clientId, clientSecret: client.clientSecret };
  try {
    let response: unknown;
    switch (grant.grant) {
      case 'password': {
        if (!client.clientSecret) throw new SalesforceTokenRefusedError('invalid_client', 'the username-password flow needs the client secret', 'password');
        response = await new OAuth2(base).authenticate(grant.username, grant.password);
        break;
      }
      case 'refresh_token':
        response = await new OAuth2(base).refreshToken(grant.refreshToken);
        break;
      case 'authorization_code':
        response = await new OAuth2({ ...base, redirectUri: grant.redirectUri }).requestToken(grant.code, { code_verifier: grant.codeVerifier });
        break;
      case 'jwt': {
        const assertion = createJwtAssertion({ clientId: client.clientId, username: grant.username, loginUrl, privateKeyPem: grant.privateKeyPem });
        response = await new OAuth2({ loginUrl, clientId: client.clientId }).requestToken({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion });
        break;
      }
    }
    const token = response as Partial<SalesforceTokenResponse> | undefined;
    if (!token || typeof token.access_token !== 'string' || typeof token.instance_url !== 'string' || typeof token.id !== 'string') {
      throw new Error(`Salesforce's token endpoint at ${loginUrl} answered without access_token, instance_url and id: is the login URL right?`);
    }
    return token as SalesforceTokenResponse;
  } catch (error) {
    if (error instanceof SalesforceTokenRefusedError) throw error;
    if (isOAuthError(error)) throw new SalesforceTokenRefusedError(error.name, error.message, grant.grant);
    const http = error instanceof Error ? /^ERROR_HTTP_(\d{3})$/.exec(error.name) : null;
    if (http) throw new Error(`Salesforce's token endpoint at ${loginUrl} answered HTTP ${http[1]} without an OAuth error: is the login URL right?`);
    throw error;
  }
}
