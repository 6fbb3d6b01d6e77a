import dgram from 'node:dgram';
import { createDnsResolver, parseDnsServers } from '../../../src/enrich/createDnsResolver';
import { createDnsMxProvider, detectMxProvider, type DnsResolver } from '../../../src/enrich/dnsMxProvider';

const NEVER = new AbortController().signal;
const ctx = { signal: NEVER, remainingMs: () => 5000 };

/** Answers MX from `table` (a string is the error code); NS of a TLD answers unless `tlds` says otherwise. */
function resolverFrom(
  table: Record<string, { exchange: string; priority: number }[] | string>,
  tlds: Record<string, string> = {},
): DnsResolver & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async resolveMx(hostname) {
      calls.push(hostname);
      const answer = table[hostname];
      if (answer === undefined || typeof answer === 'string')
        throw Object.assign(new Error(`queryMx ${answer ?? 'ENOTFOUND'} ${hostname}`), { code: answer ?? 'ENOTFOUND' });
      return answer;
    },
    async resolveNs(hostname) {
      calls.push(`NS ${hostname}`);
      const code = tlds[hostname];
      if (code) throw Object.assign(new Error(`queryNs ${code} ${hostname}`), { code });
      return [`a.nic.${hostname}`];
    },
  };
}

describe('detectMxProvider', () => {
  it.each([
    ['acme.es', ['aspmx.l.google.com', 'alt1.aspmx.l.google.com'], 'google_workspace'],
    ['acme.es', ['acme-es.mail.protection.outlook.com'], 'microsoft_365'],
    ['acme.mx', ['mx.zoho.com', 'mx2.zoho.com'], 'zoho'],
    ['acme.com', ['mx0a-001.pphosted.com'], 'proofpoint'],
    ['acme.com', ['us-smtp-inbound-1.mimecast.com'], 'mimecast'],
    ['acme.cl', ['mx1.mail.ovh.net'], 'ovh'],
    ['acme.co', ['mailstore1.secureserver.net'], 'godaddy'],
    ['acme.com', ['mail.acme.com.'], 'self_hosted'],
    ['acme.com', ['mx.somehost.example'], 'other'],
  ])('%s with %p → %s', (domain, exchanges, provider) => {
    expect(detectMxProvider(domain, exchanges)).toBe(provider);
  });
});

