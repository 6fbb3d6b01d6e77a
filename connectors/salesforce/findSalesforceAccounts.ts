import type { CrmAccount } from '../../src/domain/connector';
import { queryAllSalesforce } from './queryAllSalesforce';
import { SALESFORCE_ID_PATTERN } from './salesforceConstants';
import type { SalesforceSession } from './salesforceSession';
import { escapeSoqlLike, soqlString } from './soql';

interface AccountRow { Id: string; Name?: string | null; Website?: string | null; OwnerId?: string | null }

/** Only plain host names go into a LIKE pattern. */
const DOMAIN = /^(?=.{3,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
/** Conditions per query: keeps SOQL far below its 100,000-character limit. */
const QUERY_CHUNK = 50;
/** Account.Name is at most 255 characters. */
const MAX_NAME = 255;

/** `https://www.Acme.com/about` → `acme.com`. */
export function domainOfWebsite(website: unknown): string | undefined {
  if (typeof website !== 'string' || website.trim() === '') return undefined;
  const text = website.trim();
  try {
    return new URL(/^[a-z]+:\/\//i.test(text) ? text : `http://${text}`).hostname.replace(/^www\./, '').toLowerCase();
  } catch {
    return undefined;
  }
}

const chunk = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** The SOQL queries for a look-up (exported for tests: they assert the exact text and its escaping). */
export function accountQueries(query: { domains: string[]; names: string[] }): string[] {
  const domains = [...new Set(query.domains.map((d) => d.trim().toLowerCase().replace(/^www\./, '')).filter((d) => DOMAIN.test(d)))];
  const names = [...new Set(query.names.map((n) => n.trim()).filter((n) => n.length > 0 && n.length <= MAX_NAME))];
  const select = 'SELECT Id, Name, Website, OwnerId FROM Account WHERE ';
  return [
    ...chunk(domains, QUERY_CHUNK).map((group) => select + group.map((d) => `Website LIKE '%${escapeSoqlLike(d)}%'`).join(' OR ') + ' ORDER BY Id'),
    ...chunk(names, QUERY_CHUNK).map((group) => `${select}Name IN (${group.map(soqlString).join(', ')}) ORDER BY Id`),
  ];
}

/**
 * Accounts whose Website has one of the domains (exact host or a subdomain of it), or whose
 * Name is one of the names, for account-based routing.
 */
export async function findSalesforceAccounts(session: SalesforceSession, query: { domains: string[]; names: string[] }): Promise<CrmAccount[]> {
  const wantedDomains = new Set(query.domains.map((d) => d.trim().toLowerCase().replace(/^www\./, '')));
  const wantedNames = new Set(query.names.map((n) => n.trim().toLowerCase()));
  const found = new Map<string, CrmAccount>();
  for (const soql of accountQueries(query)) {
    for (const r of await queryAllSalesforce<AccountRow>(session, 'query Account', soql)) {
      if (typeof r.Id !== 'string' || !SALESFORCE_ID_PATTERN.test(r.Id)) continue;
      const domain = domainOfWebsite(r.Website);
      const name = (r.Name ?? '').trim();
      const domainMatches = domain !== undefined && [...wantedDomains].some((d) => domain === d || domain.endsWith(`.${d}`));
      if (!domainMatches && !wantedNames.has(name.toLowerCase())) continue; // LIKE also matches notacme.com
      const ownerId = typeof r.OwnerId === 'string' && SALESFORCE_ID_PATTERN.test(r.OwnerId) ? r.OwnerId : undefined;
      found.set(r.Id, { id: r.Id, name: name || r.Id, ...(domain ? { domain } : {}), ...(ownerId ? { ownerId } : {}) });
    }
  }
  return [...found.values()];
}
