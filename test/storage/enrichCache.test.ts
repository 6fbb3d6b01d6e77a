import nock from 'nock';
import type { CanonicalLead } from '../../src/domain/lead';
import { factValue } from '../../src/domain/enrichment';
import { createLogger } from '../../src/log/createLogger';
import { createEnricher, type EnricherDeps } from '../../src/enrich/createEnricher';
import { createDnsMxProvider, type DnsResolver } from '../../src/enrich/dnsMxProvider';
import { eraseEnrichment } from '../../src/enrich/eraseEnrichment';
import { ENRICH_USER_AGENT } from '../../src/enrich/enricherVersion';
import { createGleifProvider } from '../../src/enrich/gleifProvider';
import { SKIPPED_CIRCUIT } from '../../src/enrich/providerRunner';
import { createSafeHttpClient, type AddressLookup } from '../../src/enrich/safeHttpClient';
import type { Database } from '../../src/store/database';
import { testDatabaseTargets } from '../helpers/testDatabases';

const logger = createLogger({ level: 'error', format: 'json' });
const publicLookup: AddressLookup = async () => [{ address: '93.184.216.34', family: 4 }];
const resolver: DnsResolver & { calls: number } = {
  calls: 0,
  async resolveMx() {
    this.calls++;
    return [{ exchange: 'acme-es.mail.protection.outlook.com', priority: 0 }];
  },
  async resolveNs(tld) {
    return [`a.nic.${tld}`];
  },
};
const noSleep = async () => undefined;

function lead(id: string, fields: Partial<CanonicalLead> = {}): CanonicalLead {
  return {
    crm: 'salesforce',
    externalId: id,
    modifiedAt: '2025-02-01T00:00:00.000Z',
    email: `person${id}@acme.es`,
    company: 'Acme Ibérica, S.L.',
    country: 'España',
    website: 'https://www.acme.es',
    ...fields,
  };
}

const HOME = `<title>Acme Ibérica</title><script type="application/ld+json">{"@context":"https://schema.org","@type":"Organization","legalName":"Acme Ibérica, S.L.","numberOfEmployees":85}</script>`;
const SPARQL = {
  head: { vars: ['item', 'website', 'industryLabel', 'employees', 'countryCode', 'inception'] },
  results: {
    bindings: [
      {
        item: { type: 'uri', value: 'http://www.wikidata.org/entity/Q4242' },
        website: { type: 'uri', value: 'https://www.acme.es/' },
        industryLabel: { type: 'literal', value: 'software industry', 'xml:lang': 'en' },
        countryCode: { type: 'literal', value: 'ES' },
      },
    ],
  },
};
const GLEIF_EMPTY = {
  meta: { pagination: { currentPage: 1, perPage: 10, from: null, to: null, total: 0, lastPage: 1 } },
  links: {},
  data: [],
};

/** One answer from each provider for acme.es / "Acme Ibérica" in Spain. */
function mockAcmeOnce() {
  return [
    nock('https://acme.es').get('/').reply(200, HOME, { 'content-type': 'text/html' }),
    nock('https://query.wikidata.org')
      .post('/sparql')
      .reply(200, SPARQL, { 'content-type': 'application/sparql-results+json' }),
    nock('https://api.gleif.org')
      .get('/api/v1/lei-records')
      .query(true)
      .reply(200, GLEIF_EMPTY, { 'content-type': 'application/vnd.api+json' }),
  ];
}

