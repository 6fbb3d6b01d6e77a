import { companyMatchKey, normalizeCompany } from './normalizeCompany';
import type { LookupOutcome, NetworkProvider, ProviderFact, ProviderLimits, ProviderSubject } from './networkProvider';
import { DAY_MS } from './networkProvider';
import { SafeFetchError } from './safeFetchError';
import type { SafeHttpClient } from './safeHttpClient';

/** https://www.gleif.org/en/lei-data/gleif-api — JSON:API, no key, 60 requests a minute per user. */
export const GLEIF_API_URL = 'https://api.gleif.org/api/v1';

/** The parts of a GLEIF `lei-records` resource this provider reads. */
interface LeiRecord {
  type: 'lei-records';
  id: string;
  attributes: {
    lei: string;
    entity: {
      legalName: { name: string; language?: string | null };
      legalAddress?: { country?: string | null } | null;
      headquartersAddress?: { country?: string | null } | null;
      status?: string | null;
    };
    registration?: { status?: string | null } | null;
  };
}

/**
 * Legal entities by name in the GLEIF register (companies with an LEI: mostly larger or
 * regulated ones). Searches the legal name as a prefix in the lead's country, then keeps
 * only records whose name, without its legal form, matches the lead's company exactly;
 * several matches are reported with less confidence.
 */
export function createGleifProvider(deps: {
  http: SafeHttpClient;
  baseUrl?: string;
  timeoutMs?: number;
}): NetworkProvider {
  const limits: ProviderLimits = {
    concurrency: 1,
    minIntervalMs: 1000,
    batchSize: 1,
    timeoutMs: deps.timeoutMs ?? 4000,
    ttlMs: 30 * DAY_MS,
    negativeTtlMs: 14 * DAY_MS,
    breakerThreshold: 3,
    breakerCooldownMs: 10 * 60_000,
  };

  async function lookupOne(subject: ProviderSubject, signal: AbortSignal, timeoutMs: number): Promise<LookupOutcome> {
    const url = new URL(`${deps.baseUrl ?? GLEIF_API_URL}/lei-records`);
    // GLEIF filters accept a trailing * as a wildcard; the name is searched without its legal form
    url.searchParams.set('filter[entity.legalName]', `${subject.companyName}*`);
    if (subject.country) url.searchParams.set('filter[entity.legalAddress.country]', subject.country);
    url.searchParams.set('page[size]', '10');
    const res = await deps.http.request({
      url: url.toString(),
      accept: ['application/vnd.api+json', 'application/json'],
      signal,
      timeoutMs,
    });
    const records = parseRecords(res.body);
    const matches = records.filter((r) => companyMatchKey(r.attributes.entity.legalName.name) === subject.companyKey);
    if (matches.length === 0) return { kind: 'none' };
    const record = matches[0]!;
    const confidence = matches.length === 1 ? 0.8 : 0.4;
    const entity = record.attributes.entity;
    const facts: ProviderFact[] = [
      { field: 'lei', value: record.attributes.lei, confidence },
      { field: 'legalName', value: entity.legalName.name, confidence },
    ];
    const status = entity.status ?? record.attributes.registration?.status;
    if (status) facts.push({ field: 'leiStatus', value: status, confidence });
    const country = entity.legalAddress?.country ?? entity.headquartersAddress?.country;
    if (country) facts.push({ field: 'country', value: country.toUpperCase(), confidence });
    return { kind: 'found', facts };
  }

  return {
    id: 'gleif',
    limits,
    subjectFor(lead, offline) {
      const company = normalizeCompany(lead.company);
      if (!company || company.key.length < 3) return undefined;
      const key = company.key;
      const name = company.display;
      const country = offline.get('country');
      const c = typeof country === 'string' ? country : undefined;
      return { key: `${key}|${c ?? ''}`, companyKey: key, companyName: name, ...(c ? { country: c } : {}) };
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

function parseRecords(body: string): LeiRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new SafeFetchError('GLEIF answered with something that is not JSON', 'malformed');
  }
  const data = (parsed as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw new SafeFetchError('GLEIF answer has no data array', 'malformed');
  return data.filter(
    (r): r is LeiRecord =>
      typeof (r as LeiRecord)?.attributes?.lei === 'string' &&
      typeof (r as LeiRecord).attributes.entity?.legalName?.name === 'string',
  );
}
