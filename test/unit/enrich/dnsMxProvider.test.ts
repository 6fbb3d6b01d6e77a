import { createDnsMxProvider, detectMxProvider, type DnsResolver } from '../../../src/enrich/dnsMxProvider';

const NEVER = new AbortController().signal;
const ctx = { signal: NEVER, remainingMs: () => 5000 };

function resolverFrom(table: Record<string, { exchange: string; priority: number }[] | string>): DnsResolver & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async resolveMx(hostname) {
      calls.push(hostname);
      const answer = table[hostname];
      if (answer === undefined || typeof answer === 'string') throw Object.assign(new Error(`queryMx ${answer ?? 'ENOTFOUND'} ${hostname}`), { code: answer ?? 'ENOTFOUND' });
      return answer;
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
    ['a Google Workspace domain', 'acme.es', [{ field: 'mxAcceptsMail', value: true, confidence: 0.95 }, { field: 'mxProvider', value: 'google_workspace', confidence: 0.9 }]],
    ['a null MX (RFC 7505)', 'nomail.es', [{ field: 'mxAcceptsMail', value: false, confidence: 1 }]],
    ['a domain that does not exist', 'gone.es', [{ field: 'mxAcceptsMail', value: false, confidence: 0.95 }]],
    ['a domain without MX records', 'nomx.es', [{ field: 'mxAcceptsMail', value: false, confidence: 0.6 }]],
  ])('answers %s', async (_label, domain, facts) => {
    const resolver = resolverFrom({
      'acme.es': [{ exchange: 'alt1.aspmx.l.google.com', priority: 5 }, { exchange: 'aspmx.l.google.com', priority: 1 }],
      'nomail.es': [{ exchange: '.', priority: 0 }],
      'nomx.es': 'ENODATA',
    });
    const result = await createDnsMxProvider(resolver).lookup([subject(domain)], ctx);
    expect(result.get(domain)).toEqual({ kind: 'found', facts });
  });

  it('throws on a resolver failure so the breaker counts it', async () => {
    const provider = createDnsMxProvider(resolverFrom({ 'acme.es': 'ESERVFAIL' }));
    await expect(provider.lookup([subject('acme.es')], ctx)).rejects.toMatchObject({ code: 'ESERVFAIL' });
  });

  it('times out a resolver that never answers', async () => {
    const hanging: DnsResolver = { resolveMx: () => new Promise(() => undefined) };
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
    expect(provider.subjectFor(lead, new Map<string, string>([['emailType', emailType], ['emailDomain', emailDomain]]))?.key).toBe(key);
  });
});
