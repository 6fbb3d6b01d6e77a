import dns from 'node:dns';
import type { DnsResolver } from './dnsMxProvider';
import type { AddressLookup, ResolvedAddress } from './safeHttpClient';

/** What enrichment asks DNS through: MX and NS records, and addresses for outbound requests. */
export interface EnrichmentDns {
  resolver: DnsResolver;
  /** Set only when explicit servers are given; otherwise the HTTP client keeps the system lookup. */
  lookupAddress?: AddressLookup;
}

/**
 * A node:dns Resolver (c-ares) with a 2 s timeout and one try, asking `servers` when given
 * (LEADLOOP_DNS_SERVERS) or the system's configured ones. With explicit servers, website,
 * Wikidata and GLEIF host names are resolved through the same servers (A and AAAA), so
 * no lookup goes anywhere else. An address lookup answers ENOTFOUND only when both
 * families are authoritatively absent; a resolver that cannot be reached fails with its
 * own code (ECONNREFUSED, ETIMEOUT).
 */
export function createDnsResolver(servers?: string[]): EnrichmentDns {
  const resolver = new dns.promises.Resolver({ timeout: 2000, tries: 1 });
  if (!servers?.length) return { resolver };
  resolver.setServers(servers);
  const lookupAddress: AddressLookup = async (hostname) => {
    const [v4, v6] = await Promise.allSettled([resolver.resolve4(hostname), resolver.resolve6(hostname)]);
    const found: ResolvedAddress[] = [
      ...(v4.status === 'fulfilled' ? v4.value.map((address) => ({ address, family: 4 as const })) : []),
      ...(v6.status === 'fulfilled' ? v6.value.map((address) => ({ address, family: 6 as const })) : []),
    ];
    if (found.length) return found;
    const failure = [v4, v6]
      .map((r) => (r.status === 'rejected' ? (r.reason as NodeJS.ErrnoException) : null))
      .find((e) => e && e.code !== 'ENOTFOUND' && e.code !== 'ENODATA');
    throw failure ?? Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' });
  };
  return { resolver, lookupAddress };
}

/** LEADLOOP_DNS_SERVERS → the list `Resolver.setServers` takes; undefined when unset. */
export function parseDnsServers(text: string | undefined): string[] | undefined {
  const list = text
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list?.length ? list : undefined;
}
