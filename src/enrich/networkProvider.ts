import type { CanonicalLead } from '../domain/lead';
import type { EnrichmentFact } from '../domain/enrichment';

/** A fact as a provider reports it; the enricher adds source and fetchedAt. */
export type ProviderFact = Pick<EnrichmentFact, 'field' | 'value' | 'confidence'>;

/** What a provider looks up for a lead: the cache key plus what it needs to ask. */
export interface ProviderSubject {
  /** Cache key, unique per provider: a domain, or a normalised company name and country. */
  key: string;
  domain?: string;
  emailDomain?: string;
  /** The company name as written, without the legal form ("Acme Ibérica"). */
  companyName?: string;
  companyKey?: string;
  country?: string;
}

/**
 * The answer for one subject. `found` and `none` are cached for the provider's TTLs;
 * `failed` is about this subject only (a slow or broken website) and is cached only when
 * `cacheForMs` is set, so it is not retried on every page. `message` is short and
 * generic ("timeout", "HTTP 503") so the run summary can count alike failures together;
 * `detail` names the subject.
 */
export type LookupOutcome =
  | { kind: 'found'; facts: ProviderFact[] }
  | { kind: 'none' }
  | { kind: 'failed'; message: string; detail?: string; cacheForMs?: number };

export interface ProviderLimits {
  /** Requests in flight at once. */
  concurrency: number;
  /** Minimum gap between request starts (the provider's published rate limit). */
  minIntervalMs: number;
  /** Subjects per request (Wikidata answers many websites in one SPARQL query). */
  batchSize: number;
  /** Per-request time cap; the page budget may cut it shorter. */
  timeoutMs: number;
  ttlMs: number;
  /** TTL of `none` answers. */
  negativeTtlMs: number;
  /** Consecutive failures that open the circuit. */
  breakerThreshold: number;
  /** How long an open circuit refuses lookups before one trial request. */
  breakerCooldownMs: number;
}

export interface LookupContext {
  signal: AbortSignal;
  /** Milliseconds left in the page's network budget. */
  remainingMs(): number;
}

/**
 * One network source of facts. `subjectFor` is pure (it runs for every lead); `lookup`
 * does the I/O for a batch of distinct subjects. `lookup` throws when the provider
 * itself failed (timeout, 5xx, 429 — the error may carry `retryAfterMs`): every subject
 * in the batch then counts as failed and the circuit breaker hears about it.
 */
export interface NetworkProvider {
  readonly id: string;
  readonly limits: ProviderLimits;
  subjectFor(lead: CanonicalLead, offline: ReadonlyMap<string, EnrichmentFact['value']>): ProviderSubject | undefined;
  lookup(subjects: ProviderSubject[], context: LookupContext): Promise<Map<string, LookupOutcome>>;
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
