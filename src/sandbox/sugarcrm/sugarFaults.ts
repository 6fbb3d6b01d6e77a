import { SugarApiError, sugarErrors } from './sugarErrors';

export type SugarForcedFailure = 'server_error' | 'service_unavailable' | 'rate_limited' | 'maintenance' | 'drop';

/** What can go wrong, changeable while the sandbox runs (`sandbox.faults.x = …`). */
export interface SugarFaults {
  /** Added before every response. */
  latencyMs: number;
  /** `expires_in` of new access tokens. */
  accessTokenTtlSeconds: number;
  /** `refresh_expires_in` of new refresh tokens (Sugar's default is two weeks). */
  refreshTokenTtlSeconds: number;
  /** Share (0–1) of calls answered 500 fatal_error or 503 service_unavailable. */
  serverErrorShare: number;
  /** Share (0–1) of calls answered 429 with Retry-After. */
  rateLimitShare: number;
  retryAfterSeconds: number;
  /** Share (0–1) of calls whose connection is dropped without a response. */
  dropConnectionShare: number;
  /** After this many calls every call is answered 429 (a daily allowance running out); null = never. */
  rateLimitAfterCalls: number | null;
  /** 503 maintenance for every call, as when an admin puts the instance in maintenance mode. */
  maintenance: boolean;
  /** Failures served to the next calls, one each, before the random shares apply. */
  nextFailures: SugarForcedFailure[];
  /**
   * Share (0–1) of PUT sub-requests inside /bulk answered 500 on their own (a MySQL deadlock
   * or lock wait timeout on that row); the other sub-requests of the call go through.
   */
  recordFailureShare: number;
  /** Share (0–1) of calls that wait `latencySpikeMs` more (a slow database or a GC pause). */
  latencySpikeShare: number;
  latencySpikeMs: number;
}

export const DEFAULT_SUGAR_FAULTS: SugarFaults = {
  latencyMs: 0,
  accessTokenTtlSeconds: 3600,
  refreshTokenTtlSeconds: 1_209_600,
  serverErrorShare: 0,
  rateLimitShare: 0,
  retryAfterSeconds: 7,
  dropConnectionShare: 0,
  rateLimitAfterCalls: null,
  maintenance: false,
  nextFailures: [],
  recordFailureShare: 0,
  latencySpikeShare: 0,
  latencySpikeMs: 0,
};

export type SugarFaultDecision = { kind: 'drop' } | { kind: 'error'; error: SugarApiError } | null;

/** mulberry32: small, seeded, so the same seed fails the same calls on every run. */
export function seededUnit(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decides, call by call, which fault (if any) to inject. One random draw per call keeps runs repeatable. */
export function createSugarFaultInjector(
  faults: SugarFaults,
  seed: number,
): (callNumber: number) => SugarFaultDecision {
  const next = seededUnit(seed ^ 0x5ca1ab1e);
  const forced = (failure: SugarForcedFailure): SugarFaultDecision => {
    switch (failure) {
      case 'drop':
        return { kind: 'drop' };
      case 'rate_limited':
        return { kind: 'error', error: sugarErrors.tooManyRequests(faults.retryAfterSeconds) };
      case 'maintenance':
        return { kind: 'error', error: sugarErrors.maintenance() };
      case 'service_unavailable':
        return { kind: 'error', error: sugarErrors.serviceUnavailable() };
      default:
        return { kind: 'error', error: sugarErrors.fatal() };
    }
  };
  return (callNumber) => {
    const roll = next();
    const queued = faults.nextFailures.shift();
    if (queued) return forced(queued);
    if (faults.maintenance) return forced('maintenance');
    if (faults.rateLimitAfterCalls !== null && callNumber > faults.rateLimitAfterCalls) return forced('rate_limited');
    let threshold = faults.dropConnectionShare;
    if (roll < threshold) return forced('drop');
    threshold += faults.rateLimitShare;
    if (roll < threshold) return forced('rate_limited');
    threshold += faults.serverErrorShare;
    if (roll < threshold)
      return forced(roll < threshold - faults.serverErrorShare / 2 ? 'server_error' : 'service_unavailable');
    return null;
  };
}
