import { DEPARTMENTS, EMAIL_TYPES, SENIORITIES } from '../domain/enrichment';

/**
 * What kind of value a signal holds decides which matchers apply:
 * number → min/max; boolean → is; text → in/contains; code → in (case-insensitive);
 * domain → in (a domain also matches its subdomains); attribute → any of them, read as the
 * mapping's type says, plus date age. Every kind takes present/otherwise; text also `matches`.
 */
export type SignalKind = 'number' | 'boolean' | 'text' | 'code' | 'domain' | 'attribute';

export interface SignalInfo {
  kind: SignalKind;
  /** The closed set of values, when there is one (checked at load). */
  values?: readonly string[];
  /** Where the value comes from, for the docs and `definition validate`. */
  source: string;
}

const BUDGETS = ['unknown', 'none', 'planned', 'approved'] as const;
const TIMELINES = ['unknown', 'immediate', 'quarter', 'half_year', 'year', 'none'] as const;

/**
 * The closed set of things a definition can score on. CRM values on the lead win over
 * enrichment facts; a value neither knows is unknown (no band but `present: false` matches).
 */
export const SIGNALS = {
  employees: { kind: 'number', source: 'lead.employees, else fact employees' },
  annualRevenue: { kind: 'number', source: 'lead.annualRevenue, else fact annualRevenue' },
  industry: { kind: 'text', source: 'lead.industry, else fact industry' },
  country: { kind: 'code', source: 'lead.country when an ISO-3166 alpha-2 code, else fact country' },
  region: { kind: 'code', source: 'the region (from `regions`) that lists the country' },
  state: { kind: 'text', source: 'lead.state' },
  city: { kind: 'text', source: 'lead.city' },
  leadSource: { kind: 'text', source: 'lead.leadSource' },
  title: { kind: 'text', source: 'lead.title' },
  seniority: { kind: 'code', values: SENIORITIES, source: 'fact seniority, else parsed from lead.title' },
  department: { kind: 'code', values: DEPARTMENTS, source: 'fact department, else parsed from lead.title' },
  isDecisionMaker: { kind: 'boolean', source: 'fact isDecisionMaker, else parsed from lead.title' },
  emailType: { kind: 'code', values: EMAIL_TYPES, source: 'fact emailType; missing when the lead has no email' },
  emailDomain: { kind: 'domain', source: 'fact emailDomain, else the part of lead.email after @' },
  domain: { kind: 'domain', source: 'fact domain (company web domain)' },
  website: { kind: 'text', source: 'lead.website' },
  phone: { kind: 'text', source: 'lead.phone, else lead.mobilePhone' },
  phoneValid: { kind: 'boolean', source: 'fact phoneValid' },
  mxAcceptsMail: { kind: 'boolean', source: 'fact mxAcceptsMail' },
  unsubscribed: { kind: 'boolean', source: 'lead.unsubscribed, or an unsubscribe event' },
  budget: { kind: 'code', values: BUDGETS, source: 'lead.qualification.budget' },
  decisionMakerInvolved: { kind: 'boolean', source: 'lead.qualification.decisionMaker' },
  timeline: { kind: 'code', values: TIMELINES, source: 'lead.qualification.timeline' },
  need: { kind: 'text', source: 'lead.qualification.need' },
  urgencyEvent: { kind: 'text', source: 'lead.qualification.urgencyEvent' },
  competingProposals: { kind: 'boolean', source: 'lead.qualification.competingProposals' },
  complementaryInterest: { kind: 'boolean', source: 'lead.qualification.complementaryInterest' },
  attribute: {
    kind: 'attribute',
    source: 'lead.attributes[attribute]: any field the mapping declares under attributes (a CSV column without one)',
  },
} as const satisfies Record<string, SignalInfo>;

export type SignalName = keyof typeof SIGNALS;

export const SIGNAL_KINDS: Record<SignalName, SignalKind> = Object.fromEntries(
  Object.entries(SIGNALS).map(([name, info]) => [name, info.kind]),
) as Record<SignalName, SignalKind>;
