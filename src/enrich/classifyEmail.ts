import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'tldts';
import type { EmailType } from '../domain/enrichment';
import { createBoundedMemo } from './createBoundedMemo';

/** Domain lists from maintained npm packages (never hand-typed): see package.json. */
export interface EmailLists {
  free: ReadonlySet<string>;
  disposable: ReadonlySet<string>;
  /** Domains whose every subdomain is disposable too. */
  disposableWildcard: ReadonlySet<string>;
  roleLocalParts: ReadonlySet<string>;
}

/**
 * Webmail brands whose every country domain is the same free service (hotmail.com.ar,
 * yahoo.com.mx, outlook.es, live.co.uk, yahoo.co.jp, gmx.es): the name before the public
 * suffix. Only brands that are nothing but a mail service, each of them listed by
 * `freemail` under several country suffixes (test/unit/enrich/classifyEmail.test.ts checks
 * that), so a company's own domain cannot be taken for one. The lists name some variants
 * and miss others (hotmail.com.ar, hotmail.cl, outlook.com.ar); the brand covers them all.
 */
export const FREE_MAIL_BRANDS: ReadonlySet<string> = new Set([
  'hotmail',
  'outlook',
  'live',
  'msn',
  'yahoo',
  'gmail',
  'aol',
  'gmx',
  'yandex',
]);

/**
 * A country variant of a free webmail brand: the registrable domain is `<brand>.<suffix>`
 * where the public suffix (Public Suffix List, ICANN section, through tldts) belongs to a
 * country (`es`, `com.ar`, `co.uk`, `co.jp`). Subdomains (`mail.yahoo.co.jp`) and generic
 * suffixes other than the brands' own entries in the lists are not guessed.
 */
export function isFreeMailVariant(domain: string): boolean {
  const parsed = parse(domain, { allowPrivateDomains: false });
  if (!parsed.isIcann || parsed.subdomain || !parsed.domainWithoutSuffix || !parsed.publicSuffix) return false;
  if (!FREE_MAIL_BRANDS.has(parsed.domainWithoutSuffix)) return false;
  const suffix = parsed.publicSuffix;
  const country = suffix.slice(suffix.lastIndexOf('.') + 1);
  return /^[a-z]{2}$/.test(country);
}

export interface EmailClassification {
  type: EmailType;
  /** Lower-cased domain part; undefined when missing or malformed. */
  domain?: string;
  localPart?: string;
}

function packageFile(pkg: string, file: string): string {
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
}

function lines(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l && !l.startsWith('#'));
}

/**
 * Loads the lists once (about 90k domains, ~30 ms). `freemail` ships plain text files;
 * its own `isFree` scans an array per call, far too slow for a 1M-lead sync, so the
 * files are read into Sets here.
 */
export function loadEmailLists(): EmailLists {
  const disposableJson = JSON.parse(
    fs.readFileSync(packageFile('disposable-email-domains', 'index.json'), 'utf8'),
  ) as string[];
  const wildcardJson = JSON.parse(
    fs.readFileSync(packageFile('disposable-email-domains', 'wildcard.json'), 'utf8'),
  ) as string[];
  const disposable = new Set<string>([
    ...disposableJson.map((d) => d.toLowerCase()),
    ...lines(packageFile('freemail', 'data/disposable.txt')),
  ]);
  const free = new Set<string>(lines(packageFile('freemail', 'data/free.txt')));
  // A few big webmail domains sit in freemail's disposable file too; free is the truer label.
  for (const d of free) disposable.delete(d);
  const roles = require('role-based-email-addresses') as string[];
  return {
    free,
    disposable,
    disposableWildcard: new Set(wildcardJson.map((d) => d.toLowerCase())),
    roleLocalParts: new Set(roles.map((r) => r.toLowerCase())),
  };
}

// RFC 5321 in practice: dot-atom local part, a host name with at least one dot and an alphabetic TLD.
const EMAIL =
  /^([a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*)@((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{2,59}))$/;

function inSetOrParent(domain: string, set: ReadonlySet<string>, parentsToo: boolean): boolean {
  if (set.has(domain)) return true;
  if (!parentsToo) return false;
  let rest = domain;
  for (let dot = rest.indexOf('.'); dot !== -1; dot = rest.indexOf('.')) {
    rest = rest.slice(dot + 1);
    if (!rest.includes('.')) return false;
    if (set.has(rest)) return true;
  }
  return false;
}

/** What an e-mail domain alone says: the same for every address on it. */
export type EmailDomainKind = 'disposable' | 'free' | 'other';

/**
 * What a domain that passed the e-mail pattern (lower case, no empty label) says. A disposable
 * domain (or a subdomain of a wildcard one) outranks a free-mail one.
 */
function classifyEmailDomain(lists: EmailLists, domain: string): EmailDomainKind {
  if (inSetOrParent(domain, lists.disposable, false) || inSetOrParent(domain, lists.disposableWildcard, true))
    return 'disposable';
  if (lists.free.has(domain)) return 'free';
  // a variant is <brand>.<suffix>, so its first label is the brand: only then parse the suffix
  if (FREE_MAIL_BRANDS.has(domain.slice(0, domain.indexOf('.'))) && isFreeMailVariant(domain)) return 'free';
  return 'other';
}

function classifyWith(
  lists: EmailLists,
  email: string | null | undefined,
  domainKind: (domain: string) => EmailDomainKind,
): EmailClassification {
  const text = (email ?? '')
    .trim()
    .toLowerCase()
    .replace(/^mailto:/, '');
  if (!text) return { type: 'missing' };
  const match = EMAIL.exec(text);
  if (!match || text.length > 254) return { type: 'malformed' };
  const localPart = match[1]!;
  const domain = match[2]!;
  const kind = domainKind(domain);
  if (kind !== 'other') return { type: kind, domain, localPart };
  const base = localPart.split('+')[0]!;
  if (lists.roleLocalParts.has(base) || lists.roleLocalParts.has(base.replace(/[._]/g, '-'))) {
    return { type: 'role', domain, localPart };
  }
  return { type: 'corporate', domain, localPart };
}

/**
 * corporate | free | disposable | role | malformed | missing. Order: a disposable domain
 * outranks everything; a free webmail address is `free` even when its local part is a
 * role word ("info@gmail.com"); a role word on a company domain is `role`.
 */
export function classifyEmail(lists: EmailLists, email: string | null | undefined): EmailClassification {
  return classifyWith(lists, email, (domain) => classifyEmailDomain(lists, domain));
}

/** classifyEmail with each domain's verdict computed once, for up to `memoLimit` domains at a time. */
export function createEmailClassifier(
  lists: EmailLists,
  memoLimit: number,
): (email: string | null | undefined) => EmailClassification {
  const domainKinds = createBoundedMemo(memoLimit, (domain) => classifyEmailDomain(lists, domain));
  const kindOf = (domain: string) => domainKinds.get(domain);
  return (email) => classifyWith(lists, email, kindOf);
}
