import type { LookupOutcome, NetworkProvider, ProviderFact, ProviderLimits } from './networkProvider';
import { DAY_MS } from './networkProvider';

/** The part of node:dns/promises' Resolver the MX provider uses (injectable in tests). */
export interface DnsResolver {
  resolveMx(hostname: string): Promise<{ exchange: string; priority: number }[]>;
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

/** DNS answers that say something about the domain itself (not about our resolver). */
const DEFINITE = new Set(['ENOTFOUND', 'ENODATA']);

/**
 * Does the email domain accept mail, and who hosts it. NXDOMAIN and "no MX" are answers
 * (cached); resolver timeouts and SERVFAIL are failures (the breaker counts them).
 * RFC 7505 null MX (a single "." exchange) means the domain accepts no mail.
 */
export function createDnsMxProvider(resolver: DnsResolver, options: { timeoutMs?: number } = {}): NetworkProvider {
  const limits: ProviderLimits = {
    concurrency: 8, minIntervalMs: 0, batchSize: 1, timeoutMs: options.timeoutMs ?? 2000,
    ttlMs: 14 * DAY_MS, negativeTtlMs: 2 * DAY_MS, breakerThreshold: 3, breakerCooldownMs: 5 * 60_000,
  };
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
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(Object.assign(new Error(`MX lookup for ${domain} timed out`), { code: 'ETIMEOUT' })), Math.min(limits.timeoutMs, context.remainingMs()));
        });
        try {
          const records = await Promise.race([resolver.resolveMx(domain), timeout]);
          out.set(subject.key, { kind: 'found', facts: mxFacts(domain, records) });
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? '';
          if (!DEFINITE.has(code)) throw Object.assign(new Error(`MX lookup failed (${code || 'error'})`), { code });
          // NXDOMAIN: no such domain. ENODATA: no MX (mail may still go to the A record, so less sure).
          out.set(subject.key, { kind: 'found', facts: [{ field: 'mxAcceptsMail', value: false, confidence: code === 'ENOTFOUND' ? 0.95 : 0.6 }] });
        } finally {
          clearTimeout(timer);
        }
      }
      return out;
    },
  };
}

function mxFacts(domain: string, records: { exchange: string; priority: number }[]): ProviderFact[] {
  const exchanges = [...records].sort((a, b) => a.priority - b.priority).map((r) => r.exchange).filter((e) => e && e !== '.');
  if (exchanges.length === 0) return [{ field: 'mxAcceptsMail', value: false, confidence: 1 }];
  return [
    { field: 'mxAcceptsMail', value: true, confidence: 0.95 },
    { field: 'mxProvider', value: detectMxProvider(domain, exchanges), confidence: 0.9 },
  ];
}
