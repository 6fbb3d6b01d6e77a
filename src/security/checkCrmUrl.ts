import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { connectorEntry, type CrmKind } from '../../connectors';
import { LeadloopError } from '../domain/errors';
import { isIpLiteral, isPublicAddress } from '../enrich/isPublicAddress';

/** Name → addresses. Injected in tests (never real DNS there); the default asks the system resolver. */
export type CrmAddressLookup = (hostname: string) => Promise<{ address: string; family: number }[]>;

const systemLookup: CrmAddressLookup = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

export type CrmUrlCrm = CrmKind;

export interface CrmUrlPolicyOptions {
  /** Production: no loopback exception. */
  production: boolean;
  /**
   * Hosts an admin admits explicitly (LEADLOOP_CRM_ALLOWED_HOSTS): an on-premise Sugar on a
   * private network, a Salesforce Experience Cloud or test host. `host`, `host:port` or `*.domain`.
   */
  allowedHosts?: readonly string[];
  lookup?: CrmAddressLookup;
}

export interface CrmUrlPolicy {
  /**
   * Checks a CRM URL before any credential is sent to it; answers the URL as parsed.
   * Throws a configuration LeadloopError (code CRM_URL_REFUSED) saying why, in one line.
   */
  check(raw: string, crm: CrmUrlCrm, what: string): Promise<URL>;
  /** A socket `lookup` that refuses addresses the policy would refuse (DNS rebinding between check and connect). */
  socketLookup(crm: CrmUrlCrm): LookupFunction;
}

function refuse(crm: CrmUrlCrm, what: string, shown: string, why: string): LeadloopError {
  return new LeadloopError(`${connectorEntry(crm).product} ${what} ${shown} is refused: ${why}`, {
    kind: 'configuration',
    crm,
    code: 'CRM_URL_REFUSED',
  });
}

const bare = (host: string) => (host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host).toLowerCase();

export function isLoopbackHost(host: string): boolean {
  const h = bare(host);
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (!ipaddr.isValid(h)) return false;
  try {
    return ipaddr.process(h).range() === 'loopback';
  } catch {
    return false;
  }
}

function onDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** `host` is on one of `domains` (or is one of them). */
function onVendorDomain(host: string, domains: readonly string[]): boolean {
  const h = bare(host).replace(/\.$/, '');
  return domains.some((d) => onDomain(h, d));
}

/** `host`, `host:port` or `*.domain` entries; a wildcard matches subdomains only; without a port, any port. */
function allowListed(hostname: string, port: string | undefined, allowed: readonly string[]): boolean {
  const host = bare(hostname).replace(/\.$/, '');
  return allowed.some((entry) => {
    const e = entry.trim().toLowerCase();
    if (!e) return false;
    if (e.startsWith('*.')) return host.endsWith(e.slice(1));
    const at = e.lastIndexOf(':');
    if (at > 0 && !e.includes(']') && /^\d+$/.test(e.slice(at + 1)))
      return host === e.slice(0, at) && (port === undefined || port === e.slice(at + 1));
    return host === bare(e);
  });
}

/**
 * The one policy for where leadloop sends CRM credentials (issue 24, item 3): https only;
 * the host resolves to public addresses only (the enrichment guard's `isPublicAddress`);
 * Salesforce URLs on Salesforce's own domains; an explicit allow-list admits on-premise Sugar
 * and other hosts; loopback (a local sandbox, tests) only outside production, and `http://`
 * only there.
 */
