export const SAFE_FETCH_ERROR_CODES = [
  'bad_url',
  'blocked_address',
  'blocked_port',
  'dns',
  'too_many_redirects',
  'body_too_large',
  'timeout',
  'aborted',
  'bad_content_type',
  'http_status',
  'network',
  'malformed',
] as const;
export type SafeFetchErrorCode = (typeof SAFE_FETCH_ERROR_CODES)[number];

/**
 * Why an outbound request for enrichment did not produce a body. `blocked_*` means the
 * SSRF guard refused it; `http_status` carries the status and any Retry-After.
 */
export class SafeFetchError extends Error {
  constructor(
    message: string,
    readonly code: SafeFetchErrorCode,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'SafeFetchError';
  }
}

export function isSafeFetchError(error: unknown, code?: SafeFetchErrorCode): error is SafeFetchError {
  return error instanceof SafeFetchError && (code === undefined || error.code === code);
}

/** A short, subject-free description for counting alike failures in the run summary. */
export function failureMessage(error: unknown): string {
  if (error instanceof SafeFetchError) return error.status !== undefined ? `${error.code} ${error.status}` : error.code;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && code ? code : 'error';
}
