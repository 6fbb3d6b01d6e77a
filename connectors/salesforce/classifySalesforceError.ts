import { LeadloopError, isLeadloopError, type ErrorKind } from '../../src/domain/errors';

/** What was being done when Salesforce failed; names the call in the message. */
export interface SalesforceErrorContext {
  /** "query Lead", "composite PATCH Lead", "token (refresh_token)". */
  action?: string;
  /** HTTP status when the caller knows it (jsforce errors do not carry it). */
  status?: number;
  /** The request concerned one record: a NOT_FOUND is then that record's problem. */
  recordId?: string;
}

/** A per-record error in an sObject Collections / SaveResult answer. */
export interface SalesforceRecordErrorBody {
  statusCode: string;
  message: string;
  fields?: string[];
}

interface Row {
  codes?: string[];
  statuses?: number[];
  network?: boolean;
  kind: ErrorKind;
  /** Kind when the code comes back for one record of a collection (default: `record`). */
  perRecord?: ErrorKind;
  hint: string;
}

const ADMIN_ACCESS = "give leadloop's integration user access (profile or the LeadLoop permission set)";

/**
 * The one table from Salesforce's errorCodes, OAuth errors, HTTP statuses and network codes
 * to leadloop's kinds (STYLE.md "Errors"; codes from the REST and SOAP API error references).
 * Codes win over statuses; the first matching row applies.
 */
