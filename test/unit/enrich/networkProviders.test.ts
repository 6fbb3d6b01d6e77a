import nock from 'nock';
import { createGleifProvider } from '../../../src/enrich/gleifProvider';
import { createCountryIndex } from '../../../src/enrich/normalizeCountry';
import { SafeFetchError } from '../../../src/enrich/safeFetchError';
import { createSafeHttpClient, type AddressLookup } from '../../../src/enrich/safeHttpClient';
import { createWebsiteProvider } from '../../../src/enrich/websiteProvider';
import { buildWikidataQuery, createWikidataProvider } from '../../../src/enrich/wikidataProvider';

const UA = 'leadloop-enrich/0.1.0 (+https://github.com/leadloop)';
const publicLookup: AddressLookup = async (hostname) =>
  hostname === 'internal.acme.es' ? [{ address: '10.1.2.3', family: 4 }] : [{ address: '93.184.216.34', family: 4 }];
const http = createSafeHttpClient({
  userAgent: UA,
  lookup: publicLookup,
  maxBytes: 64 * 1024,
  verifyPeerAddress: false,
});
const ctx = { signal: new AbortController().signal, remainingMs: () => 5000 };

const HOME = `<!doctype html><html lang="es"><head>
<title>Acme Ibérica | Software de gestión</title>
<meta name="description" content="ERP para pymes en España y México">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Organization","name":"Acme","legalName":"Acme Ibérica, S.L.",
"url":"https://acme.es","numberOfEmployees":{"@type":"QuantitativeValue","value":85},"industry":"Software",
"address":{"@type":"PostalAddress","addressLocality":"Madrid","addressCountry":"ES"}}</script>
</head><body>…</body></html>`;

