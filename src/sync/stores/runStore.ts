import type { Cursor, SkippedSource } from '../../domain/connector';
import type { Queryable } from '../../store/database';

/** `queued`: recorded by "Sync now", not started yet; the others are set by the run itself. */
export type RunStatus = 'queued' | 'running' | 'completed' | 'stopped' | 'failed';
export type RunMode = 'full' | 'incremental';

export interface RunCounts {
  pulled: number;
  rejected: number;
  deduplicated: number;
  enriched: number;
  scored: number;
  statusChanges: number;
  assigned: number;
  handovers: number;
  written: number;
  unchanged: number;
  failed: number;
  skipped: number;
  engagementEvents: number;
  outcomes: number;
  rescored: number;
  fieldIssues: number;
}

export const emptyCounts = (): RunCounts => ({
  pulled: 0,
  rejected: 0,
  deduplicated: 0,
  enriched: 0,
  scored: 0,
  statusChanges: 0,
  assigned: 0,
  handovers: 0,
  written: 0,
  unchanged: 0,
  failed: 0,
  skipped: 0,
  engagementEvents: 0,
  outcomes: 0,
  rescored: 0,
  fieldIssues: 0,
});

export interface RunFailure {
  externalId?: string;
  stage: 'pull' | 'map' | 'enrich' | 'score' | 'route' | 'write' | 'handover' | 'outcomes' | 'engagement';
  kind: string;
  code: string;
  message: string;
}

export interface RunRecord {
  id: number;
  orgId: number;
  mode: RunMode;
  status: RunStatus;
  startedAt: Date;
  finishedAt: Date | null;
  counts: RunCounts;
  apiCalls: number;
  stopReason: string | null;
  /** A code for the stop reason where one is known (SETUP_INCOMPLETE, ALREADY_RUNNING, ...). */
  stopCode: string | null;
  /** What to do about the stop reason, where the run knows. */
  fix: string | null;
  /** Optional sources the run went on without (the integration user cannot read them). */
  skippedSources: SkippedSource[];
}

/** A queued run older than this was never going to start (see markAbandoned). */
export const QUEUED_TIMEOUT_MINUTES = 15;

export type CursorStream = 'leads' | 'engagement' | 'outcomes';

const toRun = (r: Record<string, unknown>): RunRecord => ({
  id: Number(r['id']),
  orgId: Number(r['org_id']),
  mode: r['mode'] as RunMode,
  status: r['status'] as RunStatus,
  startedAt: new Date(r['started_at'] as string),
  finishedAt: r['finished_at'] ? new Date(r['finished_at'] as string) : null,
  counts: { ...emptyCounts(), ...(r['counts'] as Partial<RunCounts>) },
  apiCalls: Number(r['api_calls']),
  stopReason: (r['stop_reason'] as string | null) ?? null,
  stopCode: (r['stop_code'] as string | null) ?? null,
  fix: (r['stop_fix'] as string | null) ?? null,
  skippedSources: Array.isArray(r['skipped_sources']) ? (r['skipped_sources'] as SkippedSource[]) : [],
});