describe.each(testDatabaseTargets())('createEnricher with the enrichment cache on $name', (target) => {
  let db: Database;
  const deps = (extra: Partial<EnricherDeps> = {}): EnricherDeps => ({
    db,
    logger,
    settings: { network: true },
    resolver,
    lookupAddress: publicLookup,
    sleep: noSleep,
    // nock fakes the providers' hosts; its sockets report a loopback peer, so the peer check is off here only
    http: createSafeHttpClient({ userAgent: ENRICH_USER_AGENT, lookup: publicLookup, verifyPeerAddress: false }),
    ...extra,
  });

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.query('DELETE FROM enrichment_cache');
    resolver.calls = 0;
  });

  it('looks each distinct subject up once, then serves pages and later runs from the cache', async () => {
    const scopes = mockAcmeOnce();
    const enricher = createEnricher(deps());
    const first = await enricher.enrichPage([lead('1'), lead('2'), lead('3')]);
    scopes.forEach((s) => s.done());
    expect(enricher.summary().lookups).toEqual({ 'dns:mx': 1, website: 1, wikidata: 1, gleif: 1 });
    expect(resolver.calls).toBe(1);

    const facts = first.get('2')!;
    expect(factValue(facts, 'emailType')).toBe('corporate');
    expect(factValue(facts, 'mxProvider')).toBe('microsoft_365');
    expect(factValue(facts, 'legalName')).toBe('Acme Ibérica, S.L.');
    expect(factValue(facts, 'industry')).toBe('software industry');
    expect(facts.facts.find((f) => f.field === 'employees')).toMatchObject({ value: 85, source: 'website' });
    // the CRM's country comes first; the website and Wikidata only add beside it
    expect(facts.facts.filter((f) => f.field === 'country').map((f) => f.source)).toEqual([
      'offline:country',
      'wikidata',
    ]);
    expect(facts.problems).toEqual([]);

    // second page, same company: no request at all (nock has nothing left to answer)
    const second = await enricher.enrichPage([lead('4'), lead('5')]);
    expect(enricher.summary()).toMatchObject({
      network: 'available',
      lookups: { 'dns:mx': 1, website: 1, wikidata: 1, gleif: 1 },
      cacheHits: 4,
      problems: [],
    });
    expect(factValue(second.get('5'), 'websiteTitle')).toBe('Acme Ibérica');

    // a new run reads the database cache
    const nextRun = createEnricher(deps());
    const third = await nextRun.enrichPage([lead('6')]);
    expect(nextRun.summary()).toEqual({
      network: 'available',
      lookups: { 'dns:mx': 0, website: 0, wikidata: 0, gleif: 0 },
      cacheHits: 4,
      problems: [],
    });
    expect(third.get('6')!.pending).toBeUndefined();
    expect(third.get('6')!.facts.find((f) => f.field === 'websiteTitle')).toMatchObject({
      source: 'website',
      confidence: 0.9,
    });
    const { rows } = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM enrichment_cache');
    expect(rows[0]!.n).toBe('4');
  });

  it('makes no network lookups when network enrichment is off', async () => {
    const enricher = createEnricher(deps({ settings: { network: false } }));
    const page = await enricher.enrichPage([lead('1')]);
    expect(factValue(page.get('1'), 'companyNormalized')).toBe('acme iberica');
    expect(enricher.summary()).toEqual({ network: 'off', lookups: {}, cacheHits: 0, problems: [] });
    // what the network would say is unknown: the lead is enriched again once the network is on
    expect(page.get('1')!.pending).toBe(true);
  });

  it('opens the circuit after 3 failures and reports it in the summary', async () => {
    const http = createSafeHttpClient({
      userAgent: 'leadloop-enrich/test',
      lookup: publicLookup,
      verifyPeerAddress: false,
    });
    const scope = nock('https://api.gleif.org')
      .get('/api/v1/lei-records')
      .times(3)
      .query(true)
      .reply(
        500,
        { errors: [{ status: '500', title: 'Internal Server Error' }] },
        { 'content-type': 'application/vnd.api+json' },
      );
    const enricher = createEnricher(deps({ providers: [createGleifProvider({ http })] }));
    const page = await enricher.enrichPage(
      ['Alfa', 'Beta', 'Gamma', 'Delta', 'Epsilon'].map((c, i) => lead(String(i), { company: `${c} Servicios SL` })),
    );
    scope.done();
    expect(enricher.summary()).toEqual({
      network: 'unavailable',
      lookups: { gleif: 3 },
      cacheHits: 0,
      problems: [
        { source: 'gleif', message: 'http_status 500', count: 3 },
        { source: 'gleif', message: SKIPPED_CIRCUIT, count: 2 },
      ],
    });
    expect(page.get('4')!.problems).toEqual([{ source: 'gleif', message: SKIPPED_CIRCUIT }]);
    expect(page.get('4')!.pending).toBe(true);
    // failures are not cached: the next run asks again
    const { rows } = await db.query('SELECT 1 FROM enrichment_cache');
    expect(rows).toHaveLength(0);
  });

  it('keeps nothing and caches nothing when the resolver cannot be reached, and says the network is unavailable', async () => {
    const refused: DnsResolver = {
      resolveMx: async () => {
        throw Object.assign(new Error('queryMx ECONNREFUSED acme.es'), { code: 'ECONNREFUSED' });
      },
      resolveNs: async () => {
        throw Object.assign(new Error('queryNs ECONNREFUSED es'), { code: 'ECONNREFUSED' });
      },
    };
    const enricher = createEnricher(deps({ resolver: refused, providers: [createDnsMxProvider(refused)] }));
    const page = await enricher.enrichPage(
      ['a', 'b', 'c', 'd'].map((d, i) => lead(String(i), { email: `ana@${d}-corp.es` })),
    );
    for (const e of page.values()) {
      expect(e.facts.filter((f) => f.source === 'dns:mx')).toEqual([]);
      expect(e.pending).toBe(true);
    }
    expect(enricher.summary()).toMatchObject({ network: 'unavailable', lookups: { 'dns:mx': 4 } });
    const { rows } = await db.query('SELECT 1 FROM enrichment_cache');
    expect(rows).toHaveLength(0);
  });

  it('never holds a page longer than its budget on a hung provider', async () => {
    const http = createSafeHttpClient({
      userAgent: 'leadloop-enrich/test',
      lookup: publicLookup,
      verifyPeerAddress: false,
    });
    const scope = nock('https://api.gleif.org')
      .get('/api/v1/lei-records')
      .query(true)
      .delay(1500)
      .reply(200, GLEIF_EMPTY, { 'content-type': 'application/vnd.api+json' });
    const enricher = createEnricher(deps({ providers: [createGleifProvider({ http })], pageBudgetMs: 200 }));
    const page = await enricher.enrichPage([lead('1')]);
    // had the page waited for the slow answer, GLEIF would have answered "none" without a problem
    expect(page.get('1')!.problems).toEqual([
      { source: 'gleif', message: 'timeout: no answer within the page budget' },
    ]);
    expect(factValue(page.get('1'), 'emailType')).toBe('corporate');
    scope.done();
  });

  it('erases the answers keyed by a person’s email domain and audits it by hash', async () => {
    const scopes = mockAcmeOnce();
    await createEnricher(deps()).enrichPage([lead('1')]);
    scopes.forEach((s) => s.done());
    const result = await eraseEnrichment(db, { email: ' Person1@Acme.es ', company: 'ACME IBERICA SL' });
    expect(result).toEqual({
      emailHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      domain: 'acme.es',
      cacheEntriesDeleted: 4,
    });
    const { rows } = await db.query('SELECT 1 FROM enrichment_cache');
    expect(rows).toHaveLength(0);
    const audit = await db.query<{ target: string; details: unknown }>(
      "SELECT target, details FROM audit_log WHERE action = 'enrichment.erase'",
    );
    expect(audit.rows.at(-1)!.target).toBe(`email-sha256:${result.emailHash}`);
    expect(JSON.stringify(audit.rows)).not.toContain('acme.es');
  });

  it('keeps shared webmail answers when erasing a gmail address', async () => {
    const result = await eraseEnrichment(db, { email: 'juan@gmail.com' });
    expect(result.domain).toBeUndefined();
    expect(result.cacheEntriesDeleted).toBe(0);
  });
});