export function createCrmUrlPolicy(options: CrmUrlPolicyOptions): CrmUrlPolicy {
  const lookup = options.lookup ?? systemLookup;
  const allowed = options.allowedHosts ?? [];
  const loopbackOk = (host: string) => !options.production && isLoopbackHost(host);

  async function check(raw: string, crm: CrmUrlCrm, what: string): Promise<URL> {
    let url: URL;
    try {
      url = new URL(String(raw).trim());
    } catch {
      throw new LeadloopError(`${connectorEntry(crm).product} ${what} "${String(raw).slice(0, 100)}" is not a URL`, {
        kind: 'configuration',
        crm,
        code: 'INVALID_URL',
      });
    }
    const shown = url.origin === 'null' ? `"${url.protocol}"` : url.origin;
    if (url.username || url.password) throw refuse(crm, what, shown, 'a URL must not carry a user name or password');
    const loopback = loopbackOk(url.hostname);
    if (url.protocol === 'http:' && !loopback) {
      throw refuse(
        crm,
        what,
        shown,
        'http:// would send the credentials in clear text; use https:// (http is accepted only for a loopback sandbox outside production)',
      );
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw refuse(crm, what, shown, 'only https:// URLs are accepted');
    if (loopback) return url;
    if (allowListed(url.hostname, url.port || (url.protocol === 'https:' ? '443' : '80'), allowed)) return url;
    const { product, vendorDomains } = connectorEntry(crm);
    if (vendorDomains && !onVendorDomain(url.hostname, vendorDomains)) {
      throw refuse(
        crm,
        what,
        shown,
        `not on one of ${product}'s domains (${vendorDomains.map((d) => `*.${d}`).join(', ')}); add the host to LEADLOOP_CRM_ALLOWED_HOSTS to admit it`,
      );
    }
    await assertPublic(url.hostname, crm, what, shown);
    return url;
  }

  async function assertPublic(hostname: string, crm: CrmUrlCrm, what: string, shown: string): Promise<void> {
    const host = bare(hostname);
    if (isIpLiteral(host)) {
      if (!isPublicAddress(host))
        throw refuse(
          crm,
          what,
          shown,
          'the address is not a public internet address; add the host to LEADLOOP_CRM_ALLOWED_HOSTS for an on-premise instance',
        );
      return;
    }
    let addresses: { address: string }[];
    try {
      addresses = await lookup(host);
    } catch {
      throw new LeadloopError(
        `${connectorEntry(crm).product} ${what} ${shown}: the host name does not resolve; check the URL`,
        {
          kind: 'configuration',
          crm,
          code: 'CRM_HOST_UNKNOWN',
        },
      );
    }
    if (!addresses.length || addresses.some((a) => !isPublicAddress(a.address))) {
      throw refuse(
        crm,
        what,
        shown,
        'the host resolves to an address that is not a public internet address; add the host to LEADLOOP_CRM_ALLOWED_HOSTS for an on-premise instance',
      );
    }
  }

  function socketLookup(crm: CrmUrlCrm): LookupFunction {
    return (hostname, opts, callback) => {
      const done = callback as unknown as (
        error: Error | null,
        address: string | { address: string; family: number }[],
        family?: number,
      ) => void;
      const all = typeof opts === 'object' && opts !== null && (opts as { all?: boolean }).all;
      lookup(hostname).then(
        (addresses) => {
          const admitted = allowListed(hostname, undefined, allowed);
          const bad = addresses.find((a) => !admitted && !isPublicAddress(a.address) && !loopbackOk(a.address));
          if (bad || !addresses.length)
            return done(
              refuse(crm, 'host', hostname, 'it resolved to an address that is not a public internet address'),
              '',
              0,
            );
          if (all) return done(null, addresses);
          return done(null, addresses[0]!.address, addresses[0]!.family);
        },
        (error: Error) => done(error, '', 0),
      );
    };
  }

  return { check, socketLookup };
}

/** The policy the settings describe: production from NODE_ENV, the allow-list from LEADLOOP_CRM_ALLOWED_HOSTS. */
export function crmUrlPolicyFromSettings(
  settings: { NODE_ENV: string; LEADLOOP_CRM_ALLOWED_HOSTS?: readonly string[] },
  lookup?: CrmAddressLookup,
): CrmUrlPolicy {
  return createCrmUrlPolicy({
    production: settings.NODE_ENV === 'production',
    allowedHosts: settings.LEADLOOP_CRM_ALLOWED_HOSTS ?? [],
    ...(lookup ? { lookup } : {}),
  });
}
