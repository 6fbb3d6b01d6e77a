import type { LookupOutcome, NetworkProvider, ProviderFact, ProviderLimits } from './networkProvider';
import { DAY_MS } from './networkProvider';
import { SafeFetchError } from './safeFetchError';
import type { SafeHttpClient } from './safeHttpClient';

/** https://www.mediawiki.org/wiki/Wikidata_Query_Service/User_Manual — GET or POST `query`, JSON results. */
export const WIKIDATA_SPARQL_URL = 'https://query.wikidata.org/sparql';

/** The W3C SPARQL 1.1 JSON results format (https://www.w3.org/TR/sparql11-results-json/). */
interface SparqlResults {
  head: { vars: string[] };
  results: { bindings: Record<string, { type: string; value: string; datatype?: string }>[] };
}

/**
 * Every spelling of a home page Wikidata's "official website" (P856) holds for a domain:
 * the property stores full URLs, and the query service matches them exactly (an index
 * lookup, unlike a string filter that would scan every company).
 */
export function websiteVariants(domain: string): string[] {
  const out: string[] = [];
  for (const scheme of ['https', 'http'])
    for (const host of [domain, `www.${domain}`]) for (const path of ['/', '']) out.push(`${scheme}://${host}${path}`);
  return out;
}

export function buildWikidataQuery(domains: string[]): string {
  const values = domains
    .flatMap(websiteVariants)
    .map((u) => `<${u}>`)
    .join(' ');
  return `SELECT ?item ?website ?industryLabel ?employees ?countryCode ?inception WHERE {
  VALUES ?website { ${values} }
  ?item wdt:P856 ?website .
  OPTIONAL { ?item wdt:P452 ?industry . }
  OPTIONAL { ?item wdt:P1128 ?employees . }
  OPTIONAL { ?item wdt:P17 ?country . ?country wdt:P297 ?countryCode . }
  OPTIONAL { ?item wdt:P571 ?inception . }
  SERVICE wikibase:label { bd:serviceParam wikibase:language "en,es". }
}`;
}

interface ItemFacts {
  industries: Set<string>;
  employees?: number;
  countries: Set<string>;
  inception?: string;
}

/**
 * Companies by official website on Wikidata: industry (P452), employees (P1128),
 * country (P17 → ISO code P297), inception (P571). Many domains go in one SPARQL query;
 * one request at a time, as the query service asks of bots, and a 429's Retry-After
 * pauses the provider (the enricher's breaker honours `retryAfterMs`).
 */
export function createWikidataProvider(deps: {
  http: SafeHttpClient;
  endpoint?: string;
  timeoutMs?: number;
}): NetworkProvider {
  const limits: ProviderLimits = {
    concurrency: 1,
    minIntervalMs: 1000,
    batchSize: 20,
    timeoutMs: deps.timeoutMs ?? 4000,
    ttlMs: 30 * DAY_MS,
    negativeTtlMs: 14 * DAY_MS,
    breakerThreshold: 3,
    breakerCooldownMs: 10 * 60_000,
  };
  return {
    id: 'wikidata',
    limits,
    subjectFor(_lead, offline) {
      const domain = offline.get('domain');
      return typeof domain === 'string' ? { key: domain, domain } : undefined;
    },
    async lookup(subjects, context) {
      const domains = subjects.map((s) => s.domain!);
      const res = await deps.http.request({
        url: deps.endpoint ?? WIKIDATA_SPARQL_URL,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ query: buildWikidataQuery(domains), format: 'json' }).toString(),
        accept: ['application/sparql-results+json', 'application/json'],
        signal: context.signal,
        timeoutMs: Math.min(limits.timeoutMs, context.remainingMs()),
      });
      const results = parseResults(res.body);
      const byDomain = new Map<string, Map<string, ItemFacts>>();
      const domainOf = new Map(domains.flatMap((d) => websiteVariants(d).map((u) => [u, d] as const)));
      for (const row of results.results.bindings) {
        const domain = domainOf.get(row['website']?.value ?? '');
        const item = row['item']?.value.replace(/^https?:\/\/www\.wikidata\.org\/entity\//, '');
        if (!domain || !item) continue;
        const items = byDomain.get(domain) ?? new Map<string, ItemFacts>();
        byDomain.set(domain, items);
        const facts = items.get(item) ?? { industries: new Set<string>(), countries: new Set<string>() };
        items.set(item, facts);
        const industry = row['industryLabel']?.value;
        if (industry && !/^Q\d+$/.test(industry)) facts.industries.add(industry);
        const employees = Number(row['employees']?.value);
        if (row['employees'] && Number.isFinite(employees) && employees >= 0)
          facts.employees = Math.max(facts.employees ?? 0, Math.round(employees));
        if (row['countryCode']?.value) facts.countries.add(row['countryCode'].value.toUpperCase());
        const inception = row['inception']?.value.slice(0, 10);
        if (inception && /^\d{4}-\d{2}-\d{2}$/.test(inception) && (!facts.inception || inception < facts.inception))
          facts.inception = inception;
      }
      const out = new Map<string, LookupOutcome>();
      for (const subject of subjects) {
        const items = byDomain.get(subject.domain!);
        out.set(subject.key, items ? { kind: 'found', facts: toFacts(items) } : { kind: 'none' });
      }
      return out;
    },
  };
}

function parseResults(body: string): SparqlResults {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new SafeFetchError('Wikidata answered with something that is not JSON', 'malformed');
  }
  const bindings = (parsed as SparqlResults | null)?.results?.bindings;
  if (!Array.isArray(bindings)) throw new SafeFetchError('Wikidata answer has no results.bindings', 'malformed');
  return parsed as SparqlResults;
}

/** Several items can share a website (a group and its brand): take the richest, trust it less. */
function toFacts(items: Map<string, ItemFacts>): ProviderFact[] {
  const score = (f: ItemFacts) =>
    f.industries.size + f.countries.size + (f.employees !== undefined ? 2 : 0) + (f.inception ? 1 : 0);
  const [id, best] = [...items.entries()].sort((a, b) => score(b[1]) - score(a[1]) || a[0].localeCompare(b[0]))[0]!;
  const confidence = items.size === 1 ? 0.7 : 0.5;
  const facts: ProviderFact[] = [{ field: 'wikidataId', value: id, confidence }];
  if (best.industries.size)
    facts.push({ field: 'industry', value: [...best.industries].sort().slice(0, 3).join(', '), confidence });
  if (best.employees !== undefined) facts.push({ field: 'employees', value: best.employees, confidence });
  if (best.countries.size === 1) facts.push({ field: 'country', value: [...best.countries][0]!, confidence });
  if (best.inception) facts.push({ field: 'inception', value: best.inception, confidence });
  return facts;
}
