import { LeadloopError, type ErrorKind } from '../../src/domain/errors';
import { parseRetryAfter } from '../../src/resilience/withRetry';

/** A Sugar error body: `{"error": <label>, "error_message": …}` (include/api/SugarApiException.php). */
export interface SugarErrorBody {
  error?: string;
  error_message?: string;
  error_description?: string;
}

export interface SugarFailure {
  /** HTTP status, absent for network failures. */
  status?: number;
  body?: unknown;
  retryAfter?: string | null;
  /** Node/axios error code for network failures (ECONNRESET, ECONNABORTED …). */
  networkCode?: string;
  /** True when the request concerned one record (a PUT of a lead, a task create): bad input is then that record's problem. */
  recordScoped?: boolean;
  recordId?: string;
  /** What was being done, for the message ("PUT /Leads/…"). */
  action?: string;
}

interface Row {
  labels?: string[];
  statuses?: number[];
  network?: boolean;
  kind: ErrorKind | 'record_or_configuration';
  hint: string;
}

const TRANSIENT_NETWORK = new Set([
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ERR_NETWORK',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/**
 * The one table from Sugar's errors to leadloop's kinds (src/domain/errors.ts). Labels win
 * over statuses; the first matching row applies.
 */
export const SUGAR_ERROR_TABLE: Row[] = [
  {
    labels: ['need_login', 'invalid_grant', 'invalid_token'],
    kind: 'auth_expired',
    hint: 'the session expired; leadloop signs in again',
  },
  {
    labels: ['not_authorized', 'inactive_portal_user', 'portal_not_configured'],
    kind: 'configuration',
    hint: "give leadloop's Sugar user access to this module and its fields (Admin → Roles)",
  },
  {
    labels: ['no_method'],
    kind: 'configuration',
    hint: 'this Sugar version does not offer the endpoint; check the instance version',
  },
  {
    labels: ['incorrect_version'],
    kind: 'configuration',
    hint: 'reconnect so leadloop picks a REST version the instance supports',
  },
  { labels: ['client_outdated'], kind: 'configuration', hint: 'the instance refuses this client version' },
  { labels: ['not_found'], kind: 'record', hint: "the record was deleted or is not visible to leadloop's user" },
  {
    labels: ['invalid_parameter', 'missing_parameter'],
    kind: 'record_or_configuration',
    hint: 'Sugar refused a value; see the message',
  },
  {
    labels: ['request_too_large'],
    statuses: [413],
    kind: 'record',
    hint: 'the request is too large; lower bulkBatchSize',
  },
  {
    labels: ['edit_conflict'],
    statuses: [409],
    kind: 'transient',
    hint: 'someone edited the record at the same time; retried',
  },
  { labels: ['maintenance'], kind: 'transient', hint: 'the instance is in maintenance mode; retried later' },
  { statuses: [429], kind: 'rate_limited', hint: 'Sugar asked leadloop to slow down' },
  { statuses: [401], kind: 'auth_expired', hint: 'the session expired; leadloop signs in again' },
  {
    statuses: [403],
    kind: 'configuration',
    hint: "give leadloop's Sugar user access to this module and its fields (Admin → Roles)",
  },
  { statuses: [404], kind: 'record', hint: "the record was deleted or is not visible to leadloop's user" },
  { statuses: [412, 422, 400], kind: 'record_or_configuration', hint: 'Sugar refused a value; see the message' },
  { statuses: [500, 502, 503, 504], kind: 'transient', hint: 'Sugar failed temporarily; retried' },
  { network: true, kind: 'transient', hint: 'the connection failed; retried' },
];

function errorBody(body: unknown): SugarErrorBody {
  if (body && typeof body === 'object' && !Array.isArray(body)) return body as SugarErrorBody;
  return {};
}

/** Sugar's answer (or a network failure) → a LeadloopError whose kind tells the pipeline what to do. */
export function classifySugarError(failure: SugarFailure): LeadloopError {
  const body = errorBody(failure.body);
  const label = typeof body.error === 'string' ? body.error : undefined;
  const row =
    SUGAR_ERROR_TABLE.find((r) => label !== undefined && r.labels?.includes(label)) ??
    SUGAR_ERROR_TABLE.find((r) => failure.status !== undefined && r.statuses?.includes(failure.status)) ??
    SUGAR_ERROR_TABLE.find(
      (r) => r.network && failure.status === undefined && TRANSIENT_NETWORK.has(failure.networkCode ?? ''),
    ) ??
    (failure.status !== undefined && failure.status >= 500
      ? SUGAR_ERROR_TABLE.find((r) => r.statuses?.includes(500))
      : undefined);

  let kind: ErrorKind;
  if (!row) kind = failure.status === undefined ? 'transient' : 'configuration';
  else if (row.kind === 'record_or_configuration') kind = failure.recordScoped ? 'record' : 'configuration';
  else kind = row.kind;

  const code =
    label ?? (failure.status !== undefined ? `HTTP_${failure.status}` : (failure.networkCode ?? 'NETWORK_ERROR'));
  const detail = String(body.error_message ?? body.error_description ?? '').slice(0, 500);
  const where = failure.action ? `${failure.action}: ` : '';
  const status = failure.status !== undefined ? ` (${failure.status}${label ? ` ${label}` : ''})` : ` (${code})`;
  const message = `SugarCRM ${where}${detail || 'request failed'}${status}; ${row?.hint ?? 'unexpected answer'}`;
  const retryAfterMs =
    kind === 'rate_limited' || kind === 'transient' ? parseRetryAfter(failure.retryAfter ?? undefined) : undefined;
  return new LeadloopError(message, {
    kind,
    crm: 'sugarcrm',
    code,
    status: failure.status,
    recordId: failure.recordId,
    retryAfterMs,
  });
}

/**
 * Whether a classified error says the integration user cannot read a module: a role that
 * denies it answers `403 not_authorized` "No access to view records for module: X"
 * (SugarApiExceptionNotAuthorized in Sugar's own ModuleApi/FilterApi); a module that is not
 * there (or hidden from the API) answers 404. Only asked about whole-module reads.
 */
export function isUnreadableSugarModule(error: unknown): error is LeadloopError {
  return (
    error instanceof LeadloopError &&
    error.crm === 'sugarcrm' &&
    (error.code === 'not_authorized' || error.status === 403 || error.status === 404)
  );
}
