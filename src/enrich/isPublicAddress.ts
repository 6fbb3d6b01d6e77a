import ipaddr from 'ipaddr.js';

/**
 * True only for globally routable unicast addresses (for IPv6: inside 2000::/3). Everything else — loopback,
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
  if (parsed.range() !== 'unicast') return false;
  if (parsed.kind() === 'ipv4') return true;
  // IPv6: only global unicast (2000::/3, RFC 4291 §2.4 and the IANA IPv6 Address Space
  // registry https://www.iana.org/assignments/ipv6-address-space/). ipaddr.js calls everything
  // outside its special list "unicast", which let IPv4-compatible `::a.b.c.d`, the local-use
  // NAT64 prefix 64:ff9b:1::/48 (RFC 8215) and the deprecated site-local fec0::/10 through.
  const v6 = parsed as ipaddr.IPv6;
  if (!v6.match(GLOBAL_UNICAST)) return false;
  return !v6.match(DOCUMENTATION_3FFF);
}

const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3') as [ipaddr.IPv6, number];
/** RFC 9637: 3fff::/20 is for documentation, like 2001:db8::/32 (which ipaddr.js already reserves). */
const DOCUMENTATION_3FFF = ipaddr.parseCIDR('3fff::/20') as [ipaddr.IPv6, number];

/** Whether a URL host is an IP literal (in any notation ipaddr.js or the URL parser accepts). */
export function isIpLiteral(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return ipaddr.isValid(bare);
}
