/** The REST API version leadloop speaks (jsforce would default to 50.0). Salesforce serves each version for years. */
export const SALESFORCE_API_VERSION = '64.0';
/** sObject Collections take at most 200 records per call. */
export const COLLECTION_SIZE = 200;
/** Records per query page (Salesforce's default batch; nextRecordsUrl pages after it). */
export const QUERY_BATCH_SIZE = 2000;
/** Per-record lock errors (UNABLE_TO_LOCK_ROW) retried this many times before reported. */
export const RECORD_LOCK_ATTEMPTS = 4;
export const DEFAULT_TIMEOUT_MS = 60_000;
/** The permission set `leadloop setup` creates and assigns to the integration user. */
export const PERMISSION_SET_NAME = 'LeadLoop_Integration';

/**
 * Objects a run does without when the integration user cannot read them (a warning names
 * what is lost), not the Lead itself. See connectors/salesforce/README.md, "What the integration user reads".
 */
export const SALESFORCE_OPTIONAL_SOURCES: Record<string, string> = {
  Task: 'activity logged as tasks (calls, e-mails, marketing tools) will not score',
  Event: 'meetings will not score',
  CampaignMember: 'campaign responses will not score',
  Opportunity: 'won and lost opportunities will not be recorded as outcomes',
};
