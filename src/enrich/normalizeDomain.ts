import { getDomain, getDomainWithoutSuffix } from 'tldts';

/**
 * The host name of a website or e-mail domain, lower case, IDN as punycode, without
 * `www.` or a trailing dot: "https://WWW.Acme.es/contacto" → "acme.es". Undefined for
 * anything that is not a public-looking DNS name (IP literals, single labels, junk).
 */
export function normalizeDomain(input: string | null | undefined): string | undefined {
  if (!input) return undefined;
  let text = input.trim();
  if (!text) return undefined;
  const at = text.lastIndexOf('@');
  if (at !== -1 && !text.includes('/')) text = text.slice(at + 1);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `http://${text}`;
  let host: string;
  try {
    host = new URL(text).hostname;
  } catch {
    return undefined;
  }
  host = host
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^www\d?\./, '');
  // the URL parser writes every IPv4 form (0x7f.1, 2130706433) as dotted decimal and IPv6 in
  // brackets; neither passes the name pattern below (the last label must be letters)
  if (host.startsWith('[')) return undefined;
  if (!/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{2,59})$/.test(host)) return undefined;
  return host;
}

/**
 * The registrable part of a host name by the public-suffix list (tldts, maintained; the
 * list freemail's tldjs bundles stopped being updated): "mail.yahoo.co.uk" → "yahoo.co.uk".
 * Undefined for IP literals and for names that are only a public suffix.
 */
export function registrableDomain(host: string): string | undefined {
  return getDomain(host, { allowPrivateDomains: false }) ?? undefined;
}

/** The registrable domain without its public suffix: "mail.yahoo.co.uk" → "yahoo", "yahoo.evil.example" → "evil". */
export function domainLabel(host: string): string | undefined {
  return getDomainWithoutSuffix(host, { allowPrivateDomains: false }) ?? undefined;
}

/**
 * ccTLDs that are sold world-wide as vanity names (.io, .ai, .tv …): they say nothing
 * about where a company is. `.co` is also Colombia's, so it counts with low confidence.
 */
const VANITY_TLDS = new Set([
  'io',
  'ai',
  'me',
  'tv',
  'fm',
  'ly',
  'gg',
  'to',
  'cc',
  'ws',
  'sh',
  'ac',
  'la',
  'am',
  'so',
  'vc',
  'nu',
  'tk',
  'ml',
  'ga',
  'cf',
  'gq',
  'is',
  'im',
  'gl',
  'st',
  'cx',
  'ms',
  'xyz',
  'app',
  'dev',
]);

/** Country (alpha-2) a domain's TLD points at, with a confidence, or undefined. */
export function countryFromDomain(
  domain: string,
  knownCodes: ReadonlySet<string>,
): { country: string; confidence: number } | undefined {
  const labels = domain.split('.');
  const tld = labels[labels.length - 1]!;
  if (tld.length !== 2 || VANITY_TLDS.has(tld)) return undefined;
  const code = tld === 'uk' ? 'GB' : tld.toUpperCase();
  if (!knownCodes.has(code)) return undefined;
  if (code === 'CO')
    return {
      country: code,
      confidence:
        labels.length > 2 && ['com', 'net', 'org', 'edu', 'gov'].includes(labels[labels.length - 2]!) ? 0.6 : 0.3,
    };
  return { country: code, confidence: 0.6 };
}
