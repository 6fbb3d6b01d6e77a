/**
 * Salesforce facts the connector relies on, each once (see /work/shared/crm-api-facts.md).
 */

/**
 * The REST/Metadata API version leadloop speaks (Summer '25). Pinned because jsforce would
 * default to 50.0; SOAP login() is absent from 65.0 on, and leadloop never uses it.
 */
export const SALESFORCE_API_VERSION = '64.0';

/** Where production orgs sign in; sandboxes use https://test.salesforce.com. */
export const DEFAULT_LOGIN_URL = 'https://login.salesforce.com';

/** Scopes asked for in the web-server flow: the REST API and a refresh token for unattended runs. */
export const DEFAULT_OAUTH_SCOPE = 'api refresh_token';

/** Salesforce record ids: 15 (case-sensitive) or 18 (case-safe) alphanumerics. */
export const SALESFORCE_ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** A JWT bearer assertion is valid this long (Salesforce accepts at most 3 minutes). */
export const JWT_ASSERTION_TTL_SECONDS = 170;
