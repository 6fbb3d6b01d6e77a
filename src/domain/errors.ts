/**
 * One small error taxonomy. Each connector classifies its CRM's
 * errors into these kinds; the pipeline acts on the kind only.
 */
export const ERROR_KINDS = ['configuration', 'auth_expired', 'rate_limited', 'transient', 'record'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface LeadloopErrorInfo {
  kind: ErrorKind;
  crm?: string;
  code: string;
  status?: number;
  recordId?: string;
  retryAfterMs?: number;
}

/** An error that says what went wrong, where, and what to do. Never carries secrets. */
export class LeadloopError extends Error implements LeadloopErrorInfo {
  readonly kind: ErrorKind;
  readonly crm?: string;
  readonly code: string;
  readonly status?: number;
  readonly recordId?: string;
  readonly retryAfterMs?: number;

  constructor(message: string, info: LeadloopErrorInfo) {
    super(message);
    this.name = 'LeadloopError';
    this.kind = info.kind;
    this.crm = info.crm;
    this.code = info.code;
    this.status = info.status;
    this.recordId = info.recordId;
    this.retryAfterMs = info.retryAfterMs;
  }

  toJSON(): LeadloopErrorInfo & { message: string } {
    return {
      message: this.message,
      kind: this.kind,
      crm: this.crm,
      code: this.code,
      status: this.status,
      recordId: this.recordId,
      retryAfterMs: this.retryAfterMs,
    };
  }
}

/** The org's credentials are no longer accepted; an admin must reconnect. */
export class NeedsReconnectError extends LeadloopError {
  constructor(message: string, crm: string, code = 'NEEDS_RECONNECT') {
    super(message, { kind: 'configuration', crm, code });
    this.name = 'NeedsReconnectError';
  }
}

/** A file (settings, mapping, definition) is invalid. Lists every problem with its path. */
export class ConfigurationError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(problems.length ? `${message}\n${problems.map((p) => `  - ${p}`).join('\n')}` : message);
    this.name = 'ConfigurationError';
  }
}

export function isLeadloopError(error: unknown): error is LeadloopError {
  return error instanceof LeadloopError;
}