describe('website provider', () => {
  const provider = createWebsiteProvider({ http, countries: createCountryIndex() });
  const run = (domain: string) => provider.lookup([{ key: domain, domain }], ctx).then((m) => m.get(domain));

  it('reads title, description and the JSON-LD Organization', async () => {
    const scope = nock('https://acme.es', { reqheaders: { 'user-agent': UA } })
      .get('/')
      .reply(200, HOME, { 'content-type': 'text/html; charset=utf-8' });
    expect(await run('acme.es')).toEqual({
      kind: 'found',
      facts: [
        { field: 'websiteTitle', value: 'Acme Ibérica | Software de gestión', confidence: 0.9 },
        { field: 'websiteDescription', value: 'ERP para pymes en España y México', confidence: 0.8 },
        { field: 'legalName', value: 'Acme Ibérica, S.L.', confidence: 0.7 },
        { field: 'employees', value: 85, confidence: 0.6 },
        { field: 'industry', value: 'Software', confidence: 0.5 },
        { field: 'country', value: 'ES', confidence: 0.6 },
      ],
    });
    scope.done();
  });

  it('falls back to http when https cannot connect', async () => {
    // an Error instance: nock 14 never settles a request given a plain { code, message } object
    const tls = nock('https://acme.mx')
      .get('/')
      .replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const plain = nock('http://acme.mx')
      .get('/')
      .reply(200, '<title>Acme México</title>', { 'content-type': 'text/html' });
    expect(await run('acme.mx')).toEqual({
      kind: 'found',
      facts: [{ field: 'websiteTitle', value: 'Acme México', confidence: 0.9 }],
    });
    tls.done();
    plain.done();
  });

  it.each([
    [
      'a 404',
      () => nock('https://acme.es').get('/').reply(404, 'Not found', { 'content-type': 'text/html' }),
      { kind: 'none' },
    ],
    [
      'a PDF',
      () => nock('https://acme.es').get('/').reply(200, '%PDF', { 'content-type': 'application/pdf' }),
      { kind: 'none' },
    ],
    [
      'a page with nothing to read',
      () => nock('https://acme.es').get('/').reply(200, '<html></html>', { 'content-type': 'text/html' }),
      { kind: 'none' },
    ],
    [
      'a 503',
      () => nock('https://acme.es').get('/').reply(503, 'down'),
      { kind: 'failed', message: 'http_status 503' },
    ],
    [
      'a huge body',
      () =>
        nock('https://acme.es')
          .get('/')
          .reply(200, `<title>x</title>${'x'.repeat(100 * 1024)}`, { 'content-type': 'text/html' }),
      { kind: 'failed', message: 'body_too_large' },
    ],
    [
      'a redirect to a private address',
      () => nock('https://acme.es').get('/').reply(302, '', { location: 'http://internal.acme.es/admin' }),
      { kind: 'failed', message: 'blocked_address' },
    ],
    [
      'a redirect to the metadata service',
      () => nock('https://acme.es').get('/').reply(301, '', { location: 'http://169.254.169.254/latest/meta-data/' }),
      { kind: 'failed', message: 'blocked_address' },
    ],
  ])('answers %s', async (_label, mock, expected) => {
    const scope = mock();
    const outcome = await run('acme.es');
    expect(outcome).toMatchObject(expected);
    if (outcome?.kind === 'failed') expect(outcome.cacheForMs).toBeGreaterThan(0);
    scope.done();
  });

  it.each([
    ['ENOTFOUND', "the site's name does not exist: a failure about this site, remembered for a day"],
    ['ECONNREFUSED', 'the resolver could not be asked: unknown, thrown so nothing is cached and the breaker counts it'],
    ['ETIMEOUT', 'the resolver did not answer: unknown'],
  ])('a name lookup failing with %s — %s', async (code) => {
    const failing: AddressLookup = async () => {
      throw Object.assign(new Error(`queryA ${code} acme.es`), { code });
    };
    const site = createWebsiteProvider({
      http: createSafeHttpClient({ userAgent: UA, lookup: failing }),
      countries: createCountryIndex(),
    });
    const outcome = site.lookup([{ key: 'acme.es', domain: 'acme.es' }], ctx);
    if (code === 'ENOTFOUND')
      expect((await outcome).get('acme.es')).toMatchObject({
        kind: 'failed',
        message: 'dns',
        cacheForMs: expect.any(Number),
      });
    else await expect(outcome).rejects.toMatchObject({ code: 'dns' });
  });

  it('gives up on a slow site within the time it was given', async () => {
    const scope = nock('https://acme.es').get('/').delay(2000).reply(200, HOME, { 'content-type': 'text/html' });
    const outcome = await provider.lookup([{ key: 'acme.es', domain: 'acme.es' }], { ...ctx, remainingMs: () => 100 });
    expect(outcome.get('acme.es')).toMatchObject({ kind: 'failed', message: 'timeout' });
    scope.done();
  });
});

/** A WDQS answer in the SPARQL 1.1 JSON results format, as query.wikidata.org returns it. */
function sparqlResults(
  bindings: Record<string, { type: string; value: string; datatype?: string; 'xml:lang'?: string }>[],
) {
  return {
    head: { vars: ['item', 'website', 'industryLabel', 'employees', 'countryCode', 'inception'] },
    results: { bindings },
  };
}

