import type { CanonicalLead, CrmKind, FieldIssue, LeadloopFields } from './lead';
import type { EngagementEvent } from './engagement';
import type { OutcomeEvent } from './outcome';
import type { LeadloopErrorInfo } from './errors';

/**
 * A keyset position in a CRM's modification order: `(modifiedAt, id)` ordered by
 * SystemModstamp, Id (Salesforce) or date_modified, id (SugarCRM). Everything strictly
 * after it has not been seen yet.
 */
export interface Cursor {
  version: 1;
  modifiedAt: string;
  id: string;
}

/** One page of leads as the connector read them. */
export interface LeadPage {
  leads: CanonicalLead[];
  /** Leads the mapping could not read at all (e.g. no id): reported, never silently dropped. */
  rejected: { externalId?: string; issues: FieldIssue[] }[];
  /** Position after the last lead of this page; commit it only once the page's writes are settled. */
  cursor: Cursor | null;
}

export interface PullOptions {
  /** Start after this position; null reads everything. */
  since: Cursor | null;
  /** Re-read this much before `since` to catch late commits (de-duplicated by the caller). */
  overlapMs: number;
  /** `rest` pages through the query API; `bulk` uses the CRM's bulk export (large initial loads); `auto` lets the connector pick. */
  mode?: 'auto' | 'rest' | 'bulk';
  /**
   * For `auto`: read through the bulk export when more leads than this are to be read.
   * A connector with a bulk export counts them first when `since` is null (a first or full
   * sync); an incremental pull switches when the query API's own answer says more changed.
   * Connectors without a bulk export ignore it.
   */
  bulkThreshold?: number;
  /**
   * Leave out records whose last modification was made by leadloop's own CRM user (its
   * write-backs), so they do not come back on the next incremental run (no sync loop).
   * The caller turns it off after an interrupted run and for full syncs.
   */
  skipOwnWrites?: boolean;
  /**
   * Read only records stamped strictly before this instant (the run's start, whole
   * seconds): leadloop's own writes during the run would otherwise move the leads they
   * touch to the end of the order and be read again. Later changes wait for the next run.
   */
  until?: string;
}

/** The values leadloop wants in the CRM for one lead. Only defined keys are written; `null` clears. */
export interface LeadUpdate {
  externalId: string;
  fields: LeadloopFields & { ownerId?: string | null };
}

/** A hand-over task for the rep who now owns a qualified lead. Created exactly once per key. */
export interface HandoverTask {
  /** Idempotency key, stable across retries and restarts (e.g. `<leadId>:<handoverSeq>`). */
  key: string;
  leadExternalId: string;
  ownerId: string;
  subject: string;
  description: string;
  dueAt: string;
}

export type RecordResult =
  | { externalId: string; ok: true; createdId?: string }
  | { externalId: string; ok: false; error: LeadloopErrorInfo & { message: string }; skipped?: boolean };

export interface FieldDescription {
  name: string;
  label: string;
  type: string;
  updateable: boolean;
  custom: boolean;
  picklistValues?: string[];
  length?: number;
}

export interface LeadObjectDescription {
  fields: FieldDescription[];
  /** Write-back fields the mapping needs that the CRM does not have (or does not let us see). */
  missingFields: string[];
}

export interface SetupReport {
  created: string[];
  alreadyPresent: string[];
  /** Steps an admin must take by hand (e.g. install a package), in plain words. */
  manualSteps: string[];
  /** What the org lacks that the loop runs without (optional fields, status values), and what that switches off. */
  warnings?: string[];
}

export interface CrmUser {
  id: string;
  name: string;
  email?: string;
  isActive: boolean;
  /** The user's CRM language as the CRM spells it (`es`, `en_US`, `es_ES`), when readable. */
  language?: string;
  /** The user's IANA time zone (`Europe/Madrid`), when readable. */
  timeZone?: string;
}

export interface CrmAccount {
  id: string;
  name: string;
  domain?: string;
  ownerId?: string;
}

/**
 * An optional source (activities, campaign responses, opportunities) the integration user
 * cannot read: the run went on without it and says what that costs.
 */
export interface SkippedSource {
  /** The CRM's object or module, e.g. `CampaignLog`, `Event`. */
  source: string;
  /** What leadloop loses without it, e.g. "campaign responses will not score". */
  consequence: string;
  /** The CRM's error code (INVALID_TYPE, not_authorized …) and HTTP status. */
  code: string;
  status?: number;
  /** One line for the admin: what was skipped, why, and what to grant. */
  message: string;
}

export interface ApiUsage {
  /** Calls this connector instance made. */
  calls: number;
  /** Org-wide usage in the CRM's current window, when the CRM reports it. */
  used?: number;
  max?: number;
}

/**
 * What every CRM adapter provides. Connectors speak the CRM's language inside and the
 * canonical lead outside; they never import the pipeline or the scorer.
 */
export interface Connector {
  readonly crm: CrmKind;

  /**
   * Checks the stored credentials by making one authenticated call, refreshing the
   * session first if it expired. Throws NeedsReconnectError when the CRM refuses them.
   */
  check(): Promise<{ orgId: string; userId?: string; instanceUrl: string }>;

  /** Describes the lead object and lists the write-back fields that are missing or invisible. */
  describeLeads(): Promise<LeadObjectDescription>;

  /** Creates what can be created through the API (custom fields, permissions); safe to run again. */
  setup(): Promise<SetupReport>;

  /**
   * Leads changed after `since` (minus the overlap), in `(modifiedAt, id)` order, as pages.
   * The cursor of a page may be committed only after that page's writes are settled.
   */
  pullLeads(options: PullOptions): AsyncIterable<LeadPage>;

  /** Engagement events (activities, campaign responses) that happened after `since`. */
  pullEngagement(since: string | null): AsyncIterable<EngagementEvent[]>;

  /** Sales outcomes (conversions, opportunities won/lost, reps' status changes) after `since`. */
  pullOutcomes(since: string | null): AsyncIterable<OutcomeEvent[]>;

  /**
   * Writes the leadloop fields (and owner) for a batch of leads. Returns exactly one
   * result per update, in order. Transient failures are retried inside; record errors
   * come back as results, never as a thrown error.
   */
  writeBack(updates: LeadUpdate[]): Promise<RecordResult[]>;

  /** Creates hand-over tasks, each at most once per `key`, one result per task. */
  createHandoverTasks(tasks: HandoverTask[]): Promise<RecordResult[]>;

  /**
   * Adds leads to a nurture campaign or target list (Salesforce Campaign, Sugar
   * ProspectList) given by its CRM id, for leads a rep returned to marketing. A lead that
   * is already a member counts as added. One result per lead, in order; record errors
   * come back as results. Optional: routing reports a connector without it.
   */
  addToCampaign?(campaignId: string, leadExternalIds: string[]): Promise<RecordResult[]>;

  /** Active and inactive users, for routing. */
  listUsers(): Promise<CrmUser[]>;

  /** The lead's page in the CRM's own UI, for the links reps get in tasks and e-mails. */
  recordUrl?(leadExternalId: string): string;

  /** Accounts whose website/domain or name matches, for account-based routing. */
  findAccounts(query: { domains: string[]; names: string[] }): Promise<CrmAccount[]>;

  /** API calls made so far by this instance, and the org's usage when known. */
  apiUsage(): ApiUsage;

  /**
   * Optional sources this instance skipped because the integration user cannot read them
   * (pullEngagement and pullOutcomes go on with the rest instead of failing). What the lead
   * pull itself needs is never skipped: its errors stop the run.
   */
  skippedSources?(): SkippedSource[];
}
