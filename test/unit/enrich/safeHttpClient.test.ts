import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import nock from 'nock';
import { createSafeHttpClient, type AddressLookup } from '../../../src/enrich/safeHttpClient';
import { SafeFetchError } from '../../../src/enrich/safeFetchError';

const UA = 'leadloop-enrich/0.1.0 (+https://github.com/leadloop)';
const PUBLIC = '93.184.216.34';
const HTML = ['text/html', 'application/xhtml+xml'];

/** A lookup that answers from a table; names not in it fail like NXDOMAIN. */
function tableLookup(table: Record<string, string[]>): AddressLookup {
  return async (hostname) => {
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

async function refusal(promise: Promise<unknown>): Promise<SafeFetchError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SafeFetchError);
  return error as SafeFetchError;
}

describe('createSafeHttpClient: SSRF guard against a loopback canary', () => {
  let canary: http.Server;
  let port: number;
  let hits: string[];

  beforeAll(async () => {
    hits = [];
    canary = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/html' }).end('<title>internal</title>');
    });
    await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
    port = (canary.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => canary.close(() => resolve())));
  beforeEach(() => {
    hits = [];
  });
  afterEach(() => {
    // every case must have been refused before a byte reached the canary
    expect(hits).toEqual([]);
  });

  const client = (lookup: AddressLookup) =>
    createSafeHttpClient({ userAgent: UA, lookup, allowedPorts: new Set([80, 443, port]) });
  const loopbackNames = tableLookup({
    'evil.example': ['127.0.0.1'],
    'mixed.example': [PUBLIC, '127.0.0.1'],
    'v6.example': ['::1'],
    localhost: ['127.0.0.1', '::1'],
  });

  it('the canary does answer a plain request (so a zero count means something)', async () => {
    await new Promise<void>((resolve) =>
      http.get(`http://127.0.0.1:${port}/probe`, (res) => res.resume().on('end', resolve)),
    );
    expect(hits).toEqual(['/probe']);
    hits = [];
  });

  it.each([
    ['dotted loopback', (p: number) => `http://127.0.0.1:${p}/`],
    ['decimal integer', (p: number) => `http://2130706433:${p}/`],
    ['octal', (p: number) => `http://017700000001:${p}/`],
    ['short form', (p: number) => `http://127.1:${p}/`],
    ['hex', (p: number) => `http://0x7f.1:${p}/`],
    ['zero', (p: number) => `http://0:${p}/`],
    ['IPv4-mapped IPv6', (p: number) => `http://[::ffff:127.0.0.1]:${p}/`],
    ['IPv6 loopback', (p: number) => `http://[::1]:${p}/`],
    ['a name resolving to loopback', (p: number) => `http://evil.example:${p}/`],
    ['a name resolving to a public and a loopback address', (p: number) => `http://mixed.example:${p}/`],
    ['a name resolving to IPv6 loopback', (p: number) => `http://v6.example:${p}/`],
    ['localhost', (p: number) => `http://localhost:${p}/`],
  ])('refuses %s', async (_label, url) => {
    const error = await refusal(client(loopbackNames).request({ url: url(port), accept: HTML }));
    expect(error.code).toBe('blocked_address');
  });

  it.each([
    ['the cloud metadata service', 'http://169.254.169.254/latest/meta-data/'],
    ['a private network', 'http://10.0.0.5/'],
    ['CGNAT', 'http://100.64.0.1/'],
    ['multicast', 'http://224.0.0.1/'],
    ['unique-local IPv6', 'http://[fd00::1]/'],
    ['NAT64 embedding loopback', 'http://[64:ff9b::7f00:1]/'],
  ])('refuses %s', async (_label, url) => {
    const error = await refusal(client(loopbackNames).request({ url, accept: HTML }));
    expect(error.code).toBe('blocked_address');
  });

  it('refuses a redirect to the canary and to a name that resolves to it', async () => {
    const lookup = tableLookup({ 'site.example': [PUBLIC], 'evil.example': ['127.0.0.1'] });
    const scope = nock('http://site.example')
      .get('/a')
      .reply(302, '', { location: `http://127.0.0.1:${port}/` })
      .get('/b')
      .reply(301, '', { location: `http://evil.example:${port}/x` });
    expect((await refusal(client(lookup).request({ url: 'http://site.example/a', accept: HTML }))).code).toBe(
      'blocked_address',
    );
    expect((await refusal(client(lookup).request({ url: 'http://site.example/b', accept: HTML }))).code).toBe(
      'blocked_address',
    );
    scope.done();
  });

  it('refuses a DNS answer that turns to loopback between the check and the connect (rebinding)', async () => {
    let calls = 0;
    const rebinding: AddressLookup = async () => [{ address: calls++ === 0 ? PUBLIC : '127.0.0.1', family: 4 }];
    // let the request reach the real socket layer so the Agent's own lookup runs
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost|rebind\.example)(:\d+)?$/);
    try {
      const error = await refusal(client(rebinding).request({ url: `http://rebind.example:${port}/`, accept: HTML }));
      expect(error.code).toBe('blocked_address');
      expect(calls).toBe(2);
    } finally {
      nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);
    }
  });

  it('refuses other schemes, credentials and ports', async () => {
    const lookup = tableLookup({ 'site.example': [PUBLIC] });
    const plain = createSafeHttpClient({ userAgent: UA, lookup });
    expect((await refusal(plain.request({ url: 'file:///etc/passwd', accept: HTML }))).code).toBe('bad_url');
    expect((await refusal(plain.request({ url: 'http://u:p@site.example/', accept: HTML }))).code).toBe('bad_url');
    expect((await refusal(plain.request({ url: 'http://site.example:6379/', accept: HTML }))).code).toBe(
      'blocked_port',
    );
  });
});