export const SALESFORCE_ERROR_TABLE: Row[] = [
  { codes: ['INVALID_SESSION_ID', 'INVALID_AUTH_HEADER'], kind: 'auth_expired', perRecord: 'auth_expired', hint: 'the session expired; leadloop renews it and replays the call' },
  { codes: ['REQUEST_LIMIT_EXCEEDED', 'TOO_MANY_REQUESTS'], statuses: [429], kind: 'rate_limited', perRecord: 'rate_limited', hint: "the org's API allocation is spent; the run stops at its checkpoint and the next one resumes" },
  { codes: ['UNABLE_TO_LOCK_ROW', 'SERVER_UNAVAILABLE', 'QUERY_TIMEOUT', 'UNKNOWN_EXCEPTION', 'TXN_SECURITY_METERING_ERROR'], kind: 'transient', perRecord: 'transient', hint: 'Salesforce failed temporarily; retried with backoff' },
  { codes: ['ALL_OR_NONE_OPERATION_ROLLED_BACK', 'PROCESSING_HALTED', 'BATCH_PROCESSING_HALTED'], kind: 'transient', perRecord: 'transient', hint: 'rolled back because another record failed; sent again' },
  { codes: ['INVALID_QUERY_LOCATOR'], kind: 'transient', perRecord: 'transient', hint: 'the query cursor expired; the pull restarts from its checkpoint' },
  {
    codes: ['invalid_grant', 'invalid_client_id', 'invalid_client', 'unsupported_grant_type', 'redirect_uri_mismatch', 'invalid_request', 'inactive_user', 'inactive_org', 'unauthorized_client', 'invalid_scope', 'INVALID_OPERATION_WITH_EXPIRED_PASSWORD', 'INVALID_LOGIN'],
    kind: 'configuration', hint: 'Salesforce refused the sign-in; reconnect the org (leadloop connect salesforce)',
  },
  { codes: ['INSUFFICIENT_ACCESS', 'INSUFFICIENT_ACCESS_OR_READONLY', 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY'], statuses: [403], kind: 'configuration', perRecord: 'record', hint: ADMIN_ACCESS },
  { codes: ['API_DISABLED_FOR_ORG', 'API_CURRENTLY_DISABLED', 'FUNCTIONALITY_NOT_ENABLED', 'NOT_ACCESSIBLE'], kind: 'configuration', hint: 'the org does not allow API access for this user; enable "API Enabled" on its profile or permission set' },
  { codes: ['INVALID_FIELD', 'INVALID_FIELD_FOR_INSERT_UPDATE', 'NO_SUCH_COLUMN'], kind: 'configuration', perRecord: 'configuration', hint: `check the field names in the mapping and run leadloop setup; ${ADMIN_ACCESS}` },
  { codes: ['MALFORMED_QUERY', 'INVALID_QUERY_FILTER_OPERATOR', 'INVALID_TYPE', 'INVALID_OPERATION', 'EXCEEDED_ID_LIMIT', 'JSON_PARSER_ERROR', 'METHOD_NOT_ALLOWED', 'NOT_FOUND_VERSION', 'UNSUPPORTED_API_VERSION'], kind: 'configuration', perRecord: 'configuration', hint: 'leadloop sent a request this org does not accept; check the mapping and the API version' },
  {
    codes: [
      'FIELD_CUSTOM_VALIDATION_EXCEPTION', 'CANNOT_UPDATE_CONVERTED_LEAD', 'ENTITY_IS_DELETED', 'INVALID_CROSS_REFERENCE_KEY', 'STRING_TOO_LONG',
      'REQUIRED_FIELD_MISSING', 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', 'FIELD_INTEGRITY_EXCEPTION', 'FIELD_FILTER_VALIDATION_EXCEPTION',
      'DUPLICATES_DETECTED', 'DUPLICATE_VALUE', 'INVALID_EMAIL_ADDRESS', 'NUMBER_OUTSIDE_VALID_RANGE', 'ENTITY_IS_LOCKED', 'INVALID_ID_FIELD',
      'MALFORMED_ID', 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', 'INACTIVE_OWNER_OR_USER', 'INVALID_TYPE_ON_FIELD_IN_RECORD', 'INVALID_FIELD_WHEN_USING_TEMPLATE',
      'DUPLICATE_DEVELOPER_NAME', 'ENTITY_FAILED_IFLASTMODIFIED_ON_UPDATE', 'NOT_FOUND', 'MULTIPLE_CHOICES',
    ],
    kind: 'record', hint: 'Salesforce refused this record; it is recorded and the rest go on',
  },
  { statuses: [401], kind: 'auth_expired', perRecord: 'auth_expired', hint: 'the session expired; leadloop renews it and replays the call' },
  { statuses: [404], kind: 'record', hint: 'the record was deleted or is not visible to leadloop\'s user' },
  { statuses: [420, 500, 502, 503, 504], kind: 'transient', perRecord: 'transient', hint: 'Salesforce failed temporarily; retried with backoff' },
  { network: true, kind: 'transient', perRecord: 'transient', hint: 'the connection failed; retried with backoff' },
  { codes: ['MALFORMED_RESPONSE'], kind: 'transient', perRecord: 'transient', hint: "Salesforce's answer could not be read (cut short or not JSON); retried" },
  { codes: ['JWT_ACCESS_TOKEN_SOAP'], kind: 'configuration', hint: 'the Metadata API (SOAP) refuses JWT-based access tokens: turn off "Issue JSON Web Token (JWT)-based access tokens" in the connected app, or deploy connectors/salesforce/force-app with the Salesforce CLI' },
];

/** Errors jsforce raises itself (no HTTP answer, no errorCode), recognised by their message. */
const LOCAL_ERRORS: [RegExp, string][] = [
  [/SOAP API does not support JWT-based access tokens/, 'JWT_ACCESS_TOKEN_SOAP'],
];
/** Error names of timeouts and failed fetches: worth another try. */
const TRANSIENT_NAMES = new Set(['AbortError', 'TimeoutError', 'FetchError']);

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_SOCKET_CONNECTION_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

interface Extracted { code: string; message: string; status?: number; network?: string; fields?: string[] }

/** Reads code, message and status from a jsforce HttpApiError, an OAuth error, a SOAP fault or a Node network error — and nothing else (they carry tokens). */
function extract(error: unknown, context: SalesforceErrorContext): Extracted {
  const e = (error ?? {}) as { name?: unknown; errorCode?: unknown; message?: unknown; code?: unknown; data?: unknown; cause?: { code?: unknown } };
  let code = typeof e.errorCode === 'string' ? e.errorCode : typeof e.name === 'string' && e.name !== 'Error' ? e.name : '';
  let message = typeof e.message === 'string' ? e.message : String(error);
  let fields: string[] | undefined;
  if (code === 'MULTIPLE_API_ERRORS' && Array.isArray(e.data) && e.data[0] && typeof e.data[0] === 'object') {
    const first = e.data[0] as { errorCode?: unknown; message?: unknown; fields?: unknown };
    if (typeof first.errorCode === 'string') code = first.errorCode;
    if (typeof first.message === 'string') message = first.message;
  }
  if (e.data && typeof e.data === 'object' && !Array.isArray(e.data) && Array.isArray((e.data as { fields?: unknown }).fields)) {
    fields = ((e.data as { fields: unknown[] }).fields).map(String);
  }
  code = code.replace(/^[a-zA-Z]+:(?=[A-Z_]+$)/, '');
  let status = context.status;
  const http = /^ERROR_HTTP_(\d{3})$/.exec(code);
  if (http) status ??= Number(http[1]);
  const networkCode = typeof e.code === 'string' ? e.code : typeof e.cause?.code === 'string' ? e.cause.code : undefined;
  const network = networkCode && NETWORK_CODES.has(networkCode) ? networkCode : undefined;
  if (!code && network) code = network;
  const local = LOCAL_ERRORS.find(([pattern]) => pattern.test(message));
  if (local) code = local[1];
  // jsforce returns an unparsable JSON body as text and then trips over it inside its own code.
  if ((error instanceof TypeError || error instanceof SyntaxError) && /[\\/]jsforce[\\/]lib[\\/]/.test(error.stack ?? '')) code = 'MALFORMED_RESPONSE';
  const transientName = !network && TRANSIENT_NAMES.has(String(e.name)) ? String(e.name) : undefined;
  // jsforce wraps a failed renewal as "Unable to refresh session due to: <reason>".
  message = message.replace(/^Unable to refresh session due to: /, 'session renewal failed: ');
  return { code: code || (status ? `HTTP_${status}` : 'UNKNOWN'), message, status, network: network ?? transientName, fields };
}

function findRow(code: string, status: number | undefined, network: string | undefined): Row | undefined {
  return SALESFORCE_ERROR_TABLE.find((r) => r.codes?.includes(code))
    ?? SALESFORCE_ERROR_TABLE.find((r) => status !== undefined && r.statuses?.includes(status))
    ?? (network ? SALESFORCE_ERROR_TABLE.find((r) => r.network) : undefined)
    ?? (status !== undefined && status >= 500 ? SALESFORCE_ERROR_TABLE.find((r) => r.statuses?.includes(503)) : undefined);
}

const clip = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 500);

/**
 * A failed Salesforce call (jsforce error, OAuth error, network failure) → a LeadloopError
 * whose kind tells the pipeline what to do. LeadloopErrors pass through unchanged.
 */
export function classifySalesforceError(error: unknown, context: SalesforceErrorContext = {}): LeadloopError {
  if (isLeadloopError(error)) return error;
  const { code, message, status, network } = extract(error, context);
  const row = findRow(code, status, network);
  // Unknown answers: 5xx are worth another try; a 4xx or an error jsforce raised itself (no HTTP answer) is not.
  let kind: ErrorKind = row?.kind ?? (status !== undefined && status >= 500 ? 'transient' : 'configuration');
  if (row?.kind === 'record' && !context.recordId && (code === 'NOT_FOUND' || status === 404)) kind = 'configuration';
  const where = context.action ? `${context.action}: ` : '';
  const statusText = status !== undefined ? `, HTTP ${status}` : '';
  return new LeadloopError(`Salesforce ${where}${clip(message) || 'request failed'} (${code}${statusText}); ${row?.hint ?? 'unexpected answer from Salesforce'}`, {
    kind, crm: 'salesforce', code, status, recordId: context.recordId,
  });
}

/**
 * One record's error from an sObject Collections (composite) or Bulk result → a
 * LeadloopError for that record: usually `record` (recorded, the batch goes on); lock
 * and rollback codes are `transient` (send the record again); a field the org refuses for
 * every record is `configuration`.
 */
export function classifySalesforceRecordError(body: SalesforceRecordErrorBody, recordId?: string): LeadloopError {
  const code = String(body.statusCode ?? 'UNKNOWN');
  const row = SALESFORCE_ERROR_TABLE.find((r) => r.codes?.includes(code));
  const kind: ErrorKind = row ? row.perRecord ?? 'record' : 'record';
  const fields = body.fields && body.fields.length > 0 ? ` [${body.fields.join(', ')}]` : '';
  const which = recordId ? `record ${recordId}` : 'a record';
  return new LeadloopError(`Salesforce refused ${which}: ${clip(String(body.message ?? '')) || 'no message'}${fields} (${code}); ${row?.hint ?? 'recorded; the rest go on'}`, {
    kind, crm: 'salesforce', code, recordId,
  });
}
