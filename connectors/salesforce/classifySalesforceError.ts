import { LeadloopError, type ErrorKind } from '../../src/domain/errors';

interface Row {
  codes: string[];
  kind: ErrorKind;
  hint: string;
}

/**
 * The one table from Salesforce's errorCodes (REST, composite per-record results, OAuth
 * `error` values) and HTTP statuses to leadloop's kinds (src/domain/errors.ts).
 * Sources: REST API Developer Guide "Status Codes and Error Responses"; SOAP API "StatusCode".
 */
export const SALESFORCE_ERROR_TABLE: Row[] = [
  {
    codes: ['INVALID_SESSION_ID', 'ERROR_HTTP_401'],
    kind: 'auth_expired',
    hint: 'the session expired; leadloop signs in again',
  },
  {
    codes: ['REQUEST_LIMIT_EXCEEDED', 'TOO_MANY_REQUESTS', 'ERROR_HTTP_429', 'API_CURRENTLY_DISABLED_LIMIT'],
    kind: 'rate_limited',
    hint: "the org's API request limit is used up; the run stops at its checkpoint and the next run resumes",
  },
  {
    codes: [
      'UNABLE_TO_LOCK_ROW',
      'SERVER_UNAVAILABLE',
      'UNKNOWN_EXCEPTION',
      'MALFORMED_RESPONSE',
      'AbortError',
      'TimeoutError',
      'ERROR_HTTP_500',
      'ERROR_HTTP_502',
      'ERROR_HTTP_503',
      'ERROR_HTTP_504',
      'QUERY_TIMEOUT',
      'INVALID_QUERY_LOCATOR',
      'ECONNRESET',
      'ECONNREFUSED',
      'ETIMEDOUT',
      'EPIPE',
      'EAI_AGAIN',
      'ENOTFOUND',
      'EHOSTUNREACH',
      'UND_ERR_SOCKET',
      'UND_ERR_CONNECT_TIMEOUT',
      'ERR_STREAM_PREMATURE_CLOSE',
    ],
    kind: 'transient',
    hint: 'Salesforce failed temporarily; retried',
  },
  {
    codes: [
      'invalid_grant',
      'invalid_client_id',
      'invalid_client',
      'unsupported_grant_type',
      'inactive_user',
      'inactive_org',
      'invalid_app_access',
      'API_DISABLED_FOR_ORG',
      'API_CURRENTLY_DISABLED',
      'INSUFFICIENT_ACCESS',
      'INSUFFICIENT_ACCESS_OR_READONLY',
      'INVALID_FIELD',
      'INVALID_TYPE',
      'MALFORMED_QUERY',
      'INVALID_OPERATION_WITH_EXPIRED_PASSWORD',
      'NOT_FOUND',
      'ERROR_HTTP_403',
      'ERROR_HTTP_404',
      'FUNCTIONALITY_NOT_ENABLED',
      'EXCEEDED_ID_LIMIT',
      'JSON_PARSER_ERROR',
      'JWT_ACCESS_TOKEN_SOAP',
    ],
    kind: 'configuration',
    hint: "check the connected app, the integration user's permissions and the mapping; then run `leadloop setup`",
  },
  {
    codes: [
      'FIELD_CUSTOM_VALIDATION_EXCEPTION',
      'CANNOT_UPDATE_CONVERTED_LEAD',
      'ENTITY_IS_DELETED',
      'INVALID_CROSS_REFERENCE_KEY',
      'STRING_TOO_LONG',
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      'REQUIRED_FIELD_MISSING',
      'FIELD_INTEGRITY_EXCEPTION',
      'DUPLICATES_DETECTED',
      'INVALID_ID_FIELD',
      'MALFORMED_ID',
      'ENTITY_IS_LOCKED',
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      'NUMBER_OUTSIDE_VALID_RANGE',
      'INVALID_EMAIL_ADDRESS',
      'CANNOT_EXECUTE_FLOW_TRIGGER',
      'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
      'ALL_OR_NONE_OPERATION_ROLLED_BACK',
      'FIELD_FILTER_VALIDATION_EXCEPTION',
    ],
    kind: 'record',
    hint: 'Salesforce refused this record; see the message',
  },
];

const BY_CODE = new Map(SALESFORCE_ERROR_TABLE.flatMap((row) => row.codes.map((code) => [code, row] as const)));

/** The row for a code, else by HTTP status family. */
export function salesforceErrorKind(code: string, status?: number): { kind: ErrorKind; hint: string } {
  const row = BY_CODE.get(code) ?? (status ? BY_CODE.get(`ERROR_HTTP_${status}`) : undefined);
  if (row) return row;
  if (status && status >= 500) return { kind: 'transient', hint: 'Salesforce failed temporarily; retried' };
  return { kind: 'configuration', hint: 'unexpected answer from Salesforce; see the message' };
}