describe('Wikidata provider', () => {
  const provider = createWikidataProvider({ http });
  const SPARQL_JSON = { 'content-type': 'application/sparql-results+json;charset=utf-8' };

  it('finds companies by official website in one SPARQL query for the whole batch', async () => {
    const scope = nock('https://query.wikidata.org', {
      reqheaders: { 'user-agent': UA, accept: /application\/sparql-results\+json/ },
    })
      .post(
        '/sparql',
        (body: Record<string, string>) =>
          body['query'] === buildWikidataQuery(['telefonica.com', 'acme.es']) && body['format'] === 'json',
      )
      .reply(
        200,
        sparqlResults([
          {
            item: { type: 'uri', value: 'http://www.wikidata.org/entity/Q1005' },
            website: { type: 'uri', value: 'https://www.telefonica.com/' },
            industryLabel: { type: 'literal', value: 'telecommunications industry', 'xml:lang': 'en' },
            employees: { type: 'literal', value: '104150', datatype: 'http://www.w3.org/2001/XMLSchema#decimal' },
            countryCode: { type: 'literal', value: 'ES' },
            inception: {
              type: 'literal',
              value: '1924-04-19T00:00:00Z',
              datatype: 'http://www.w3.org/2001/XMLSchema#dateTime',
            },
          },
          {
            item: { type: 'uri', value: 'http://www.wikidata.org/entity/Q1005' },
            website: { type: 'uri', value: 'https://www.telefonica.com/' },
            industryLabel: { type: 'literal', value: 'telecommunications industry', 'xml:lang': 'en' },
            employees: { type: 'literal', value: '98000', datatype: 'http://www.w3.org/2001/XMLSchema#decimal' },
            countryCode: { type: 'literal', value: 'ES' },
          },
        ]),
        SPARQL_JSON,
      );
    const result = await provider.lookup(
      [
        { key: 'telefonica.com', domain: 'telefonica.com' },
        { key: 'acme.es', domain: 'acme.es' },
      ],
      ctx,
    );
    expect(result.get('telefonica.com')).toEqual({
      kind: 'found',
      facts: [
        { field: 'wikidataId', value: 'Q1005', confidence: 0.7 },
        { field: 'industry', value: 'telecommunications industry', confidence: 0.7 },
        { field: 'employees', value: 104150, confidence: 0.7 },
        { field: 'country', value: 'ES', confidence: 0.7 },
        { field: 'inception', value: '1924-04-19', confidence: 0.7 },
      ],
    });
    expect(result.get('acme.es')).toEqual({ kind: 'none' });
    scope.done();
  });

  it('asks for every spelling of the home page', () => {
    const query = buildWikidataQuery(['acme.es']);
    for (const url of ['https://acme.es/', 'https://www.acme.es/', 'http://acme.es', 'http://www.acme.es/'])
      expect(query).toContain(`<${url}>`);
    expect(query).toContain('wdt:P856');
  });

  it('passes on a 429 with its Retry-After', async () => {
    const scope = nock('https://query.wikidata.org')
      .post('/sparql')
      .reply(429, 'Too Many Requests', { 'retry-after': '30' });
    const error = await provider.lookup([{ key: 'acme.es', domain: 'acme.es' }], ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SafeFetchError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 30_000 });
    scope.done();
  });

  it.each([
    ['not JSON', '<html>oops</html>'],
    ['JSON without bindings', JSON.stringify({ head: { vars: [] } })],
  ])('throws on a malformed answer: %s', async (_label, body) => {
    const scope = nock('https://query.wikidata.org').post('/sparql').reply(200, body, SPARQL_JSON);
    await expect(provider.lookup([{ key: 'acme.es', domain: 'acme.es' }], ctx)).rejects.toMatchObject({
      code: 'malformed',
    });
    scope.done();
  });
});

/** A GLEIF `lei-records` JSON:API document, trimmed to the fields a record carries. */
function leiRecord(lei: string, name: string, country: string, status = 'ACTIVE') {
  const address = {
    language: 'es',
    addressLines: ['Calle Mayor 1'],
    addressNumber: null,
    addressNumberWithinBuilding: null,
    mailRouting: null,
    city: 'Madrid',
    region: 'ES-MD',
    country,
    postalCode: '28001',
  };
  return {
    type: 'lei-records',
    id: lei,
    attributes: {
      lei,
      entity: {
        legalName: { name, language: 'es' },
        otherNames: [],
        transliteratedOtherNames: [],
        legalAddress: address,
        headquartersAddress: address,
        registeredAt: { id: 'RA000533', other: null },
        registeredAs: 'B12345678',
        jurisdiction: country,
        category: 'GENERAL',
        legalForm: { id: '5RDO', other: null },
        status,
        expiration: { date: null, reason: null },
      },
      registration: {
        initialRegistrationDate: '2014-02-11T10:00:00Z',
        lastUpdateDate: '2025-01-10T08:00:00Z',
        status: 'ISSUED',
        nextRenewalDate: '2026-02-11T10:00:00Z',
        managingLou: '5493001KJTIIGC8Y1R12',
        corroborationLevel: 'FULLY_CORROBORATED',
      },
      bic: null,
      mic: null,
      ocid: null,
      spglobal: [],
      conformityFlag: 'CONFORMING',
    },
    relationships: {},
    links: { self: `https://api.gleif.org/api/v1/lei-records/${lei}` },
  };
}
const gleifPage = (data: unknown[]) => ({
  meta: {
    goldenCopy: { publishDate: '2025-03-01T08:00:00Z' },
    pagination: {
      currentPage: 1,
      perPage: 10,
      from: data.length ? 1 : null,
      to: data.length || null,
      total: data.length,
      lastPage: 1,
    },
  },
  links: { first: 'https://api.gleif.org/api/v1/lei-records?page%5Bnumber%5D=1&page%5Bsize%5D=10' },
  data,
});

