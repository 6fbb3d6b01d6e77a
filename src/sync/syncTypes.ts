import type { Connector, HandoverTask, SkippedSource } from '../domain/connector';
import type { Enrichment } from '../domain/enrichment';
import type { EngagementEvent } from '../domain/engagement';
import type { CanonicalLead } from '../domain/lead';
import type { LeadStatus } from '../domain/status';
import type { Logger } from '../log/createLogger';
import type { Database, Queryable } from '../store/database';
import type { OrgRecord } from '../store/orgRepository';
import type { RunCounts, RunMode, RunStatus } from './stores/runStore';
import type { StoredLead } from './stores/leadStateStore';
import type { NotificationEntry } from '../notify/notificationStore';

/** What the pipeline needs from a score (the scoring engine's ScoreResult satisfies it). */
export interface ScoreLike {
  fit: number;
  grade: string;
  engagement: number;
  score: number;
  completeness: number;
  missingRequired: string[];
  proposedStatus: LeadStatus;
  statusCause: string;
  fastLane: boolean;
  reasons: { code: string; points: number; en: string; es: string }[];
  definitionVersion: string;
}

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
  }): ScoreLike;
  /** The reasons text for the CRM; `reader` is the lead owner's language (the mapping may force one). */
  formatReasons(result: ScoreLike, reader?: ReaderLanguage): string;
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

/** A hand-over decided for a lead that just became an MQL. */
export interface HandoverPlan {
  ownerId: string;
  slaDueAt: string;
  /** False when leadloop keeps the CRM's owner (nothing to write). */
  assign: boolean;
  task?: Omit<HandoverTask, 'key' | 'leadExternalId' | 'ownerId' | 'dueAt'>;
  /** Messages about the hand-over (webhook, e-mail), queued with the lead's state under the task's key. */
  notifications?: Omit<NotificationEntry, 'key'>[];
  /** What the planner keeps of this decision (a round-robin turn, the assignment log), stored with the page. */
  record?: unknown;
}

export interface HandoverPlanner {
  plan(input: {
    lead: CanonicalLead;
    result: ScoreLike;
    stored: StoredLead | undefined;
    now: Date;
    /**
     * This hand-over was planned and stored already, by a run that stopped before it stored
     * the lead: plan it again for the same owner and deadline, taking no new turn and keeping
     * no new record.
     */
    replay?: { ownerId: string; slaDueAt: string };
  }): Promise<HandoverPlan | null>;
  /**
   * Stores the `record`s of a page's plans (round-robin turns, the assignment log) in the
   * transaction that stores the page's hand-overs, before anything is sent to the CRM. A page
   * replayed after a crash finds its hand-overs stored and plans them again as `replay`, so
   * each lead keeps the owner it was given and takes one turn.
   */
  storePlans?(tx: Queryable, records: unknown[]): Promise<void>;
  /** At the end of a completed run: escalate MQLs nobody touched by their SLA deadline. */
  checkSla?(now: Date): Promise<{ breaches: number; reassigned: number; notified: boolean }>;
  /** Sends the queued notifications (and campaign adds); never throws for a failed send. */
  sendNotifications?(): Promise<{ sent: number; failed: number }>;
  /** CRM id of the nurture campaign recycled leads join, when the routing file names one. */
  recycleCampaign?: string;
  /** What the run's summary says about hand-overs (the planner without a routing file says how to attach one). */
  summary?(): HandoverSummary;
}

export interface HandoverSummary {
  routing: 'configured' | 'not configured';
  /** One line for the admin (e.g. how to attach routing rules). */
  hint?: string;
  /** New MQLs left without an owner to hand over to (a queue owner, an inactive user). */
  unassigned: number;
  unassignedWhy?: Record<string, number>;
  examples?: string[];
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
