/**
 * The offline enricher as it was before its memos (commit 1b1ff50, src/enrich/enrichOffline.ts):
 * every value worked out afresh for every lead. Kept unchanged as the reference the memoised
 * enricher must match (enrichOffline.test.ts).
 */
import type { CanonicalLead } from '../../../src/domain/lead';
import type { Enrichment, EnrichmentFact } from '../../../src/domain/enrichment';
import { parseTitle } from '../../../src/scoring/parseTitle';
import { classifyEmail, loadEmailLists, type EmailLists } from '../../../src/enrich/classifyEmail';
import { createCountryIndex, type CountryIndex } from '../../../src/enrich/normalizeCountry';
import { countryFromDomain, normalizeDomain } from '../../../src/enrich/normalizeDomain';
import { normalizeCompany } from '../../../src/enrich/normalizeCompany';
import { parsePhone, type ParsedPhone } from '../../../src/enrich/parsePhone';

export type OfflineEnrich = (lead: CanonicalLead, now: Date) => Enrichment;

export function createOfflineEnricherReference(
  lists: EmailLists = loadEmailLists(),
  countries: CountryIndex = createCountryIndex(),
): OfflineEnrich {
  return (lead, now) => {
    const fetchedAt = now.toISOString();
    const facts: EnrichmentFact[] = [];
    const add = (field: string, value: EnrichmentFact['value'], source: string, confidence: number) => {
      facts.push({ field, value, source, fetchedAt, confidence });
    };

    const email = classifyEmail(lists, lead.email);
    add('emailType', email.type, 'offline:email', 1);
    if (email.domain) add('emailDomain', email.domain, 'offline:email', 1);

    const websiteDomain = normalizeDomain(lead.website);
    const companyDomain =
      websiteDomain ?? (email.type === 'corporate' || email.type === 'role' ? email.domain : undefined);
    if (companyDomain) add('domain', companyDomain, 'offline:domain', websiteDomain ? 0.9 : 0.8);

    const company = normalizeCompany(lead.company);
    if (company) add('companyNormalized', company.key, 'offline:company', 1);

    const crmCountry = countries.normalize(lead.country);
    const tldCountry =
      (companyDomain ? countryFromDomain(companyDomain, countries.codes) : undefined) ??
      (email.domain && email.type === 'free' ? lowered(countryFromDomain(email.domain, countries.codes)) : undefined);

    const phone = firstValid(lead.phone, lead.mobilePhone, crmCountry ?? tldCountry?.country);
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
      const title = parseTitle(lead.title);
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
  phone: string | null | undefined,
  mobile: string | null | undefined,
  region: string | undefined,
): ParsedPhone | undefined {
  const first = parsePhone(phone, region);
  if (first?.valid) return first;
  const second = parsePhone(mobile, region);
  if (second?.valid) return second;
  return first ?? second;
}
