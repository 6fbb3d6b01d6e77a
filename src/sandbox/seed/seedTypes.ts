/**
 * The CRM-agnostic shape of the sandbox's seeded data. Each CRM sandbox maps it onto its own
 * objects (Salesforce Lead/Task/CampaignMember/Opportunity, SugarCRM Leads/Calls/Tasks/…).
 * Keys are neutral (`U03`, `L000042`); each sandbox derives its own ids from them.
 * Timestamps are ISO-8601 UTC strings with whole seconds (`2026-03-01T10:15:00Z`).
 */

export type SeedCountryCode = 'ES' | 'MX' | 'AR' | 'CO' | 'CL' | 'US';

export interface SeedTeam {
  key: string;
  name: string;
  countries: SeedCountryCode[];
}

export type SeedUserRole = 'admin' | 'marketing' | 'sales_manager' | 'sales_rep';

export interface SeedUser {
  key: string;
  firstName: string;
  lastName: string;
  username: string;
  email: string;
  role: SeedUserRole;
  teamKey: string | null;
  isActive: boolean;
  timeZone: string;
  language: 'en' | 'es';
  country: SeedCountryCode;
}

export interface SeedAccount {
  key: string;
  name: string;
  domain: string;
  website: string;
  ownerKey: string;
  country: SeedCountryCode;
  industry: string;
  employees: number;
  createdAt: string;
}

export interface SeedCampaign {
  key: string;
  name: string;
  type: 'Webinar' | 'Conference' | 'Email' | 'Advertisement' | 'Trade Show' | 'Direct Mail';
  startDate: string;
  isActive: boolean;
}

export type SeedEmailKind = 'corporate' | 'free' | 'disposable' | 'role' | 'malformed' | 'missing';

/**
 * Where the lead stands on the sales side: `new` (Open - Not Contacted), `working` (a rep is on it),
 * `returned` (sent back to marketing, with statusReason), `disqualified` (Closed - Not Converted,
 * with statusReason), `converted` (Closed - Converted, see `conversion`).
 */
export type SeedLeadStatus = 'new' | 'working' | 'returned' | 'disqualified' | 'converted';

export type SeedActivityType =
  | 'form_submit'
  | 'demo_request'
  | 'content_download'
  | 'webinar_attended'
  | 'email_click'
  | 'email_open'
  | 'inbound_call'
  | 'pricing_page_visit';

export interface SeedActivity {
  key: string;
  type: SeedActivityType;
  /** Tasks are logged touches; calls are phone calls (inbound_call only). */
  kind: 'task' | 'call';
  subject: string;
  occurredAt: string;
}

/**
 * What the lead's owner did, as a rep logs it: an e-mail sent, a call nobody answered, a call
 * with a conversation, a meeting (held, or `scheduled` still ahead of the seed's now).
 */
export type SeedSalesActivityType = 'email' | 'call_attempt' | 'connected_call' | 'meeting' | 'scheduled_meeting';

export interface SeedSalesActivity {
  key: string;
  type: SeedSalesActivityType;
  subject: string;
  /** When it happened (a meeting: when it starts). */
  occurredAt: string;
  /** Calls: how long; meetings: minutes × 60. */
  durationSeconds?: number;
  /** Calls: the result the rep picked, in the rep's language. */
  result?: string;
}

export interface SeedCampaignResponse {
  campaignKey: string;
  status: 'Sent' | 'Responded';
  addedAt: string;
  respondedAt: string | null;
}

export type SeedOpportunityStage =
  'Prospecting' | 'Qualification' | 'Proposal/Price Quote' | 'Negotiation/Review' | 'Closed Won' | 'Closed Lost';

export interface SeedOpportunity {
  key: string;
  name: string;
  amount: number;
  currency: 'USD' | 'EUR';
  stage: SeedOpportunityStage;
  isClosed: boolean;
  isWon: boolean;
  closeDate: string;
  lossReason: string | null;
  createdAt: string;
}

export interface SeedConversion {
  convertedAt: string;
  /** An account of the table when the lead's company is one, else a new key the sandbox creates from the lead. */
  accountKey: string;
  isExistingAccount: boolean;
  contactKey: string;
  opportunity: SeedOpportunity | null;
}

export interface SeedLead {
  index: number;
  key: string;
  firstName: string | null;
  lastName: string;
  email: string | null;
  emailKind: SeedEmailKind;
  phone: string | null;
  mobile: string | null;
  title: string | null;
  titleLanguage: 'en' | 'es' | null;
  company: string | null;
  website: string | null;
  industry: string | null;
  employees: number | null;
  annualRevenue: number | null;
  /** As the person typed it ("España", "USA", "mexico"), or null. */
  country: string | null;
  /** The truth behind `country`, for assertions. */
  countryCode: SeedCountryCode;
  state: string | null;
  city: string | null;
  leadSource: string | null;
  status: SeedLeadStatus;
  statusReason: string | null;
  statusChangedAt: string | null;
  ownerKey: string;
  /** The company's account when it is one of `accounts` (domain matches). */
  matchingAccountKey: string | null;
  hasOptedOutOfEmail: boolean;
  createdAt: string;
  modifiedAt: string;
  activities: SeedActivity[];
  /** The owner's own activity on the lead (never the lead's engagement). */
  salesActivities: SeedSalesActivity[];
  campaignResponses: SeedCampaignResponse[];
  conversion: SeedConversion | null;
}

export interface SeedData {
  seed: number;
  now: string;
  teams: SeedTeam[];
  users: SeedUser[];
  accounts: SeedAccount[];
  campaigns: SeedCampaign[];
  leadCount: number;
  /** Lead `index` (0-based), a pure function of (seed, now, index): cheap, no shared state. */
  lead(index: number): SeedLead;
  /** All leads in index order, generated lazily. */
  leads(): IterableIterator<SeedLead>;
}
