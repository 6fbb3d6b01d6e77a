import type { Random } from '../seed/createRandom';
import type { SalesforceStore } from './createSalesforceStore';

/** Faults the sandbox injects, mutable at run time; shares are probabilities in [0, 1] drawn from a seeded PRNG. */
export interface SalesforceFaults {
  /** Added before every API response. */
  latencyMs: number;
  /** Share of API requests that wait `latencySpikeMs` more. */
  latencySpikeShare: number;
  latencySpikeMs: number;
  /** Access tokens stop working this many seconds after they were issued (null: never). */
  tokenTtlSeconds: number | null;
  /** DailyApiRequests Max; calls beyond it get 403 REQUEST_LIMIT_EXCEEDED. */
  dailyApiLimit: number;
  /** Share of API requests answered 503 SERVER_UNAVAILABLE. */
  serverErrorShare: number;
  /** Share of records in a write that fail with UNABLE_TO_LOCK_ROW. */
  lockErrorShare: number;
  /** Share of API requests whose socket is destroyed without a response. */
  dropConnectionShare: number;
  /** Share of JSON responses cut in half. */
  truncatedJsonShare: number;
}

export const DEFAULT_FAULTS: SalesforceFaults = {
  latencyMs: 0,
  latencySpikeShare: 0,
  latencySpikeMs: 2000,
  tokenTtlSeconds: null,
  // Enterprise Edition base allocation; https://developer.salesforce.com/docs/platform/salesforce-app-limits-cheatsheet/guide/salesforce-app-limits-platform-api.html
  dailyApiLimit: 100_000,
  serverErrorShare: 0,
  lockErrorShare: 0,
  dropConnectionShare: 0,
  truncatedJsonShare: 0,
};

export interface SalesforceCalls {
  /** API calls as Salesforce counts them toward DailyApiRequests. */
  total: number;
  /** Per endpoint kind, e.g. `query`, `queryMore`, `composite.update`, `bulk2.ingest`, `oauth.password`. */
  byKind: Record<string, number>;
  /** Records written through REST, composite and bulk. */
  recordsWritten: number;
}

export interface Session {
  userId: string;
  issuedAt: number;
  clientId: string;
}

export interface SandboxContext {
  store: SalesforceStore;
  faults: SalesforceFaults;
  calls: SalesforceCalls;
  random: Random;
  sessions: Map<string, Session>;
  refreshTokens: Map<string, { userId: string; clientId: string }>;
  baseUrl(): string;
  apiUserId: string;
  /** Owner Lead assignment rules give when a write runs them (Sforce-Auto-Assign not FALSE); null: no rule. */
  assignmentRuleOwnerId: string | null;
  apiVersions: string[];
  /** Objects the API user has no Read on (queries and Bulk query jobs answer INVALID_TYPE); mutable at run time. */
  deniedObjects: Set<string>;
  count(kind: string): void;
}
