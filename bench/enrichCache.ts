/**
 * Enrichment benchmark (child of runAll): LEADS synthetic leads in pages of 200 through the
 * real enricher and its database cache, with a local fake network provider (nothing leaves
 * the machine). A cold run starts from an empty cache; a warm run is a new enricher (empty
 * memory) over the same database. Prints one JSON line.
 * Run: `node dist/bench/enrichCache.js [leads]`.
 */
import { Writable } from 'node:stream';
import type { CanonicalLead } from '../src/domain/lead';
import { createEnricher } from '../src/enrich/createEnricher';
import { DAY_MS, type LookupOutcome, type NetworkProvider } from '../src/enrich/networkProvider';
import { createLogger } from '../src/log/createLogger';
import { openDatabase } from '../src/store/openDatabase';

const PAGE = 200;
/** Distinct company domains in the synthetic org: many leads share a company. */
const DOMAINS = 2_000;

function fakeProvider(counter: { requests: number; subjects: number }): NetworkProvider {
  return {
    id: 'bench:fake',
    limits: {
      concurrency: 4,
      minIntervalMs: 0,
      batchSize: 50,
      timeoutMs: 2_000,
      ttlMs: 30 * DAY_MS,
      negativeTtlMs: 7 * DAY_MS,
      breakerThreshold: 5,
      breakerCooldownMs: 60_000,
    },
    subjectFor(lead) {
      const domain = lead.email?.split('@')[1];
      return domain ? { key: domain, domain } : undefined;
    },
    async lookup(subjects) {
      counter.requests++;
      counter.subjects += subjects.length;
      const out = new Map<string, LookupOutcome>();
      for (const s of subjects)
        out.set(s.key, { kind: 'found', facts: [{ field: 'employees', value: 120, confidence: 0.8 }] });
      return out;
    },
  };
}

function lead(i: number): CanonicalLead {
  return {
    crm: 'sugarcrm',
    externalId: `lead-${i}`,
    modifiedAt: '2026-03-01T00:00:00.000Z',
    firstName: 'Ana',
    lastName: `Lead${i}`,
    company: `Company ${i % DOMAINS}`,
    email: `user${i}@company${i % DOMAINS}.example`,
    phone: null,
    title: 'VP Sales',
    industry: null,
    country: 'ES',
    employees: null,
    website: null,
    leadSource: 'Web',
    unsubscribed: false,
  };
}

async function pass(count: number, db: Awaited<ReturnType<typeof openDatabase>>) {
  const counter = { requests: 0, subjects: 0 };
  const logger = createLogger({
    level: 'error',
    format: 'json',
    stream: new Writable({ write: (_c, _e, cb) => cb() }),
  } as Parameters<typeof createLogger>[0]);
  const enricher = createEnricher({ db, logger, settings: { network: true }, providers: [fakeProvider(counter)] });
  const started = process.hrtime.bigint();
  for (let from = 0; from < count; from += PAGE) {
    const page: CanonicalLead[] = [];
    for (let i = from; i < Math.min(count, from + PAGE); i++) page.push(lead(i));
    await enricher.enrichPage(page);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const summary = enricher.summary();
  return {
    seconds,
    requests: counter.requests,
    lookups: counter.subjects,
    cacheHits: summary.cacheHits,
    lookupsPer1000: Number(((1000 * counter.subjects) / count).toFixed(1)),
  };
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 10_000);
  const db = await openDatabase({ dataDir: 'memory' });
  const cold = await pass(count, db);
  const warm = await pass(count, db);
  await db.close();
  console.log(
    JSON.stringify({
      leads: count,
      distinctDomains: Math.min(count, DOMAINS),
      cold,
      warm,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
