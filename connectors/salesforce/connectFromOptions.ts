import fs from 'node:fs';
import { ConfigurationError } from '../../src/domain/errors';
import type { CrmUrlPolicy } from '../../src/security/checkCrmUrl';
import { connectSalesforce, type ConnectSalesforceParams } from './connectSalesforce';

/**
 * `leadloop connect salesforce`'s options → the OAuth flow they name: JWT bearer with
 * --jwt-key-file, refresh token with --refresh-token, else username-password.
 */
export async function connectSalesforceFromOptions(
  values: Record<string, string | undefined>,
  urlPolicy: CrmUrlPolicy,
) {
  const client = {
    loginUrl: values['loginUrl'] ?? 'https://login.salesforce.com',
    clientId: values['clientId']!,
    clientSecret: values['clientSecret'],
  };
  const { username, password, jwtKeyFile, refreshToken } = values;
  let params: ConnectSalesforceParams;
  if (jwtKeyFile) {
    if (!username)
      throw new ConfigurationError(
        '--jwt-key-file needs --username (the user the connected app is pre-authorized for)',
      );
    let privateKeyPem: string;
    try {
      privateKeyPem = fs.readFileSync(jwtKeyFile, 'utf8');
    } catch (error) {
      throw new ConfigurationError(`--jwt-key-file ${jwtKeyFile}: ${(error as Error).message}`);
    }
    params = { ...client, flow: 'jwt', username, privateKeyPem };
  } else if (refreshToken) {
    params = { ...client, flow: 'refresh_token', refreshToken };
  } else {
    if (!username || !password || !client.clientSecret)
      throw new ConfigurationError(
        'the username-password flow needs --username, --password and --client-secret (or use --jwt-key-file / --refresh-token)',
      );
    params = { ...client, flow: 'password', username, password };
  }
  return connectSalesforce({ ...params, urlPolicy });
}
