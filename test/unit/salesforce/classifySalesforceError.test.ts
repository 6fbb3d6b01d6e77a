import { Connection } from 'jsforce';
import nock from 'nock';
import {
  classifySalesforceError,
  classifySalesforceRecordError,
} from '../../../connectors/salesforce/classifySalesforceError';
import { SALESFORCE_API_VERSION } from '../../../connectors/salesforce/salesforceConstants';
import { LeadloopError } from '../../../src/domain/errors';

const INSTANCE = 'https://acme.my.salesforce.com';
const V = `/services/data/v${SALESFORCE_API_VERSION}`;

/** A real jsforce error from a nocked REST answer: what classifySalesforceError sees in production. */
async function jsforceError(status: number, body: unknown, contentType = 'application/json'): Promise<unknown> {
  nock(INSTANCE)
    .post(`${V}/sobjects/Lead`)
    .reply(status, typeof body === 'string' ? body : JSON.stringify(body), { 'Content-Type': contentType });
  const conn = new Connection({
    instanceUrl: INSTANCE,
    accessToken: '00Dxx0000001gPL!AQ4AQFake.Token',
    version: SALESFORCE_API_VERSION,
  });
  return conn
    .sobject('Lead')
    .create({ LastName: 'Ng', Company: 'Acme' })
    .then(
      () => {
        throw new Error('expected a failure');
      },
      (e: unknown) => e,
    );
}

