import { isLeadloopError, type LeadloopError } from '../domain/errors';

export interface RetryOptions {
  /** Attempts in total, including the first (default 4: one call and up to 3 retries). */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Which errors are worth another try; default: LeadloopErrors of kind `transient`. */
  isRetryable?: (error: unknown) => boolean;
  /** Injected for tests (fake timers) and determinism. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Capped exponential backoff with full jitter; a server's Retry-After wins when it is longer. */
export function backoffDelay(
  attempt: number,
  options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>,
  retryAfterMs?: number,
): number {
  const base = options.baseDelayMs ?? 500;
  const cap = options.maxDelayMs ?? 30_000;
  const exp = Math.min(cap, base * 2 ** (attempt - 1));
  const jittered = Math.round(exp / 2 + (options.random ?? Math.random)() * (exp / 2));
  return retryAfterMs !== undefined ? Math.max(jittered, retryAfterMs) : jittered;
}

function defaultRetryable(error: unknown): boolean {
  return isLeadloopError(error) && error.kind === 'transient';
}

/**
 * Runs `fn`, retrying transient failures. The one place in leadloop that sleeps between
 * attempts: connectors and the pipeline call this instead of their own loops.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 4;
  const isRetryable = options.isRetryable ?? defaultRetryable;
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= maxAttempts || !isRetryable(error)) throw error;
      const retryAfter = isLeadloopError(error) ? (error as LeadloopError).retryAfterMs : undefined;
      const delayMs = backoffDelay(attempt, options, retryAfter);
      options.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs);
    }
  }
}

/** Parses a Retry-After header (seconds or HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
