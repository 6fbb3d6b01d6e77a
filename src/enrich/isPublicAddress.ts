import ipaddr from 'ipaddr.js';

/**
 * True only for globally routable unicast addresses. Everything else — loopback,
 * private (RFC 1918, IPv6 ULA), link-local (incl. the 169.254.169.254 cloud metadata
 * service), CGNAT, multicast, broadcast, unspecified, documentation/benchmark/reserved
 * ranges, and IPv6 forms that embed an IPv4 address (mapped, NAT64, 6to4, Teredo) — is
 * refused. IPv4-mapped IPv6 ("::ffff:127.0.0.1") is unwrapped first. Odd IPv4 notations
 * ("2130706433", "017700000001", "0x7f.1", "127.1", "0") are parsed as the address they mean.
 */
export function isPublicAddress(address: string): boolean {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (!ipaddr.isValid(bare)) return false;
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(bare);
  } catch {
    return false;
  }
  return parsed.range() === 'unicast';
}

/** Whether a URL host is an IP literal (in any notation ipaddr.js or the URL parser accepts). */
export function isIpLiteral(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return ipaddr.isValid(bare);
}
