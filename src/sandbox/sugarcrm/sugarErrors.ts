/**
 * SugarCRM's REST error bodies, `{ error, error_message }`, with the HTTP codes and labels
 * of Sugar's own exception classes (include/api/SugarApiException.php and the bundled
 * oauth2-php server, as served by RestService::handleException).
 */
export class SugarApiError extends Error {
  constructor(
    readonly status: number,
    readonly label: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'SugarApiError';
  }

  body(): { error: string; error_message?: string } {
    return this.message ? { error: this.label, error_message: this.message } : { error: this.label };
  }
}

/** Sugar's EXCEPTION_* default messages (include/language/en_us.lang.php). */
const DEFAULT_MESSAGES = {
  fatal: 'Your request failed to complete.  A fatal error occurred.  Check logs for more details.',
  maintenance: 'SugarCRM is in maintenance mode. Only admins can login. Please contact your administrator for details.',
  unavailable: 'The server cannot process your request because it is busy or unavailable at this time.',
} as const;

export const sugarErrors = {
  /** ServiceBase::needLogin without an exception: no token at all. */
  needLogin: (message = 'No valid authentication for user.') => new SugarApiError(401, 'need_login', message),
  /** oauth2-php verifyAccessToken: unknown or expired session token. */
  invalidToken: () => new SugarApiError(401, 'invalid_grant', 'The access token provided is invalid.'),
  /** oauth2-php grantAccessToken failures are 400s with the OAuth error code as label. */
  oauth: (label: string, message?: string) => new SugarApiError(400, label, message ?? ''),
  notFound: (module: string, id: string) =>
    new SugarApiError(404, 'not_found', `Could not find record: ${id} in module: ${module}`),
  noMethod: (rawPath: string) =>
    new SugarApiError(404, 'no_method', `Could not find any route that accepted a path like: ${rawPath}`),
  /** SugarApiExceptionNotAuthorized as ModuleApi/FilterApi throw it when a role denies the module (ACLAccess 'list'/'view'). */
  notAuthorized: (module: string) =>
    new SugarApiError(403, 'not_authorized', `No access to view records for module: ${module}`),
  invalidParameter: (message: string) => new SugarApiError(422, 'invalid_parameter', message),
  missingParameter: (message: string) => new SugarApiError(422, 'missing_parameter', message),
  incorrectVersion: (min: string, max: string) =>
    new SugarApiError(
      301,
      'incorrect_version',
      `Please change your requested API version to value between ${min} and ${max}.`,
    ),
  fatal: () => new SugarApiError(500, 'fatal_error', DEFAULT_MESSAGES.fatal),
  maintenance: () => new SugarApiError(503, 'maintenance', DEFAULT_MESSAGES.maintenance),
  serviceUnavailable: () => new SugarApiError(503, 'service_unavailable', DEFAULT_MESSAGES.unavailable),
  /**
   * Sugar's REST API documentation describes no rate-limit response: the sandbox answers 429 with
   * `Retry-After` in Sugar's error-body format so clients exercise that branch.
   */
  tooManyRequests: (retryAfterSeconds: number) =>
    new SugarApiError(429, 'too_many_requests', `Too many requests. Retry after ${retryAfterSeconds} seconds.`, {
      'Retry-After': String(retryAfterSeconds),
    }),
};
