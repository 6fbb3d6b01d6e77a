import type { LookupOutcome, NetworkProvider, ProviderFact, ProviderLimits } from './networkProvider';
import { DAY_MS } from './networkProvider';

/** The part of node:dns/promises' Resolver the MX provider uses (injectable in tests). */
export interface DnsResolver {
  resolveMx(hostname: string): Promise<{ exchange: string; priority: number }[]>;
  /** Used once per top-level domain to check that the resolver really answers for public DNS. */
  resolveNs(hostname: string): Promise<string[]>;
}

/** Mail hosts by the MX exchange name; first match wins. */
const MX_HOSTS: readonly (readonly [string, RegExp])[] = [
  ['google_workspace', /(^|\.)(google\.com|googlemail\.com)$/],
  ['microsoft_365', /(^|\.)(outlook\.com|office365\.us)$/],
  ['zoho', /(^|\.)zoho(mail)?\.(com|eu|in|com\.au|jp|com\.cn|sa)$/],
  ['proofpoint', /(^|\.)(pphosted\.com|ppe-hosted\.com)$/],
  ['mimecast', /(^|\.)mimecast(-offshore)?\.(com|co\.za)$/],
  ['barracuda', /(^|\.)barracudanetworks\.com$/],
  ['cisco_secure_email', /(^|\.)iphmx\.com$/],
  ['godaddy', /(^|\.)secureserver\.net$/],
  ['ovh', /(^|\.)ovh\.net$/],
  ['ionos', /(^|\.)(ionos\.[a-z.]+|kundenserver\.de|1and1\.[a-z.]+)$/],
  ['hostinger', /(^|\.)hostinger\.[a-z.]+$/],
  ['titan', /(^|\.)titan\.email$/],
  ['fastmail', /(^|\.)messagingengine\.com$/],
  ['proton', /(^|\.)(protonmail\.ch|proton\.me)$/],
  ['yandex', /(^|\.)yandex\.(net|ru)$/],
  ['icloud', /(^|\.)icloud\.com$/],
  ['rackspace', /(^|\.)emailsrvr\.com$/],
  ['amazon_ses', /(^|\.)amazonaws\.com$/],
  ['mailgun', /(^|\.)mailgun\.org$/],
];

/** Which service hosts a domain's mail, from its MX exchanges. */
export function detectMxProvider(domain: string, exchanges: string[]): string {
  for (const exchange of exchanges) {
    const host = exchange.toLowerCase().replace(/\.$/, '');
    for (const [name, pattern] of MX_HOSTS) if (pattern.test(host)) return name;
  }
  if (exchanges.some((e) => e.toLowerCase().replace(/\.$/, '').endsWith(`.${domain}`))) return 'self_hosted';
  return 'other';
}

/**
 * What a resolver error means, by the c-ares codes node:dns reports
 * (https://nodejs.org/api/dns.html#error-codes). Only two are answers about the domain:
 * ENOTFOUND ("Domain name not found": the name server said NXDOMAIN) and ENODATA ("DNS
 * server returned an answer with no data": the name exists, it has no MX). Everything
 * else — ECONNREFUSED ("Could not contact DNS servers"), ETIMEOUT, ESERVFAIL, EREFUSED,
 * EBADRESP, ECANCELLED … — says that the lookup could not be made: unknown, never a fact.
 * (`dns.lookup`/getaddrinfo is different: its ENOTFOUND also covers an unreachable
 * resolver, which is why this provider asks a Resolver, not the system lookup.)
 */
export const AUTHORITATIVE_DNS_CODES: ReadonlySet<string> = new Set(['ENOTFOUND', 'ENODATA']);

