import type { CanonicalLead } from '../domain/lead';
import type { Enrichment, EnrichmentFact } from '../domain/enrichment';
import { parseTitle } from '../scoring/parseTitle';
import { createEmailClassifier, loadEmailLists, type EmailLists } from './classifyEmail';
import { createBoundedMemo } from './createBoundedMemo';
import { createCountryIndex, type CountryIndex } from './normalizeCountry';
import { countryFromDomain, normalizeDomain } from './normalizeDomain';
import { normalizeCompany } from './normalizeCompany';
import { parsePhone, type ParsedPhone } from './parsePhone';

export type OfflineEnrich = (lead: CanonicalLead, now: Date) => Enrichment;

/**
 * Distinct values each of an enricher's memos holds (e-mail domains, websites, companies,
 * phone numbers with their region, titles): a CRM repeats them across leads (an account's
 * leads share a domain and a company name), and a 1M-lead sync of distinct values stays at
 * a few MB per memo.
 */
export const OFFLINE_MEMO_LIMIT = 20_000;

/**
 * Offline facts about one lead, derived from the lead's own fields and lists shipped in
 * npm packages: no I/O, a few microseconds a lead. The lists are loaded once per factory
 * call, and each distinct domain, website, company, phone (with its region) and title is
 * worked out once per enricher (up to `memoLimit` of each at a time; below 1, never
 * remembered). Facts never replace a CRM value; they sit next to it (the mapping
 * decides per field whether a fact may be written back, and only into an empty field).
 *
 * Facts: emailType, emailDomain, phoneValid, phoneE164, phoneCountry, phoneType,
 * seniority, department, isDecisionMaker, country, companyNormalized, domain.
 * `phoneValid` is false both for an unparseable number and for a lead with no phone.
 */
export function createOfflineEnricher(
  lists: EmailLists = loadEmailLists(),
  countries: CountryIndex = createCountryIndex(),
  memoLimit: number = OFFLINE_MEMO_LIMIT,
): OfflineEnrich {
  const classifyEmail = createEmailClassifier(lists, memoLimit);
  const websites = createBoundedMemo(memoLimit, normalizeDomain);
  const companies = createBoundedMemo(memoLimit, normalizeCompany);
  const titles = createBoundedMemo(memoLimit, parseTitle);
  // the key is the region (an alpha-2 code or '') and the text after the first '|'
  const phones = createBoundedMemo(memoLimit, (key) => {
    const bar = key.indexOf('|');
    return parsePhone(key.slice(bar + 1), key.slice(0, bar) || undefined);
  });
  const phoneOf = (text: string | null | undefined, region: string | undefined) =>
    text ? phones.get(`${region ?? ''}|${text}`) : undefined;

  return (lead, now) => {
    const fetchedAt = now.toISOString();
    const facts: EnrichmentFact[] = [];
    const add = (field: string, value: EnrichmentFact['value'], source: string, confidence: number) => {
      facts.push({ field, value, source, fetchedAt, confidence });
    };

    const email = classifyEmail(lead.email);
    add('emailType', email.type, 'offline:email', 1);
    if (email.domain) add('emailDomain', email.domain, 'offline:email', 1);

    const websiteDomain = lead.website ? websites.get(lead.website) : undefined;
    const companyDomain =
      websiteDomain ?? (email.type === 'corporate' || email.type === 'role' ? email.domain : undefined);
    if (companyDomain) add('domain', companyDomain, 'offline:domain', websiteDomain ? 0.9 : 0.8);

    const company = lead.company ? companies.get(lead.company) : undefined;
    if (company) add('companyNormalized', company.key, 'offline:company', 1);

    const crmCountry = countries.normalize(lead.country);
    const tldCountry =
      (companyDomain ? countryFromDomain(companyDomain, countries.codes) : undefined) ??
      (email.domain && email.type === 'free' ? lowered(countryFromDomain(email.domain, countries.codes)) : undefined);

    const phone = firstValid(phoneOf, lead.phone, lead.mobilePhone, crmCountry ?? tldCountry?.country);
    add('phoneValid', phone?.valid ?? false, 'offline:phone', 1);
    if (phone?.valid) {
      add('phoneE164', phone.e164!, 'offline:phone', 1);
      if (phone.country) add('phoneCountry', phone.country, 'offline:phone', 1);
      if (phone.type) add('phoneType', phone.type, 'offline:phone', 0.9);
    }

    if (crmCountry) add('country', crmCountry, 'offline:country', 1);
    else if (phone?.country) add('country', phone.country, 'offline:phone', 0.8);
    else if (tldCountry) add('country', tldCountry.country, 'offline:tld', tldCountry.confidence);

    if (lead.title?.trim()) {
      const title = titles.get(lead.title);
      add('seniority', title.seniority, 'offline:title', title.seniority === 'unknown' ? 0.3 : 0.8);
      add('department', title.department, 'offline:title', title.department === 'other' ? 0.3 : 0.8);
      add('isDecisionMaker', title.isDecisionMaker, 'offline:title', 0.7);
    }
    return { facts, problems: [] };
  };
}

/** A free-mail ccTLD (hotmail.es, yahoo.com.mx) is a weaker hint than a company domain. */
function lowered(hint: { country: string; confidence: number } | undefined) {
  return hint ? { country: hint.country, confidence: Math.min(hint.confidence, 0.4) } : undefined;
}

function firstValid(
  parse: typeof parsePhone,
  phone: string | null | undefined,
  mobile: string | null | undefined,
  region: string | undefined,
): ParsedPhone | undefined {
  const first = parse(phone, region);
  if (first?.valid) return first;
  const second = parse(mobile, region);
  if (second?.valid) return second;
  return first ?? second;
}

let shared: OfflineEnrich | undefined;

/**
 * The offline enricher most callers want (sync, `score` CLI): the lists are immutable
 * data, so one instance per process is built on first use and reused.
 */
export function enrichOffline(lead: CanonicalLead, now: Date): Enrichment {
  shared ??= createOfflineEnricher();
  return shared(lead, now);
}
