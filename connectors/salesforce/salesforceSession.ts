import type { Connection } from 'jsforce';
import type { OptionalSources } from '../../src/resilience/createOptionalSources';

/**
 * The Salesforce API seen by the connector's parts (pull, write-back, tasks, setup):
 * one jsforce Connection on a pinned API version, an expired session refreshed and the
 * new token persisted, every call counted and its failure classified into leadloop's
 * error taxonomy (connectors/salesforce/classifySalesforceError.ts).
 */
export interface SalesforceSession {
  /** The pinned REST API version, e.g. `64.0` (jsforce would default to 50.0). */
  readonly apiVersion: string;
  /** The org's instance URL, e.g. `https://acme.my.salesforce.com`. */
  instanceUrl(): string;
  /** leadloop's own Salesforce user id (the integration user), used to skip its own writes. */
  userId(): Promise<string>;
  /**
   * Runs one API round trip with the connection: counts it, refreshes an expired session
   * once and replays, retries transient failures (5xx, resets, UNABLE_TO_LOCK_ROW on a
   * whole request) with capped backoff, and throws a LeadloopError otherwise. `label`
   * names the call in errors and logs ("query Lead", "composite PATCH Lead").
   */
  call<T>(label: string, fn: (conn: Connection) => Promise<T>): Promise<T>;
  /** Calls made through this session. */
  callCount(): number;
  /** The org's daily API usage from the last `Sforce-Limit-Info` header or /limits, when known. */
  usage(): { used?: number; max?: number };
  /** Objects a run may do without (queryPages and historyPages skip them when unreadable); absent: every read is required. */
  readonly optional?: OptionalSources;
}
