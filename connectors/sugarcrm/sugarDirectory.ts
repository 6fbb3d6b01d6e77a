import type { CrmAccount, CrmUser } from '../../src/domain/connector';
import type { SugarSession } from './createSugarSession';
import { isSugarId } from './sugarPath';
import { chunk, walkSugarFilter } from './walkSugarFilter';

type Raw = Record<string, unknown>;

/** Domains are matched with `$contains` (SQL LIKE): only plain host names go in, never `%` or `_`. */
const DOMAIN = /^(?=.{3,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
const QUERY_CHUNK = 50;

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Users for routing: active and inactive, leaving out group and portal users. A user's
 * language is the Users record's `preferred_language` when the instance has it
 * (`available_language_dom` keys such as `en_us`, `es_ES`; not confirmed against a published
 * Users vardef: without it the language is unknown and both are written). The language and
 * time-zone preferences proper live in the user's serialized UserPreferences (modules/
 * UserPreferences vardefs: `contents`), readable only by that user through `GET /me/preferences`,
 * so Sugar users carry no time zone here and the hand-over uses the team's.
 */
export async function listSugarUsers(session: SugarSession, pageSize: number): Promise<CrmUser[]> {
  const users: CrmUser[] = [];
  const walk = walkSugarFilter<Raw>(session, {
    module: 'Users',
    filter: [],
    fields: ['id', 'user_name', 'full_name', 'email1', 'status', 'is_group', 'portal_only', 'preferred_language'],
    orderBy: 'id:asc',
    pageSize,
  });
  for await (const records of walk) {
    for (const r of records) {
      if (!isSugarId(r['id']) || r['is_group'] === true || r['portal_only'] === true) continue;
      const email = str(r['email1']);
      const language = str(r['preferred_language']);
      users.push({
        id: r['id'],
        name: str(r['full_name']) ?? str(r['user_name']) ?? r['id'],
        ...(email ? { email } : {}),
        isActive: r['status'] === 'Active',
        ...(language ? { language } : {}),
      });
    }
  }
  return users;
}

export function domainOfWebsite(website: unknown): string | undefined {
  const text = str(website);
  if (!text) return undefined;
  try {
    return new URL(/^[a-z]+:\/\//i.test(text) ? text : `http://${text}`).hostname.replace(/^www\./, '').toLowerCase();
  } catch {
    return undefined;
  }
}

/** Accounts whose website contains one of the domains, or whose name is one of the names. */
export async function findSugarAccounts(
  session: SugarSession,
  pageSize: number,
  query: { domains: string[]; names: string[] },
): Promise<CrmAccount[]> {
  const domains = [
    ...new Set(
      query.domains
        .map((d) =>
          d
            .trim()
            .toLowerCase()
            .replace(/^www\./, ''),
        )
        .filter((d) => DOMAIN.test(d)),
    ),
  ];
  const names = [...new Set(query.names.map((n) => n.trim()).filter((n) => n.length > 0 && n.length <= 150))];
  const conditions = [
    ...chunk(domains, QUERY_CHUNK).map((group) => group.map((d) => ({ website: { $contains: d } }))),
    ...chunk(names, QUERY_CHUNK).map((group) => [{ name: { $in: group } }]),
  ];
  const found = new Map<string, CrmAccount>();
  for (const or of conditions) {
    const walk = walkSugarFilter<Raw>(session, {
      module: 'Accounts',
      filter: [{ $or: or }],
      fields: ['id', 'name', 'website', 'assigned_user_id'],
      orderBy: 'id:asc',
      pageSize,
    });
    for await (const records of walk) {
      for (const r of records) {
        if (!isSugarId(r['id'])) continue;
        const domain = domainOfWebsite(r['website']);
        const ownerId = isSugarId(r['assigned_user_id']) ? r['assigned_user_id'] : undefined;
        found.set(r['id'], {
          id: r['id'],
          name: str(r['name']) ?? r['id'],
          ...(domain ? { domain } : {}),
          ...(ownerId ? { ownerId } : {}),
        });
      }
    }
  }
  return [...found.values()];
}
