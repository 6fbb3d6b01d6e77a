import type { CountryIndex } from './normalizeCountry';
import type { LookupOutcome, NetworkProvider, ProviderFact, ProviderLimits, ProviderSubject } from './networkProvider';
import { DAY_MS } from './networkProvider';
import { parseHtmlMetadata } from './parseHtmlMetadata';
import { failureMessage, isSafeFetchError, SafeFetchError } from './safeFetchError';
import type { SafeHttpClient } from './safeHttpClient';

const PAGE_TYPES = ['text/html', 'application/xhtml+xml', 'application/ld+json'];

/** safeHttpClient's `dns` messages that say the name has no address (NXDOMAIN/NODATA), not that DNS could not be asked. */
const AUTHORITATIVE_DNS_FAILURE = /\((ENOTFOUND|ENODATA)\)|has no (IPv\d )?address/;

/** Answers about one site that are stable enough to cache for a day instead of retrying every page. */
const SITE_FAILURE_CACHE_MS = DAY_MS;

/**
 * The company's own home page: title, description, and the schema.org Organization it
 * publishes (legal name, employees, industry, country). Fetched only through the
 * SSRF-safe client. https first; plain http only when https could not connect.
 */
export function createWebsiteProvider(deps: {
  http: SafeHttpClient;
  countries: CountryIndex;
  timeoutMs?: number;
}): NetworkProvider {
  const limits: ProviderLimits = {
    concurrency: 6,
    minIntervalMs: 0,
    batchSize: 1,
    timeoutMs: deps.timeoutMs ?? 10_000,
    ttlMs: 30 * DAY_MS,
    negativeTtlMs: 7 * DAY_MS,
    breakerThreshold: 8,
    breakerCooldownMs: 5 * 60_000,
  };

  async function fetchHome(domain: string, signal: AbortSignal, timeoutMs: number) {
    try {
      return await deps.http.request({ url: `https://${domain}/`, accept: PAGE_TYPES, signal, timeoutMs });
    } catch (error) {
      if (!isSafeFetchError(error, 'network')) throw error;
      return deps.http.request({ url: `http://${domain}/`, accept: PAGE_TYPES, signal, timeoutMs });
    }
  }

  async function lookupOne(subject: ProviderSubject, signal: AbortSignal, timeoutMs: number): Promise<LookupOutcome> {
    try {
      const page = await fetchHome(subject.domain!, signal, timeoutMs);
      const facts = toFacts(page.body, page.contentType, deps.countries);
      return facts.length ? { kind: 'found', facts } : { kind: 'none' };
    } catch (error) {
      if (!(error instanceof SafeFetchError)) throw error;
      if (error.code === 'aborted') throw error;
      // the resolver could not be asked (refused, timed out, EAI_AGAIN): unknown, not this site's answer — never cached
      if (error.code === 'dns' && !AUTHORITATIVE_DNS_FAILURE.test(error.message)) throw error;
      if (
        error.code === 'http_status' &&
        error.status !== undefined &&
        error.status >= 400 &&
        error.status < 500 &&
        error.status !== 429
      )
        return { kind: 'none' };
      if (error.code === 'bad_content_type') return { kind: 'none' };
      // dns, blocked, timeout, too large, 5xx: this site's problem; remember it for a day
      return {
        kind: 'failed',
        message: failureMessage(error),
        detail: `${subject.domain}: ${error.message}`,
        cacheForMs: SITE_FAILURE_CACHE_MS,
      };
    }
  }

  return {
    id: 'website',
    limits,
    subjectFor(_lead, offline) {
      const domain = offline.get('domain');
      return typeof domain === 'string' ? { key: domain, domain } : undefined;
    },
    async lookup(subjects, context) {
      const out = new Map<string, LookupOutcome>();
      for (const subject of subjects) {
        out.set(
          subject.key,
          await lookupOne(subject, context.signal, Math.min(limits.timeoutMs, context.remainingMs())),
        );
      }
      return out;
    },
  };
}

function toFacts(body: string, contentType: string, countries: CountryIndex): ProviderFact[] {
  const meta =
    contentType === 'application/ld+json'
      ? parseHtmlMetadata(`<script type="application/ld+json">${body}</script>`)
      : parseHtmlMetadata(body);
  const facts: ProviderFact[] = [];
  if (meta.title) facts.push({ field: 'websiteTitle', value: meta.title, confidence: 0.9 });
  if (meta.description) facts.push({ field: 'websiteDescription', value: meta.description, confidence: 0.8 });
  const org = meta.organization;
  if (org?.legalName) facts.push({ field: 'legalName', value: org.legalName, confidence: 0.7 });
  if (org?.employees !== undefined) facts.push({ field: 'employees', value: org.employees, confidence: 0.6 });
  if (org?.industry) facts.push({ field: 'industry', value: org.industry, confidence: 0.5 });
  const country = countries.normalize(org?.country);
  if (country) facts.push({ field: 'country', value: country, confidence: 0.6 });
  return facts;
}
