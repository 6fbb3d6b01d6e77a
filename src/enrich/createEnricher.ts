import type { Enrichment, EnrichmentFact } from '../domain/enrichment';
import type { CanonicalLead } from '../domain/lead';
import type { Logger } from '../log/createLogger';
import { describeError } from '../log/redact';
import type { Queryable } from '../store/database';
import { createDnsMxProvider, type DnsResolver } from './dnsMxProvider';
import { createDnsResolver } from './createDnsResolver';
import { cacheId, createEnrichmentCache, type CachedOutcome } from './enrichmentCache';
import { enrichOffline } from './enrichOffline';
import { ENRICH_USER_AGENT } from './enricherVersion';
import { createGleifProvider } from './gleifProvider';
import type { NetworkProvider, ProviderSubject } from './networkProvider';
import { createCountryIndex } from './normalizeCountry';
import { createProviderRunner, type ProviderRunner, type RunOutcome } from './providerRunner';
import { createSafeHttpClient, type AddressLookup, type SafeHttpClient } from './safeHttpClient';
import { createWebsiteProvider } from './websiteProvider';
import { createWikidataProvider } from './wikidataProvider';

export interface EnricherDeps {
  db: Queryable;
  logger: Logger;
  /** network: false keeps enrichment offline (LEADLOOP_ENRICH_NETWORK=off). */
  settings: { network: boolean };
  /** MX lookups; default a node:dns Resolver with a 2 s timeout (createDnsResolver). */
  resolver?: DnsResolver;
  /** Name → addresses for website, Wikidata and GLEIF requests; default the system resolver. */
  lookupAddress?: AddressLookup;
  /** The outbound HTTP client; default the SSRF-safe client built with `lookupAddress`. */
  http?: SafeHttpClient;
  now?: () => Date;
  /** Replaces the default providers (dns:mx, website, wikidata, gleif), in order. */
  providers?: NetworkProvider[];
  /** The most a page waits on the network, all providers together; default 5 s. */
  pageBudgetMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * `off`: network enrichment is switched off (LEADLOOP_ENRICH_NETWORK=off). `available`: some
 * lookup was answered, or none was needed. `unavailable`: lookups were tried and not one
 * was answered (no resolver, no route, every provider failing).
 */
export type NetworkState = 'off' | 'available' | 'unavailable';

export interface EnrichmentSummary {
  network: NetworkState;
  /** Network requests made per provider. */
  lookups: Record<string, number>;
  /** Provider/key answers served from the cache (memory or database) instead of the network. */
  cacheHits: number;
  problems: { source: string; message: string; count: number }[];
}

export interface Enricher {
  /** Network lookups are on: leads whose lookups could not be made are worth trying again. */
  readonly network: boolean;
  /** Facts for every lead of a page, by externalId. Never throws for a provider's failure. */
  enrichPage(leads: CanonicalLead[]): Promise<Map<string, Enrichment>>;
  summary(): EnrichmentSummary;
}

const MEMORY_LIMIT = 50_000;

/**
 * The enrichment stage of a sync run. Offline facts for every lead, then each network
 * provider once per DISTINCT subject of the page (a domain, a company), answered from an
 * in-memory map, then the database cache, then the network — time-boxed to the page
 * budget, with per-provider concurrency, rate limit and circuit breaker. Enrichment
 * never changes a lead: facts sit beside the CRM's values, CRM-derived facts first, so
 * `factValue` prefers them; writing a fact back into the CRM is the mapping's opt-in.
 */
export function createEnricher(deps: EnricherDeps): Enricher {
  const clock = deps.now ?? (() => new Date());
  const budgetMs = deps.pageBudgetMs ?? 5000;
  const cache = createEnrichmentCache(deps.db);
  const providers = deps.settings.network ? (deps.providers ?? defaultProviders(deps)) : [];
  const runners = new Map<string, ProviderRunner>(
    providers.map((p) => [p.id, createProviderRunner(p, { clock: Date.now, sleep: deps.sleep })]),
  );
  const memory = new Map<string, CachedOutcome>();
  const problems = new Map<string, { source: string; message: string; count: number }>();
  let cacheHits = 0;
  // lookups the providers answered (found or none) and the ones they could not make this run
  let answered = 0;
  let unanswered = 0;

  const noteProblem = (source: string, message: string) => {
    const id = `${source}\n${message}`;
    const entry = problems.get(id) ?? { source, message, count: 0 };
    entry.count++;
    problems.set(id, entry);
  };

  async function lookupNetwork(
    wanted: Map<string, Map<string, ProviderSubject>>,
    now: Date,
  ): Promise<Map<string, CachedOutcome | RunOutcome>> {
    const answers = new Map<string, CachedOutcome | RunOutcome>();
    const misses: { provider: string; key: string }[] = [];
    for (const [provider, subjects] of wanted) {
      for (const key of subjects.keys()) {
        const id = cacheId(provider, key);
        const held = memory.get(id);
        if (held && Date.parse(held.expiresAt) > now.getTime()) {
          answers.set(id, held);
          cacheHits++;
        } else misses.push({ provider, key });
      }
    }
    try {
      for (const [id, entry] of await cache.getMany(misses, now)) {
        answers.set(id, entry);
        remember(entry);
        cacheHits++;
      }
    } catch (error) {
      deps.logger.warn('enrichment cache read failed; looking up the network instead', { error: describeError(error) });
    }

    const deadline = Date.now() + budgetMs;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), budgetMs);
    const toStore: CachedOutcome[] = [];
    try {
      await Promise.all(
        providers.map(async (provider) => {
          const todo = [...(wanted.get(provider.id)?.values() ?? [])].filter(
            (s) => !answers.has(cacheId(provider.id, s.key)),
          );
          if (todo.length === 0) return;
          const results = await runners.get(provider.id)!.run(todo, deadline, controller.signal);
          const fetchedAt = clock();
          for (const [key, outcome] of results) {
            const id = cacheId(provider.id, key);
            answers.set(id, outcome);
            if (outcome.kind === 'skipped' || outcome.kind === 'failed') {
              unanswered++;
              noteProblem(provider.id, outcome.message);
            } else answered++;
            const ttl =
              outcome.kind === 'found'
                ? provider.limits.ttlMs
                : outcome.kind === 'none'
                  ? provider.limits.negativeTtlMs
                  : outcome.kind === 'failed'
                    ? outcome.cacheForMs
                    : undefined;
            if (!ttl || outcome.kind === 'skipped') continue;
            const entry: CachedOutcome = {
              provider: provider.id,
              key,
              outcome: outcome.kind,
              facts: outcome.kind === 'found' ? outcome.facts : [],
              ...(outcome.kind === 'failed' ? { message: outcome.message } : {}),
              fetchedAt: fetchedAt.toISOString(),
              expiresAt: new Date(fetchedAt.getTime() + ttl).toISOString(),
            };
            toStore.push(entry);
            remember(entry);
          }
        }),
      );
    } finally {
      clearTimeout(timer);
    }
    try {
      await cache.putMany(toStore);
    } catch (error) {
      deps.logger.warn('enrichment cache write failed; answers are kept for this run only', {
        error: describeError(error),
      });
    }
    return answers;
  }

  function remember(entry: CachedOutcome) {
    if (memory.size >= MEMORY_LIMIT) memory.delete(memory.keys().next().value!);
    memory.set(cacheId(entry.provider, entry.key), entry);
  }

  return {
    network: deps.settings.network,
    async enrichPage(leads) {
      const now = clock();
      const result = new Map<string, Enrichment>();
      const wanted = new Map<string, Map<string, ProviderSubject>>(providers.map((p) => [p.id, new Map()]));
      const leadSubjects = new Map<string, { provider: string; key: string }[]>();
      for (const lead of leads) {
        const enrichment = enrichOffline(lead, now);
        result.set(lead.externalId, enrichment);
        if (providers.length === 0) {
          // offline: what the network would say is unknown, not absent (looked up once it is on)
          if (!deps.settings.network) enrichment.pending = true;
          continue;
        }
        const offline = new Map<string, EnrichmentFact['value']>();
        for (const fact of enrichment.facts) if (!offline.has(fact.field)) offline.set(fact.field, fact.value);
        const mine: { provider: string; key: string }[] = [];
        for (const provider of providers) {
          const subject = provider.subjectFor(lead, offline);
          if (!subject) continue;
          wanted.get(provider.id)!.set(subject.key, subject);
          mine.push({ provider: provider.id, key: subject.key });
        }
        leadSubjects.set(lead.externalId, mine);
      }
      if (providers.length === 0) return result;

      const answers = await lookupNetwork(wanted, now);
      for (const [externalId, subjects] of leadSubjects) {
        const enrichment = result.get(externalId)!;
        for (const { provider, key } of subjects) {
          const answer = answers.get(cacheId(provider, key));
          if (!answer) {
            enrichment.pending = true;
            continue;
          }
          if ('fetchedAt' in answer) {
            for (const f of answer.facts)
              enrichment.facts.push({ ...f, source: provider, fetchedAt: answer.fetchedAt });
            if (answer.outcome === 'failed') {
              enrichment.problems.push({ source: provider, message: answer.message ?? 'failed' });
              enrichment.pending = true;
            }
          } else if (answer.kind === 'found') {
            for (const f of answer.facts)
              enrichment.facts.push({ ...f, source: provider, fetchedAt: now.toISOString() });
          } else if (answer.kind === 'failed' || answer.kind === 'skipped') {
            enrichment.problems.push({
              source: provider,
              message: answer.kind === 'failed' && answer.detail ? answer.detail : answer.message,
            });
            enrichment.pending = true;
          }
        }
      }
      return result;
    },

    summary() {
      const lookups: Record<string, number> = {};
      for (const [id, runner] of runners) lookups[id] = runner.lookups;
      const network: NetworkState = !deps.settings.network
        ? 'off'
        : answered === 0 && unanswered > 0
          ? 'unavailable'
          : 'available';
      return { network, lookups, cacheHits, problems: [...problems.values()].map((p) => ({ ...p })) };
    },
  };
}

function defaultProviders(deps: EnricherDeps): NetworkProvider[] {
  const http =
    deps.http ??
    createSafeHttpClient({
      userAgent: ENRICH_USER_AGENT,
      ...(deps.lookupAddress ? { lookup: deps.lookupAddress } : {}),
    });
  const resolver = deps.resolver ?? createDnsResolver().resolver;
  return [
    createDnsMxProvider(resolver),
    createWebsiteProvider({ http, countries: createCountryIndex() }),
    createWikidataProvider({ http }),
    createGleifProvider({ http }),
  ];
}
