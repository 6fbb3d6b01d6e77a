// The shapes of the /api/v1 answers the console reads (see GET /api/v1/openapi.json).

export type RunStatus = 'queued' | 'running' | 'completed' | 'stopped' | 'failed';

export interface RunCounts {
  [count: string]: number;
}

export interface SkippedSource {
  source: string;
  consequence: string;
  code: string;
  status?: number;
  message: string;
}

export interface Run {
  id: number;
  orgId: number;
  org?: string | null;
  mode: 'full' | 'incremental';
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  counts: RunCounts;
  apiCalls: number;
  stopReason: string | null;
  stopCode: string | null;
  fix: string | null;
  skippedSources: SkippedSource[];
}

export interface RunFailure {
  externalId?: string;
  stage: string;
  kind: string;
  code: string;
  message: string;
}

export type HealthStatus = 'connected' | 'setup_needed' | 'needs_reconnect' | 'failing' | 'disabled';

export interface Org {
  name: string;
  crm: 'salesforce' | 'sugarcrm';
  instanceUrl: string;
  state: string;
  stateMessage: string | null;
  timezone: string;
  schedule: string;
  incrementalSchedule: string | null;
  definition: string;
  syncing: boolean;
  health: { status: HealthStatus; message: string | null; nextStep: string };
  lastRun: Run | null;
  leadCount: number;
  /** The next scheduled runs (the worker runs connected orgs only). */
  nextRuns: { at: string; schedule: 'nightly' | 'frequent' }[];
}

export interface Session {
  kind: 'admin' | 'token';
  name: string;
  scope: string;
  csrfToken: string | null;
}

export interface MappingField {
  leadloop: string;
  crmField: string;
  direction: 'read' | 'written';
}

export interface OrgConfiguration {
  definition: { name: string; version: number | null; source: string };
  routing: { file: string | null; source: string };
  mapping: { file: string; shipped: boolean };
  schedule: { nightly: string; incremental: string | null; timezone: string };
}
