import { forEachConcurrently } from '../resilience/forEachConcurrently';
import { defaultSleep } from '../resilience/withRetry';
import type { LookupOutcome, NetworkProvider, ProviderSubject } from './networkProvider';
import { failureMessage } from './safeFetchError';

/** A lookup that was not made: circuit open, or the page's time budget was spent. */
export type RunOutcome = LookupOutcome | { kind: 'skipped'; message: string };

export interface ProviderRunnerDeps {
  /** Milliseconds clock (Date.now in production). */
  clock: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const SKIPPED_BUDGET = 'deferred: the page network time budget was spent';
export const SKIPPED_CIRCUIT = 'circuit open: provider skipped after repeated failures';

/**
 * Runs one provider's lookups for a page: at most `concurrency` requests in flight, starts
 * spaced by `minIntervalMs`, nothing started after the page deadline, and a circuit
 * breaker — after `breakerThreshold` consecutive failures (or a Retry-After) the provider
 * is skipped for `breakerCooldownMs`, then one trial request decides whether it stays
 * closed. The state lives for the enricher's lifetime (one sync run).
 */
export function createProviderRunner(provider: NetworkProvider, deps: ProviderRunnerDeps) {
  const limits = provider.limits;
  const sleep = deps.sleep ?? defaultSleep;
  let consecutiveFailures = 0;
  let openUntil = 0;
  let open = false;
  let trialInFlight = false;
  let nextStartAt = 0;
  let lookups = 0;

  function onFailure(retryAfterMs?: number) {
    consecutiveFailures++;
    const now = deps.clock();
    if (retryAfterMs !== undefined && retryAfterMs > 0) {
      open = true;
      openUntil = Math.max(openUntil, now + retryAfterMs);
    }
    if (consecutiveFailures >= limits.breakerThreshold) {
      open = true;
      openUntil = Math.max(openUntil, now + limits.breakerCooldownMs);
    }
  }

  function onSuccess() {
    consecutiveFailures = 0;
    open = false;
  }

  /** Null when the request may start now (after waiting for its rate slot), else why not. */
  async function admit(deadline: number): Promise<{ skip: string } | { trial: boolean }> {
    const now = deps.clock();
    if (now >= deadline) return { skip: SKIPPED_BUDGET };
    let trial = false;
    if (open) {
      if (now < openUntil || trialInFlight) return { skip: SKIPPED_CIRCUIT };
      trial = true;
      trialInFlight = true;
    }
    const startAt = Math.max(now, nextStartAt);
    if (startAt >= deadline) {
      if (trial) trialInFlight = false;
      return { skip: SKIPPED_BUDGET };
    }
    nextStartAt = startAt + limits.minIntervalMs;
    if (startAt > now) await sleep(startAt - now);
    return { trial };
  }

  return {
    get id() {
      return provider.id;
    },
    /** Network requests made so far. */
    get lookups() {
      return lookups;
    },
    get isOpen() {
      return open && deps.clock() < openUntil;
    },

    async run(subjects: ProviderSubject[], deadline: number, signal: AbortSignal): Promise<Map<string, RunOutcome>> {
      const results = new Map<string, RunOutcome>();
      const batches: ProviderSubject[][] = [];
      for (let i = 0; i < subjects.length; i += limits.batchSize) batches.push(subjects.slice(i, i + limits.batchSize));
      // every failure is caught and recorded per subject: no batch can stop the others
      await forEachConcurrently(batches, limits.concurrency, async (batch) => {
        const admitted = await admit(deadline);
        if ('skip' in admitted) {
          for (const s of batch) results.set(s.key, { kind: 'skipped', message: admitted.skip });
          return;
        }
        lookups++;
        try {
          const outcomes = await provider.lookup(batch, {
            signal,
            remainingMs: () => Math.max(0, deadline - deps.clock()),
          });
          let answered = false;
          for (const s of batch) {
            const outcome = outcomes.get(s.key) ?? { kind: 'failed', message: 'no answer for this subject' };
            results.set(s.key, outcome);
            if (outcome.kind !== 'failed') answered = true;
          }
          if (answered) onSuccess();
          else onFailure();
        } catch (error) {
          // a provider still silent when the page budget ends counts as failing: a hung
          // provider must open the breaker, not cost the full budget on every page
          const message = signal.aborted ? 'timeout: no answer within the page budget' : failureMessage(error);
          for (const s of batch) results.set(s.key, { kind: 'failed', message });
          onFailure((error as { retryAfterMs?: number }).retryAfterMs);
        } finally {
          if (admitted.trial) trialInFlight = false;
        }
      });
      return results;
    },
  };
}

export type ProviderRunner = ReturnType<typeof createProviderRunner>;
