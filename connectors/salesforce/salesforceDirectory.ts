import type { CrmAccount, CrmUser } from '../../src/domain/connector';
import { normalizeDomain } from '../../src/enrich/normalizeDomain';
import { querySalesforce } from './querySalesforce';
import type { SalesforceSession } from './salesforceSession';
import { soqlLike, soqlString } from './soql';

/**
 * Every user (active and not), for routing and for writing to reps in their language and time
 * zone: `LanguageLocaleKey` (e.g. `es`, `en_US`) and `TimeZoneSidKey` (an IANA name such as
 * `Europe/Madrid`) are standard User fields
 * (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_user.htm).
 */
export async function listSalesforceUsers(session: SalesforceSession): Promise<CrmUser[]> {
  type Row = {
    Id: string;
    Name?: string;
    Email?: string;
    IsActive?: boolean;
    LanguageLocaleKey?: string | null;
    TimeZoneSidKey?: string | null;
  };
  const rows = await querySalesforce<Row>(
    session,
    'query User',
    'SELECT Id, Name, Email, IsActive, LanguageLocaleKey, TimeZoneSidKey FROM User ORDER BY Id',
  );
  return rows.map((u) => ({
    id: u.Id,
    name: u.Name ?? u.Id,
    ...(u.Email ? { email: u.Email } : {}),
    isActive: u.IsActive === true,
    ...(u.LanguageLocaleKey ? { language: u.LanguageLocaleKey } : {}),
    ...(u.TimeZoneSidKey ? { timeZone: u.TimeZoneSidKey } : {}),
  }));
}

/** Accounts whose website is on one of the domains (or a subdomain of it) or whose name is one of the names. */
export async function findSalesforceAccounts(
  session: SalesforceSession,
  query: { domains: string[]; names: string[] },
): Promise<CrmAccount[]> {
  const domains = [...new Set(query.domains.map((d) => d.trim().toLowerCase()).filter(Boolean))].slice(0, 100);
  const names = [...new Set(query.names.map((n) => n.trim()).filter(Boolean))].slice(0, 100);
  if (!domains.length && !names.length) return [];
  // SOQL compares names case-insensitively; so does the filter
  const wantedNames = new Set(names.map((n) => n.toLowerCase()));
  // `%domain%`: Website often carries a path or trailing slash (www.acme.com/); the filter below drops notacme.com
  const where = [
    ...domains.map((d) => `Website LIKE ${soqlLike(d, '%', '%')}`),
    ...(names.length ? [`Name IN (${names.map(soqlString).join(', ')})`] : []),
  ];
  const rows = await querySalesforce<{ Id: string; Name: string; Website?: string | null; OwnerId?: string }>(
    session,
    'query Account',
    `SELECT Id, Name, Website, OwnerId FROM Account WHERE ${where.join(' OR ')} LIMIT 2000`,
  );
  return rows
    .map((a) => {
      const domain = a.Website ? normalizeDomain(a.Website) : undefined;
      return { id: a.Id, name: a.Name, ...(domain ? { domain } : {}), ...(a.OwnerId ? { ownerId: a.OwnerId } : {}) };
    })
    .filter(
      (a) =>
        wantedNames.has(a.name.trim().toLowerCase()) ||
        (a.domain !== undefined && domains.some((d) => a.domain === d || a.domain!.endsWith(`.${d}`))),
    );
}