describe('GLEIF provider', () => {
  const provider = createGleifProvider({ http });
  const lead = {
    crm: 'salesforce' as const,
    externalId: '1',
    modifiedAt: '2025-01-01T00:00:00Z',
    company: 'Acme Ibérica, S.L.',
  };
  const JSONAPI = { 'content-type': 'application/vnd.api+json' };

  it('keys the lookup by company and country', () => {
    expect(provider.subjectFor(lead, new Map([['country', 'ES']]))).toEqual({
      key: 'acme iberica|ES',
      companyKey: 'acme iberica',
      companyName: 'Acme Ibérica',
      country: 'ES',
    });
    expect(provider.subjectFor({ ...lead, company: 'SA' }, new Map())).toBeUndefined();
  });

  it('searches the legal name in the country and keeps the exact match', async () => {
    const scope = nock('https://api.gleif.org', { reqheaders: { 'user-agent': UA } })
      .get('/api/v1/lei-records')
      .query({
        'filter[entity.legalName]': 'Acme Ibérica*',
        'filter[entity.legalAddress.country]': 'ES',
        'page[size]': '10',
      })
      .reply(
        200,
        gleifPage([
          leiRecord('959800ABCDEF12345678', 'ACME IBERICA SOCIEDAD LIMITADA', 'ES'),
          leiRecord('959800ZZZZZZ12345678', 'ACME IBERICA SERVICIOS SL', 'ES'),
        ]),
        JSONAPI,
      );
    const subject = provider.subjectFor(lead, new Map([['country', 'ES']]))!;
    const result = await provider.lookup([subject], ctx);
    expect(result.get(subject.key)).toEqual({
      kind: 'found',
      facts: [
        { field: 'lei', value: '959800ABCDEF12345678', confidence: 0.8 },
        { field: 'legalName', value: 'ACME IBERICA SOCIEDAD LIMITADA', confidence: 0.8 },
        { field: 'leiStatus', value: 'ACTIVE', confidence: 0.8 },
        { field: 'country', value: 'ES', confidence: 0.8 },
      ],
    });
    scope.done();
  });

  it('answers none for an empty result', async () => {
    const scope = nock('https://api.gleif.org')
      .get('/api/v1/lei-records')
      .query(true)
      .reply(200, gleifPage([]), JSONAPI);
    const subject = provider.subjectFor(lead, new Map())!;
    expect((await provider.lookup([subject], ctx)).get(subject.key)).toEqual({ kind: 'none' });
    scope.done();
  });

  it.each([
    [
      'a 500',
      () =>
        nock('https://api.gleif.org')
          .get('/api/v1/lei-records')
          .query(true)
          .reply(500, { errors: [{ status: '500', title: 'Internal Server Error' }] }, JSONAPI),
      'http_status',
    ],
    [
      'a body that is not JSON',
      () =>
        nock('https://api.gleif.org')
          .get('/api/v1/lei-records')
          .query(true)
          .reply(200, '<html>maintenance</html>', JSONAPI),
      'malformed',
    ],
  ])('throws on %s', async (_label, mock, code) => {
    const scope = mock();
    const subject = provider.subjectFor(lead, new Map())!;
    await expect(provider.lookup([subject], ctx)).rejects.toMatchObject({ code });
    scope.done();
  });
});
