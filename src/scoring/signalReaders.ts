import type { SignalName } from '../definition/signals';
import type { CanonicalLead } from '../domain/lead';
import type { Enrichment, EnrichmentFact } from '../domain/enrichment';
import type { ParsedTitle } from './parseTitle';

/** A signal's value; a multi-select picklist attribute gives its values. */
export type SignalValue = string | number | boolean | readonly string[] | undefined;

/** The enrichment facts the rules read, gathered in one pass over the facts. */
export interface FactSlots {
  emailType: EnrichmentFact['value'] | undefined;
  emailDomain: EnrichmentFact['value'] | undefined;
  domain: EnrichmentFact['value'] | undefined;
  phoneValid: EnrichmentFact['value'] | undefined;
  mxAcceptsMail: EnrichmentFact['value'] | undefined;
  seniority: EnrichmentFact['value'] | undefined;
  department: EnrichmentFact['value'] | undefined;
  isDecisionMaker: EnrichmentFact['value'] | undefined;
  country: EnrichmentFact['value'] | undefined;
  employees: EnrichmentFact['value'] | undefined;
  annualRevenue: EnrichmentFact['value'] | undefined;
  industry: EnrichmentFact['value'] | undefined;
}

type FactName = keyof FactSlots;

export function emptyFactSlots(): FactSlots {
  return {
    emailType: undefined,
    emailDomain: undefined,
    domain: undefined,
    phoneValid: undefined,
    mxAcceptsMail: undefined,
    seniority: undefined,
    department: undefined,
    isDecisionMaker: undefined,
    country: undefined,
    employees: undefined,
    annualRevenue: undefined,
    industry: undefined,
  };
}

/** Fills `slots` from the facts; the first non-null fact of a field wins. */
export function gatherFacts(slots: FactSlots, enrichment: Enrichment | undefined): void {
  slots.emailType =
    slots.emailDomain =
    slots.domain =
    slots.phoneValid =
    slots.mxAcceptsMail =
    slots.seniority =
      undefined;
  slots.department =
    slots.isDecisionMaker =
    slots.country =
    slots.employees =
    slots.annualRevenue =
    slots.industry =
      undefined;
  if (!enrichment) return;
  // a switch on the name: one pass, no dynamic property access (this runs for every lead)
  for (const f of enrichment.facts) {
    const v = f.value;
    switch (f.field) {
      case 'emailType':
        slots.emailType ??= v;
        break;
      case 'emailDomain':
        slots.emailDomain ??= v;
        break;
      case 'domain':
        slots.domain ??= v;
        break;
      case 'phoneValid':
        slots.phoneValid ??= v;
        break;
      case 'mxAcceptsMail':
        slots.mxAcceptsMail ??= v;
        break;
      case 'seniority':
        slots.seniority ??= v;
        break;
      case 'department':
        slots.department ??= v;
        break;
      case 'isDecisionMaker':
        slots.isDecisionMaker ??= v;
        break;
      case 'country':
        slots.country ??= v;
        break;
      case 'employees':
        slots.employees ??= v;
        break;
      case 'annualRevenue':
        slots.annualRevenue ??= v;
        break;
      case 'industry':
        slots.industry ??= v;
        break;
      default:
        break;
    }
  }
}

/** What one lead offers the rules; built once per lead, read by every rule. */
export interface LeadView {
  lead: CanonicalLead;
  facts: FactSlots;
  /** Parsed title, filled on first use (most definitions read it twice or more). */
  title: ParsedTitle | undefined;
  parseTitle: (title: string | null | undefined) => ParsedTitle;
  hasUnsubscribeEvent: boolean;
  /** The scoring time, for the age of date attributes. */
  nowMs: number;
}

export type SignalReader = (view: LeadView) => SignalValue;

function text(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 32) return value;
  return undefined;
}

