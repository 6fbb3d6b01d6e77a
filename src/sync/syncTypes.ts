import type { Connector, SkippedSource } from '../domain/connector';
import type { HandoverPlanner, HandoverSummary } from '../domain/handover';
import type { ScoreSummary } from '../domain/score';
import type { Enrichment } from '../domain/enrichment';
import type { EngagementEvent } from '../domain/engagement';
import type { CanonicalLead } from '../domain/lead';
import type { LeadStatus } from '../domain/status';
import type { Logger } from '../log/createLogger';
import type { Database } from '../store/database';
import type { OrgRecord } from '../store/orgRepository';
import type { RunCounts, RunMode, RunStatus } from './stores/runStore';

/** The language a rep reads: one of both, or both when leadloop cannot tell. */
export type ReaderLanguage = 'en' | 'es' | 'both';

export interface SyncScorer {
  readonly version: string;
  score(input: {
    lead: CanonicalLead;
    enrichment?: Enrichment;
    events: EngagementEvent[];
    currentStatus: LeadStatus | null;
    now: Date;
    recycledAt?: string | null;
    disqualifiedBySales?: boolean;
  }): ScoreSummary;
  /** The reasons text for the CRM; `reader` is the lead owner's language (the mapping may force one). */
  formatReasons(result: ScoreSummary, reader?: ReaderLanguage): string;
}

/** How leadloop reads the people and statuses of one org (from its CRM users and its mapping). */
export interface OrgReaders {
  /** The language of the CRM user who owns a lead (loaded once per run); undefined when unknown. */
  languageOf(): Promise<(ownerId: string | null | undefined) => 'en' | 'es' | undefined>;
  /** What a rep's CRM status value means in the mapping (`disqualified`, `accepted`…), or null. */
  meaningOf(crmStatus: string | null | undefined): string | null;
}

export interface SyncEnricher {
  /** Network lookups are on: leads scored while a lookup could not be made are enriched again. */
  readonly network?: boolean;
  enrichPage(leads: CanonicalLead[]): Promise<Map<string, Enrichment>>;
  summary(): {
    /** `unavailable`: lookups were tried and none was answered (said once in the log). */
    network?: 'off' | 'available' | 'unavailable';
    lookups: Record<string, number>;
    cacheHits: number;
    problems: { source: string; message: string; count: number }[];
  };
}

export interface SyncProgress {
  stage: 'outcomes' | 'engagement' | 'leads' | 'rescore';
  counts: RunCounts;
  apiCalls: number;
}

export interface RunSyncDeps {
  db: Database;
  org: OrgRecord;
  connector: Connector;
  scorer: SyncScorer;
  enricher: SyncEnricher;
  router?: HandoverPlanner;
  /** Without it every reasons text is in the mapping's language and a rep's disqualification is only reopened by an outcome. */
  readers?: OrgReaders;
  logger: Logger;
  now?: () => Date;
  workerId?: string;
  onProgress?: (progress: SyncProgress) => void;
}

export interface RunSyncOptions {
  mode: RunMode;
  /** Re-read this much before the watermark to catch late commits (default 5 min). */
  overlapMs?: number;
  /** Pull path: `auto` lets the connector choose Bulk API for large loads (see bulkThreshold). */
  pullMode?: 'auto' | 'rest' | 'bulk';
  /** With `auto`: more leads to read than this go through the CRM's bulk export (PullOptions.bulkThreshold); unset: never. */
  bulkThreshold?: number;
  /** Pages are processed in batches of at least this many leads (default 5,000); a checkpoint per batch. */
  batchLeads?: number;
  /** A run already recorded as `queued` (console "Sync now"): this run goes on in that record. */
  runId?: number;
}

export interface RunSummary {
  runId: number | null;
  org: string;
  mode: RunMode;
  status: RunStatus | 'skipped';
  stopReason: string | null;
  counts: RunCounts;
  apiCalls: number;
  durationMs: number;
  enrichment?: ReturnType<SyncEnricher['summary']>;
  /** SLA escalation after the run, when routing is configured. */
  sla?: { breaches: number; reassigned: number; notified: boolean };
  /** Hand-over and escalation messages and campaign adds sent after the run's state was stored. */
  notifications?: { sent: number; failed: number };
  /** What the org lacks that the run went on without (optional mapped fields, status values). */
  warnings?: string[];
  /** How MQLs were handed over (no routing file: kept with their CRM owner). */
  handover?: HandoverSummary;
  /** Optional sources the run went on without: the integration user cannot read them. */
  skippedSources: SkippedSource[];
}

export type { HandoverPlan, HandoverPlanner, HandoverSummary } from '../domain/handover';
export type { ScoreSummary } from '../domain/score';