describe('createSafeHttpClient: limits', () => {
  const lookup = tableLookup({ 'site.example': [PUBLIC], 'other.example': [PUBLIC] });
  // nock fakes these hosts; its sockets report a loopback peer, so the peer check is off here only
  const client = createSafeHttpClient({
    userAgent: UA,
    lookup,
    maxBytes: 1024,
    timeoutMs: 2000,
    verifyPeerAddress: false,
  });

  it('fetches HTML with an honest User-Agent, following up to 3 redirects', async () => {
    const scope = nock('http://site.example', { reqheaders: { 'user-agent': UA } })
      .get('/1')
      .reply(301, '', { location: '/2' })
      .get('/2')
      .reply(302, '', { location: 'http://other.example/3' });
    const other = nock('http://other.example', { reqheaders: { 'user-agent': UA } })
      .get('/3')
      .reply(307, '', { location: '/4' })
      .get('/4')
      .reply(200, '<title>Acme</title>', { 'content-type': 'text/html; charset=utf-8' });
    const res = await client.request({ url: 'http://site.example/1', accept: HTML });
    expect(res).toMatchObject({
      url: 'http://other.example/4',
      status: 200,
      contentType: 'text/html',
      body: '<title>Acme</title>',
    });
    scope.done();
    other.done();
  });

  it('stops after 3 redirects', async () => {
    const scope = nock('http://site.example')
      .get('/1')
      .reply(302, '', { location: '/2' })
      .get('/2')
      .reply(302, '', { location: '/3' })
      .get('/3')
      .reply(302, '', { location: '/4' })
      .get('/4')
      .reply(302, '', { location: '/5' });
    expect((await refusal(client.request({ url: 'http://site.example/1', accept: HTML }))).code).toBe(
      'too_many_redirects',
    );
    scope.done();
  });

  it.each([
    [
      'a declared length over the cap',
      () =>
        nock('http://site.example')
          .get('/')
          .reply(200, 'x'.repeat(2048), { 'content-type': 'text/html', 'content-length': '2048' }),
    ],
    [
      'a chunked body over the cap',
      () =>
        nock('http://site.example')
          .get('/')
          .reply(200, () => 'x'.repeat(4096), { 'content-type': 'text/html' }),
    ],
    [
      'a gzip body that expands over the cap',
      () =>
        nock('http://site.example')
          .get('/')
          .reply(200, zlib.gzipSync(Buffer.alloc(1_000_000)), {
            'content-type': 'text/html',
            'content-encoding': 'gzip',
          }),
    ],
  ])('refuses %s', async (_label, mock) => {
    const scope = mock();
    expect((await refusal(client.request({ url: 'http://site.example/', accept: HTML }))).code).toBe('body_too_large');
    scope.done();
  });

  it('decompresses a gzip body under the cap', async () => {
    const scope = nock('http://site.example')
      .get('/')
      .reply(200, zlib.gzipSync('<title>Zip</title>'), { 'content-type': 'text/html', 'content-encoding': 'gzip' });
    expect((await client.request({ url: 'http://site.example/', accept: HTML })).body).toBe('<title>Zip</title>');
    scope.done();
  });

  it('refuses a content type it was not asked for', async () => {
    const scope = nock('http://site.example').get('/').reply(200, 'PNG', { 'content-type': 'image/png' });
    expect((await refusal(client.request({ url: 'http://site.example/', accept: HTML }))).code).toBe(
      'bad_content_type',
    );
    scope.done();
  });

  it('gives up after its time cap', async () => {
    const scope = nock('http://site.example')
      .get('/')
      .delay(1000)
      .reply(200, '<title>late</title>', { 'content-type': 'text/html' });
    const error = await refusal(client.request({ url: 'http://site.example/', accept: HTML, timeoutMs: 100 }));
    expect(error.code).toBe('timeout');
    scope.done();
  });

  it('reports a 5xx with its Retry-After', async () => {
    const scope = nock('http://site.example').get('/').reply(503, 'busy', { 'retry-after': '120' });
    const error = await refusal(client.request({ url: 'http://site.example/', accept: HTML }));
    expect(error).toMatchObject({ code: 'http_status', status: 503, retryAfterMs: 120_000 });
    scope.done();
  });

  it('reports a name that does not resolve', async () => {
    expect((await refusal(client.request({ url: 'http://nowhere.example/', accept: HTML }))).code).toBe('dns');
  });
});