describe('createDnsMxProvider', () => {
  const subject = (domain: string) => ({ key: domain, emailDomain: domain });

  it.each([
    [
      'a Google Workspace domain',
      'acme.es',
      [
        { field: 'mxAcceptsMail', value: true, confidence: 0.95 },
        { field: 'mxProvider', value: 'google_workspace', confidence: 0.9 },
      ],
    ],
    ['a null MX (RFC 7505)', 'nomail.es', [{ field: 'mxAcceptsMail', value: false, confidence: 1 }]],
    ['a domain that does not exist', 'gone.es', [{ field: 'mxAcceptsMail', value: false, confidence: 0.95 }]],
    ['a domain without MX records', 'nomx.es', [{ field: 'mxAcceptsMail', value: false, confidence: 0.6 }]],
  ])('answers %s', async (_label, domain, facts) => {
    const resolver = resolverFrom({
      'acme.es': [
        { exchange: 'alt1.aspmx.l.google.com', priority: 5 },
        { exchange: 'aspmx.l.google.com', priority: 1 },
      ],
      'nomail.es': [{ exchange: '.', priority: 0 }],
      'nomx.es': 'ENODATA',
    });
    const result = await createDnsMxProvider(resolver).lookup([subject(domain)], ctx);
    expect(result.get(domain)).toEqual({ kind: 'found', facts });
  });

  // node:dns codes (https://nodejs.org/api/dns.html#error-codes): only NXDOMAIN and NODATA are answers
  it.each(['ECONNREFUSED', 'ETIMEOUT', 'ESERVFAIL', 'EREFUSED', 'EBADRESP', 'ECANCELLED', 'EOF'])(
    'throws on %s (the lookup could not be made) so nothing is kept and the breaker counts it',
    async (code) => {
      const provider = createDnsMxProvider(resolverFrom({ 'acme.es': code }));
      await expect(provider.lookup([subject('acme.es')], ctx)).rejects.toMatchObject({ code });
    },
  );

  it.each([
    ['NXDOMAIN', 'gone.es'],
    ['NODATA', 'nomx.es'],
    ['a null MX', 'nomail.es'],
  ])('does not trust %s from a resolver that cannot resolve the top-level domain itself', async (_label, domain) => {
    // a stub resolver without upstream answers NXDOMAIN for every name, "es" included
    const resolver = resolverFrom(
      { 'nomx.es': 'ENODATA', 'nomail.es': [{ exchange: '.', priority: 0 }] },
      { es: 'ENOTFOUND' },
    );
    await expect(createDnsMxProvider(resolver).lookup([subject(domain)], ctx)).rejects.toMatchObject({
      code: 'EUNVERIFIED',
    });
  });

  it('checks each top-level domain once per run and keeps positive answers unchecked', async () => {
    const resolver = resolverFrom({ 'acme.es': [{ exchange: 'aspmx.l.google.com', priority: 1 }] });
    const provider = createDnsMxProvider(resolver);
    for (const d of ['gone.es', 'acme.es', 'other.es', 'gone.com']) await provider.lookup([subject(d)], ctx);
    expect(resolver.calls).toEqual(['gone.es', 'NS es', 'acme.es', 'other.es', 'gone.com', 'NS com']);
  });

  it('asks the top-level domain again after a failed check (a resolver that comes back is believed)', async () => {
    const tlds: Record<string, string> = { es: 'ECONNREFUSED' };
    const provider = createDnsMxProvider(resolverFrom({}, tlds));
    await expect(provider.lookup([subject('gone.es')], ctx)).rejects.toMatchObject({ code: 'EUNVERIFIED' });
    delete tlds['es'];
    expect((await provider.lookup([subject('gone.es')], ctx)).get('gone.es')).toEqual({
      kind: 'found',
      facts: [{ field: 'mxAcceptsMail', value: false, confidence: 0.95 }],
    });
  });

  it('times out a resolver that never answers', async () => {
    const hanging: DnsResolver = {
      resolveMx: () => new Promise(() => undefined),
      resolveNs: () => new Promise(() => undefined),
    };
    const provider = createDnsMxProvider(hanging, { timeoutMs: 50 });
    await expect(provider.lookup([subject('acme.es')], ctx)).rejects.toMatchObject({ code: 'ETIMEOUT' });
  });

  it.each([
    ['corporate', 'acme.es', 'acme.es'],
    ['role', 'acme.es', 'acme.es'],
    ['free', 'gmail.com', undefined],
    ['disposable', 'mailinator.com', undefined],
  ])('looks up %s email domains only', (emailType, emailDomain, key) => {
    const provider = createDnsMxProvider(resolverFrom({}));
    const lead = { crm: 'salesforce' as const, externalId: '1', modifiedAt: '2025-01-01T00:00:00Z' };
    expect(
      provider.subjectFor(
        lead,
        new Map<string, string>([
          ['emailType', emailType],
          ['emailDomain', emailDomain],
        ]),
      )?.key,
    ).toBe(key);
  });
});

describe('createDnsMxProvider on a real node:dns Resolver', () => {
  it('treats a resolver nobody answers at as a failed lookup, never as "no such domain"', async () => {
    // a UDP port that was just free on 127.0.0.1: queries to it are refused
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const port = socket.address().port;
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    const { resolver, lookupAddress } = createDnsResolver([`127.0.0.1:${port}`]);
    const provider = createDnsMxProvider(resolver);
    await expect(provider.lookup([{ key: 'acme.es', emailDomain: 'acme.es' }], ctx)).rejects.toMatchObject({
      code: expect.stringMatching(/^(ECONNREFUSED|ETIMEOUT)$/),
    });
    await expect(lookupAddress!('acme.es')).rejects.toMatchObject({
      code: expect.stringMatching(/^(ECONNREFUSED|ETIMEOUT)$/),
    });
  });

  it.each([
    [undefined, undefined],
    ['', undefined],
    ['1.1.1.1', ['1.1.1.1']],
    [' 127.0.0.1:5353 , [::1]:53 ', ['127.0.0.1:5353', '[::1]:53']],
  ])('parseDnsServers(%p) is %p', (text, list) => {
    expect(parseDnsServers(text)).toEqual(list);
  });
});