describe('classifySalesforceError', () => {
  it.each([
    [401, 'INVALID_SESSION_ID', 'Session expired or invalid', 'auth_expired'],
    [403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.', 'rate_limited'],
    [503, 'SERVER_UNAVAILABLE', 'Server temporarily unavailable, please try again later.', 'transient'],
    [400, 'UNABLE_TO_LOCK_ROW', 'unable to obtain exclusive access to this record', 'transient'],
    [400, 'INVALID_FIELD', "No such column 'Foo__c' on entity 'Lead'.", 'configuration'],
    [400, 'MALFORMED_QUERY', "unexpected token: 'FROM'", 'configuration'],
    [400, 'INVALID_TYPE', "sObject type 'Leed' is not supported.", 'configuration'],
    [403, 'INSUFFICIENT_ACCESS', 'insufficient access rights on object id', 'configuration'],
    [403, 'API_DISABLED_FOR_ORG', 'The REST API is not enabled for this Organization.', 'configuration'],
    [400, 'FIELD_CUSTOM_VALIDATION_EXCEPTION', 'Company is required', 'record'],
    [400, 'CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead', 'record'],
    [404, 'ENTITY_IS_DELETED', 'entity is deleted', 'record'],
    [400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', 'record'],
    [400, 'STRING_TOO_LONG', 'Reasons: data value too large', 'record'],
  ])('HTTP %i %s → %s', async (status, errorCode, message, kind) => {
    const error = await jsforceError(status, [{ message, errorCode, fields: [] }]);
    const classified = classifySalesforceError(
      error,
      'create Lead',
      kind === 'record' ? '00Q5e00000AbCdEAAV' : undefined,
    );
    expect(classified).toBeInstanceOf(LeadloopError);
    expect(classified).toMatchObject({ kind, code: errorCode, crm: 'salesforce' });
    expect(classified.message).toContain(`Salesforce create Lead: ${errorCode}: ${message}`);
  });

  it.each([
    [429, 'rate_limited'],
    [502, 'transient'],
    [503, 'transient'],
    [500, 'transient'],
  ])('a non-JSON HTTP %i → %s', async (status, kind) => {
    const error = await jsforceError(status, 'upstream failure', 'text/plain');
    expect(classifySalesforceError(error, 'create Lead')).toMatchObject({ kind, code: `ERROR_HTTP_${status}`, status });
  });

  it.each([
    [{ name: 'invalid_grant', message: 'authentication failure' }, 'configuration', 'invalid_grant'],
    [{ name: 'invalid_client_id', message: 'client identifier invalid' }, 'configuration', 'invalid_client_id'],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'transient', 'ECONNRESET'],
    [Object.assign(new Error('connect ETIMEDOUT 10.0.0.1:443'), { code: 'ETIMEDOUT' }), 'transient', 'ETIMEDOUT'],
    [
      { name: 'sf:INVALID_SESSION_ID', message: 'Invalid Session ID found in SessionHeader: Illegal Session' },
      'auth_expired',
      'INVALID_SESSION_ID',
    ],
    [
      new Error(
        'SOAP API does not support JWT-based access tokens. You must disable the "Issue JSON Web Token (JWT)-based access tokens" setting in your Connected App or External Client App',
      ),
      'configuration',
      'JWT_ACCESS_TOKEN_SOAP',
    ],
    [{ name: 'AbortError', message: 'The operation was aborted.' }, 'transient', 'AbortError'],
    [new TypeError("Cannot read properties of undefined (reading 'records')"), 'configuration', 'TypeError'],
  ] as [Error | { name: string; message: string }, string, string][])(
    'oauth or network error %# → %s',
    (raw, kind, code) => {
      const error = raw instanceof Error ? raw : Object.assign(new Error(raw.message), { name: raw.name });
      expect(classifySalesforceError(error, 'read CustomField')).toMatchObject({ kind, code });
    },
  );

  it('classifies a truncated JSON answer (jsforce trips over the text) as transient', async () => {
    nock(INSTANCE)
      .get(`${V}/query`)
      .query(true)
      .reply(200, '{"totalSize":1,"done":true,"reco', { 'Content-Type': 'application/json' });
    const conn = new Connection({
      instanceUrl: INSTANCE,
      accessToken: '00Dxx0000001gPL!AQ4AQFake.Token',
      version: SALESFORCE_API_VERSION,
    });
    const error = await Promise.resolve(conn.query('SELECT Id FROM Lead')).then(
      () => new Error('expected a failure'),
      (e: unknown) => e,
    );
    expect(classifySalesforceError(error, 'query Lead')).toMatchObject({
      kind: 'transient',
      code: 'MALFORMED_RESPONSE',
    });
  });

  it('never copies the access token or request config into the message', async () => {
    const error = await jsforceError(400, [{ message: 'bad value', errorCode: 'INVALID_FIELD' }]);
    const classified = classifySalesforceError(error, 'create Lead');
    expect(JSON.stringify(classified.toJSON())).not.toContain('Fake.Token');
  });

  it('passes LeadloopErrors through', () => {
    const original = new LeadloopError('x', { kind: 'record', code: 'X' });
    expect(classifySalesforceError(original, 'x')).toBe(original);
  });
});

describe('classifySalesforceRecordError', () => {
  it.each([
    ['FIELD_CUSTOM_VALIDATION_EXCEPTION', 'record'],
    ['CANNOT_UPDATE_CONVERTED_LEAD', 'record'],
    ['ENTITY_IS_DELETED', 'record'],
    ['INSUFFICIENT_ACCESS_OR_READONLY', 'record'],
    ['UNABLE_TO_LOCK_ROW', 'transient'],
    ['INVALID_FIELD_FOR_INSERT_UPDATE', 'record'],
    ['REQUEST_LIMIT_EXCEEDED', 'rate_limited'],
    ['SOMETHING_NEW', 'record'],
  ])('%s → %s', (statusCode, kind) => {
    const error = classifySalesforceRecordError(
      { statusCode, message: 'Score: value not allowed', fields: ['LeadLoop_Score__c'] },
      '00Q5e00000AbCdEAAV',
    );
    expect(error).toMatchObject({ kind, code: statusCode, recordId: '00Q5e00000AbCdEAAV', crm: 'salesforce' });
    expect(error.message).toContain(
      `lead 00Q5e00000AbCdEAAV: ${statusCode}: Score: value not allowed (fields: LeadLoop_Score__c)`,
    );
  });
});
