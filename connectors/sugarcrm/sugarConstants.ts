/**
 * SugarCRM REST facts leadloop relies on, each once, with where it comes from (Sugar's public
 * REST API documentation, cited per value).
 */

/** Newest REST version we speak; older instances answer `incorrect_version` (301) and we step down. */
export const PREFERRED_API_VERSION = 'v11_1';
/** Every Sugar 7+ instance serves v10 (RestService min_version). */
export const FALLBACK_API_VERSION = 'v10';

/**
 * FilterApi caps `max_num` at the instance's `max_list_limit` and answers `next_offset: -1`
 * when no rows are left (clients/base/api/FilterApi.php). 1000 is the largest page Sugar's
 * own clients ask for; a lower server cap is honoured by following `next_offset`.
 */
export const DEFAULT_PAGE_SIZE = 1000;

/**
 * `/bulk` runs its requests one after the other inside one PHP request and documents no
 * maximum (include/api/help/bulk_post_help.html). 100 PUTs keep one call well inside the
 * usual 60–300 s PHP/proxy time limits while cutting calls 100-fold.
 */
export const DEFAULT_BULK_BATCH_SIZE = 100;
export const MAX_BULK_BATCH_SIZE = 200;

/**
 * Ids in one `{id: {$in: [...]}}` filter. FilterApi turns `$in` into one SQL `IN (…)` and
 * documents no limit; 5,000 GUIDs are a ~200 KB request body, far below PHP's default
 * `post_max_size` (8 MB), and cover a sync batch (LEADLOOP_SYNC_BATCH_LEADS, 2,000 by default) in one call.
 */
export const MAX_IDS_PER_FILTER = 5_000;

/** Sugar record ids are GUIDs (36 chars); seeded users have ids like "1" or "seed_sally_id". */
export const SUGAR_ID_PATTERN = /^[A-Za-z0-9_-]{1,36}$/;

/** Refresh this long before `expires_in` runs out so a request never races the expiry. */
export const TOKEN_EXPIRY_MARGIN_MS = 60_000;

/** A Retry-After longer than this is not slept through: the run stops at its checkpoint instead. */
export const MAX_RETRY_AFTER_MS = 120_000;

export const DEFAULT_TIMEOUT_MS = 60_000;

/** The package an admin installs (Admin → Module Loader); built by buildPackage.ts. */
export const PACKAGE_FILE = 'connectors/sugarcrm/dist/leadloop-fields.zip';
export const PACKAGE_BUILD_COMMAND = 'npm run build && node dist/connectors/sugarcrm/buildPackage.js';

/**
 * Modules a run does without when the integration user cannot read them (a warning names
 * what is lost), not Leads itself (README.md, "Degrade, don't stop").
 */
export const SUGAR_OPTIONAL_SOURCES: Record<string, string> = {
  Calls: 'calls will not score',
  Meetings: 'meetings will not score',
  CampaignLog: 'campaign responses will not score',
  Opportunities: 'won and lost opportunities will not be recorded as outcomes',
};