/** Keeps only what is safe to show: no request configs, headers or tokens. */
function cleanMessage(message: unknown): string {
  const text = typeof message === 'string' ? message : 'no message';
  return text
    .replace(/(Bearer\s+)[^\s"']+/gi, '$1[redacted]')
    .replace(/00D[a-zA-Z0-9]{12,15}![^\s"']+/g, '[redacted]')
    .slice(0, 500);
}

/**
 * Errors jsforce raises in its own code: the Metadata API (SOAP) refusing a JWT-based
 * access token, and an unparsable JSON body (a truncated answer), which jsforce returns as
 * text and then trips over (a TypeError inside jsforce) — worth another try.
 */
function localCode(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  if (/SOAP API does not support JWT-based access tokens/.test(error.message)) return 'JWT_ACCESS_TOKEN_SOAP';
  if (
    (error instanceof TypeError || error instanceof SyntaxError) &&
    /[\\/]jsforce[\\/]lib[\\/]/.test(error.stack ?? '')
  )
    return 'MALFORMED_RESPONSE';
  return undefined;
}

/**
 * A thrown jsforce/HTTP/network error → LeadloopError. jsforce names API errors by their
 * errorCode (HttpApiError), OAuth errors by their `error` value, network errors by `code`.
 */
export function classifySalesforceError(error: unknown, label: string, recordId?: string): LeadloopError {
  if (error instanceof LeadloopError) return error;
  const e = (error ?? {}) as {
    errorCode?: string;
    name?: string;
    code?: string;
    message?: string;
    statusCode?: number;
    status?: number;
    retryAfterMs?: number;
  };
  const code =
    localCode(error) ??
    (e.errorCode && e.errorCode !== 'Error'
      ? e.errorCode
      : typeof e.code === 'string'
        ? e.code
        : e.name && e.name !== 'Error'
          ? e.name
          : 'UNKNOWN'
    )
      // SOAP faults (Metadata API) name the code with a namespace prefix: sf:INVALID_SESSION_ID
      .replace(/^[a-zA-Z]+:(?=[A-Z_]+$)/, '');
  const status = e.statusCode ?? e.status ?? (/^ERROR_HTTP_(\d{3})$/.exec(code) ? Number(code.slice(11)) : undefined);
  const { kind, hint } = salesforceErrorKind(code, status);
  return new LeadloopError(`Salesforce ${label}: ${code}: ${cleanMessage(e.message)} — ${hint}`, {
    kind,
    crm: 'salesforce',
    code,
    status,
    recordId,
    retryAfterMs: e.retryAfterMs,
  });
}

/** One failed record of a composite or Bulk result (`{statusCode, message, fields}`) → its error. */
export function classifySalesforceRecordError(
  error: { statusCode?: string; message?: string; fields?: string[] },
  recordId: string,
): LeadloopError {
  const code = error.statusCode ?? 'UNKNOWN';
  const row = BY_CODE.get(code);
  // a per-record answer is this record's problem unless the code says the whole call is (auth, limits, locks)
  const kind: ErrorKind = row && row.kind !== 'configuration' ? row.kind : 'record';
  const fields = error.fields?.length ? ` (fields: ${error.fields.join(', ')})` : '';
  return new LeadloopError(`Salesforce refused lead ${recordId}: ${code}: ${cleanMessage(error.message)}${fields}`, {
    kind,
    crm: 'salesforce',
    code,
    recordId,
  });
}

/**
 * Codes meaning the integration user may not read an object or one of its fields: a query
 * on an object the user has no access to answers INVALID_TYPE ("sObject type 'Event' is not
 * supported"), a hidden field INVALID_FIELD ("No such column"); other refusals
 * INSUFFICIENT_ACCESS(_OR_READONLY) or a 403 that is not the API limit.
 * (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_event.htm:
 * an integration user may lack access to any object).
 */
const UNREADABLE_CODES = new Set([
  'INVALID_TYPE',
  'INVALID_FIELD',
  'INSUFFICIENT_ACCESS',
  'INSUFFICIENT_ACCESS_OR_READONLY',
  'ERROR_HTTP_403',
]);

/** Whether a classified error says leadloop's user cannot read what it asked for (an optional source is then skipped). */
export function isUnreadableSalesforceObject(error: unknown): error is LeadloopError {
  return (
    error instanceof LeadloopError &&
    error.crm === 'salesforce' &&
    error.kind === 'configuration' &&
    (UNREADABLE_CODES.has(error.code) || (error.status === 403 && error.code !== 'REQUEST_LIMIT_EXCEEDED'))
  );
}