function num(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function fact<T extends 'string' | 'number' | 'boolean'>(view: LeadView, field: FactName, type: T) {
  const value = view.facts[field];
  return (typeof value === type ? value : undefined) as
    (T extends 'string' ? string : T extends 'number' ? number : boolean) | undefined;
}

function title(view: LeadView): ParsedTitle {
  return (view.title ??= view.parseTitle(view.lead.title));
}

function emailDomain(view: LeadView): string | undefined {
  const known = fact(view, 'emailDomain', 'string');
  if (known) return known;
  const email = text(view.lead.email);
  const at = email ? email.lastIndexOf('@') : -1;
  return at > 0 && at < email!.length - 1
    ? email!
        .slice(at + 1)
        .trim()
        .toLowerCase()
    : undefined;
}

function emailType(view: LeadView): string | undefined {
  const known = fact(view, 'emailType', 'string');
  if (known) return known;
  const email = text(view.lead.email);
  if (!email) return 'missing';
  return email.indexOf('@') <= 0 ? 'malformed' : undefined;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** A two-letter code in capitals, without allocating when it already is one. */
function isoCode(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const code = value.length === 2 ? value : value.trim();
  if (code.length !== 2 || !isLetter(code.charCodeAt(0)) || !isLetter(code.charCodeAt(1))) return undefined;
  return code.charCodeAt(0) >= 97 || code.charCodeAt(1) >= 97 ? code.toUpperCase() : code;
}

function country(view: LeadView): string | undefined {
  const crm = text(view.lead.country);
  return isoCode(crm) ?? isoCode(fact(view, 'country', 'string'));
}

/**
 * How every signal is read. CRM values on the lead win over enrichment facts; what
 * neither holds is derived when that is pure (title → seniority) or left unknown.
 */
export const SIGNAL_READERS: Record<Exclude<SignalName, 'attribute'>, SignalReader> = {
  employees: (v) => num(v.lead.employees) ?? fact(v, 'employees', 'number'),
  annualRevenue: (v) => num(v.lead.annualRevenue) ?? fact(v, 'annualRevenue', 'number'),
  industry: (v) => text(v.lead.industry) ?? fact(v, 'industry', 'string'),
  country,
  region: country,
  state: (v) => text(v.lead.state),
  city: (v) => text(v.lead.city),
  leadSource: (v) => text(v.lead.leadSource),
  title: (v) => text(v.lead.title),
  seniority: (v) => {
    const known = fact(v, 'seniority', 'string');
    if (known && known !== 'unknown') return known;
    const parsed = title(v).seniority;
    return parsed === 'unknown' ? undefined : parsed;
  },
  department: (v) => {
    const known = fact(v, 'department', 'string');
    if (known && known !== 'unknown') return known;
    const parsed = title(v).department;
    return parsed === 'unknown' ? undefined : parsed;
  },
  isDecisionMaker: (v) =>
    fact(v, 'isDecisionMaker', 'boolean') ?? (text(v.lead.title) ? title(v).isDecisionMaker : undefined),
  emailType,
  emailDomain,
  domain: (v) => fact(v, 'domain', 'string'),
  website: (v) => text(v.lead.website),
  phone: (v) => text(v.lead.phone) ?? text(v.lead.mobilePhone),
  phoneValid: (v) => fact(v, 'phoneValid', 'boolean'),
  mxAcceptsMail: (v) => fact(v, 'mxAcceptsMail', 'boolean'),
  unsubscribed: (v) => (v.lead.unsubscribed === true || v.hasUnsubscribeEvent ? true : v.lead.unsubscribed),
  budget: (v) => v.lead.qualification?.budget,
  decisionMakerInvolved: (v) => v.lead.qualification?.decisionMaker,
  timeline: (v) => v.lead.qualification?.timeline,
  need: (v) => text(v.lead.qualification?.need),
  urgencyEvent: (v) => text(v.lead.qualification?.urgencyEvent),
  competingProposals: (v) => v.lead.qualification?.competingProposals,
  complementaryInterest: (v) => v.lead.qualification?.complementaryInterest,
};

const DAY_MS = 86_400_000;

/**
 * The reader of one attribute. No value, '' and an empty list are unknown. With `asAge`
 * (the criterion's bands ask for a date's age) the value is the age in whole days at the
 * scoring time, unknown when it is not a date.
 */
export function attributeReader(name: string, asAge: boolean): SignalReader {
  return (view) => {
    const raw = view.lead.attributes?.[name];
    if (raw === null || raw === undefined || raw === '') return undefined;
    if (Array.isArray(raw)) return raw.length ? raw : undefined;
    if (!asAge) return raw as string | number | boolean;
    const ms = typeof raw === 'string' ? Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00Z` : raw) : NaN;
    return Number.isNaN(ms) ? undefined : Math.max(0, Math.floor((view.nowMs - ms) / DAY_MS));
  };
}