/** Sync runs, their failures, and the committed cursors. */
export function createRunStore(db: Queryable) {
  return {
    async start(orgId: number, mode: RunMode, cursorFrom: unknown, worker: string): Promise<number> {
      const { rows } = await db.query<{ id: string }>(
        'INSERT INTO sync_runs (org_id, mode, cursor_from, worker) VALUES ($1, $2, $3, $4) RETURNING id',
        [orgId, mode, JSON.stringify(cursorFrom ?? null), worker],
      );
      return Number(rows[0]!.id);
    },

    /** A run asked for (console "Sync now"), recorded before anything is checked so it shows at once. */
    async queue(orgId: number, mode: RunMode, worker: string): Promise<number> {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO sync_runs (org_id, mode, status, worker) VALUES ($1, $2, 'queued', $3) RETURNING id`,
        [orgId, mode, worker],
      );
      return Number(rows[0]!.id);
    },

    /** A queued run starts: from now on it is `running`, with the cursor it starts from. */
    async begin(runId: number, cursorFrom: unknown): Promise<void> {
      await db.query(
        `UPDATE sync_runs SET status = 'running', cursor_from = $2, started_at = now(), heartbeat_at = now() WHERE id = $1`,
        [runId, JSON.stringify(cursorFrom ?? null)],
      );
    },

    /** A run that could not start (setup incomplete, another run holds the lock...): failed, with why and what to do. */
    async failBeforeStart(runId: number, stop: { code: string; reason: string; fix: string | null }): Promise<void> {
      await db.query(
        `UPDATE sync_runs SET status = 'failed', stop_code = $2, stop_reason = $3, stop_fix = $4, finished_at = now(), heartbeat_at = now()
         WHERE id = $1 AND status = 'queued'`,
        [runId, stop.code, stop.reason.slice(0, 4000), stop.fix?.slice(0, 2000) ?? null],
      );
    },

    async heartbeat(runId: number, counts: RunCounts, apiCalls: number): Promise<void> {
      await db.query('UPDATE sync_runs SET counts = $2, api_calls = $3, heartbeat_at = now() WHERE id = $1', [
        runId,
        JSON.stringify(counts),
        apiCalls,
      ]);
    },

    async finish(
      runId: number,
      status: RunStatus,
      counts: RunCounts,
      apiCalls: number,
      stopReason: string | null,
      cursorTo: unknown,
      skippedSources: SkippedSource[] = [],
    ): Promise<void> {
      await db.query(
        `UPDATE sync_runs SET status = $2, counts = $3, api_calls = $4, stop_reason = $5, cursor_to = $6, skipped_sources = $7, finished_at = now(), heartbeat_at = now()
         WHERE id = $1`,
        [
          runId,
          status,
          JSON.stringify(counts),
          apiCalls,
          stopReason,
          JSON.stringify(cursorTo ?? null),
          JSON.stringify(skippedSources),
        ],
      );
    },

    async addFailures(runId: number, failures: RunFailure[]): Promise<void> {
      if (failures.length === 0) return;
      await db.query(
        `INSERT INTO sync_run_failures (run_id, external_id, stage, kind, code, message)
         SELECT $1, x.external_id, x.stage, x.kind, x.code, x.message
         FROM jsonb_to_recordset($2::jsonb) AS x(external_id text, stage text, kind text, code text, message text)`,
        [
          runId,
          JSON.stringify(
            failures.map((f) => ({
              external_id: f.externalId ?? null,
              stage: f.stage,
              kind: f.kind,
              code: f.code,
              message: f.message.slice(0, 2000),
            })),
          ),
        ],
      );
    },

    async failures(runId: number, limit = 1000): Promise<RunFailure[]> {
      const { rows } = await db.query<Record<string, string>>(
        'SELECT external_id, stage, kind, code, message FROM sync_run_failures WHERE run_id = $1 ORDER BY id LIMIT $2',
        [runId, limit],
      );
      return rows.map((r) => ({
        externalId: r['external_id'] ?? undefined,
        stage: r['stage'] as RunFailure['stage'],
        kind: r['kind']!,
        code: r['code']!,
        message: r['message']!,
      }));
    },

    /** The newest runs of every org (the console's Runs page). */
    async recent(limit = 50): Promise<RunRecord[]> {
      const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM sync_runs ORDER BY id DESC LIMIT $1', [
        limit,
      ]);
      return rows.map(toRun);
    },

    async list(orgId: number, limit = 20): Promise<RunRecord[]> {
      const { rows } = await db.query<Record<string, unknown>>(
        'SELECT * FROM sync_runs WHERE org_id = $1 ORDER BY id DESC LIMIT $2',
        [orgId, limit],
      );
      return rows.map(toRun);
    },

    async get(runId: number): Promise<RunRecord | null> {
      const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM sync_runs WHERE id = $1', [runId]);
      return rows[0] ? toRun(rows[0]) : null;
    },

    /**
     * Runs left `running` by a process that died: marked failed so they never look done. A run
     * still `queued` after QUEUED_TIMEOUT_MINUTES was queued by a process that stopped before
     * starting it (a start takes seconds): failed too, so the console stops waiting for it.
     */
    async markAbandoned(orgId: number): Promise<number> {
      const { rowCount } = await db.query(
        `UPDATE sync_runs SET status = 'failed', stop_reason = 'the process running it stopped (killed or lost its database); the next run resumes from the last checkpoint', finished_at = now()
         WHERE org_id = $1 AND status = 'running'`,
        [orgId],
      );
      await db.query(
        `UPDATE sync_runs SET status = 'failed', stop_code = 'NEVER_STARTED', stop_reason = 'the process that queued it stopped before starting it', stop_fix = 'Sync again.', finished_at = now()
         WHERE org_id = $1 AND status = 'queued' AND started_at < now() - make_interval(mins => $2)`,
        [orgId, QUEUED_TIMEOUT_MINUTES],
      );
      return rowCount;
    },

    async getCursor<T = Cursor>(orgId: number, stream: CursorStream): Promise<T | null> {
      const { rows } = await db.query<{ cursor: T }>(
        'SELECT cursor FROM sync_cursors WHERE org_id = $1 AND stream = $2',
        [orgId, stream],
      );
      return rows[0]?.cursor ?? null;
    },

    async setCursor(orgId: number, stream: CursorStream, cursor: unknown): Promise<void> {
      await db.query(
        `INSERT INTO sync_cursors (org_id, stream, cursor) VALUES ($1, $2, $3)
         ON CONFLICT (org_id, stream) DO UPDATE SET cursor = EXCLUDED.cursor, updated_at = now()`,
        [orgId, stream, JSON.stringify(cursor)],
      );
    },

    async clearCursors(orgId: number): Promise<void> {
      await db.query('DELETE FROM sync_cursors WHERE org_id = $1', [orgId]);
    },
  };
}

export type RunStore = ReturnType<typeof createRunStore>;