/**
 * Does the email domain accept mail, and who hosts it. A negative answer (NXDOMAIN, no MX,
 * RFC 7505 null MX ".") becomes a fact only once the resolver has shown it can see public
 * DNS: it must resolve the NS records of the domain's top-level domain (once per TLD and
 * run). A resolver that says NXDOMAIN to "com" itself — a captive or offline stub
 * resolver answers every name that way — is not answering for the domain, so its
 * negative answers are failures like a timeout. Failures throw: the breaker counts them
 * and the enricher keeps nothing.
 */
export function createDnsMxProvider(resolver: DnsResolver, options: { timeoutMs?: number } = {}): NetworkProvider {
  const limits: ProviderLimits = {
    concurrency: 8,
    minIntervalMs: 0,
    batchSize: 1,
    timeoutMs: options.timeoutMs ?? 2000,
    ttlMs: 14 * DAY_MS,
    negativeTtlMs: 2 * DAY_MS,
    breakerThreshold: 3,
    breakerCooldownMs: 5 * 60_000,
  };
  // only successful checks are kept: a failed one is asked again (the breaker bounds how often)
  const verifiedTlds = new Map<string, Promise<void>>();

  function verifyTld(domain: string, withinMs: number): Promise<void> {
    const tld = domain.slice(domain.lastIndexOf('.') + 1);
    let check = verifiedTlds.get(tld);
    if (!check) {
      check = withTimeout(resolver.resolveNs(tld), withinMs, `NS lookup for .${tld} timed out`).then(
        (servers) => {
          if (servers.length === 0)
            throw Object.assign(new Error(`the resolver knows no name servers for .${tld}`), { code: 'EUNVERIFIED' });
        },
        (error: NodeJS.ErrnoException) => {
          throw Object.assign(
            new Error(
              `the resolver cannot resolve .${tld} (${error.code ?? 'error'}): its negative answers are not trusted`,
            ),
            { code: 'EUNVERIFIED' },
          );
        },
      );
      verifiedTlds.set(tld, check);
      check.catch(() => verifiedTlds.delete(tld));
    }
    return check;
  }

  return {
    id: 'dns:mx',
    limits,
    subjectFor(_lead, offline) {
      const type = offline.get('emailType');
      const domain = offline.get('emailDomain');
      if ((type !== 'corporate' && type !== 'role') || typeof domain !== 'string') return undefined;
      return { key: domain, emailDomain: domain };
    },
    async lookup(subjects, context) {
      const out = new Map<string, LookupOutcome>();
      for (const subject of subjects) {
        const domain = subject.emailDomain!;
        const within = () => Math.min(limits.timeoutMs, context.remainingMs());
        let facts: ProviderFact[];
        try {
          facts = mxFacts(
            domain,
            await withTimeout(resolver.resolveMx(domain), within(), `MX lookup for ${domain} timed out`),
          );
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? '';
          if (!AUTHORITATIVE_DNS_CODES.has(code))
            throw Object.assign(new Error(`MX lookup failed (${code || 'error'})`), { code });
          // NXDOMAIN: no such domain. ENODATA: no MX (mail may still go to the A record, so less sure).
          facts = [{ field: 'mxAcceptsMail', value: false, confidence: code === 'ENOTFOUND' ? 0.95 : 0.6 }];
        }
        if (facts.some((f) => f.field === 'mxAcceptsMail' && f.value === false)) await verifyTld(domain, within());
        out.set(subject.key, { kind: 'found', facts });
      }
      return out;
    },
  };
}

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(message), { code: 'ETIMEOUT' })), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function mxFacts(domain: string, records: { exchange: string; priority: number }[]): ProviderFact[] {
  const exchanges = [...records]
    .sort((a, b) => a.priority - b.priority)
    .map((r) => r.exchange)
    .filter((e) => e && e !== '.');
  if (exchanges.length === 0) return [{ field: 'mxAcceptsMail', value: false, confidence: 1 }];
  return [
    { field: 'mxAcceptsMail', value: true, confidence: 0.95 },
    { field: 'mxProvider', value: detectMxProvider(domain, exchanges), confidence: 0.9 },
  ];
}
