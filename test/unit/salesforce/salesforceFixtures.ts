import type { SalesforceCredentials } from '../../../connectors/salesforce/salesforceCredentials';
import { SALESFORCE_API_VERSION } from '../../../connectors/salesforce/salesforceConstants';

export const LOGIN = 'https://login.salesforce.com';
export const INSTANCE = 'https://acme.my.salesforce.com';
export const V = `/services/data/v${SALESFORCE_API_VERSION}`;
export const ORG_ID = '00D5e000000AbCdEAK';
export const USER_ID = '0055e000001XyZaAAK';
export const CLIENT_ID = '3MVG9FakeConsumerKeyForLeadloopTests';
export const CLIENT_SECRET = 'FAKE0123456789SECRET';

/**
 * The token endpoint's success body as Salesforce documents it (fake values): id is the
 * identity URL …/id/<orgId>/<userId>; refresh_token only for flows that issue one.
 */
export function tokenBody(accessToken: string, extra: Record<string, string> = {}) {
  return {
    access_token: accessToken,
    instance_url: INSTANCE,
    id: `${LOGIN}/id/${ORG_ID}/${USER_ID}`,
    token_type: 'Bearer',
    issued_at: '1767225600000',
    signature: 'c2lnbmF0dXJlLW9mLWZha2UtdGVzdA==',
    scope: 'api',
    ...extra,
  };
}

export const SESSION_EXPIRED = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];

export function credentials(overrides: Partial<SalesforceCredentials> = {}): SalesforceCredentials {
  return {
    flow: 'refresh_token',
    loginUrl: LOGIN,
    instanceUrl: INSTANCE,
    accessToken: '00D5e000000AbCd!AQ4AQOldAccessToken0000000',
    refreshToken: '5Aep861FakeRefreshToken0000000000000',
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    apiVersion: SALESFORCE_API_VERSION,
    orgId: ORG_ID,
    userId: USER_ID,
    ...overrides,
  };
}

/** A query result as the REST query resource returns it. */
export function queryBody(records: Record<string, unknown>[], type = 'Lead') {
  return {
    totalSize: records.length,
    done: true,
    records: records.map((r) => ({ attributes: { type, url: `${V}/sobjects/${type}/${String(r.Id)}` }, ...r })),
  };
}
