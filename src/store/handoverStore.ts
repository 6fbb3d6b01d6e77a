import type { Queryable } from './database';

/** One hand-over: a task for a rep under a stable key (`<lead id>:<hand-over number>`), due by the SLA deadline. */
export interface HandoverRecord {
  key: string;
  externalId: string;
  ownerId: string;
  slaDueAt: string;
  /** The run that planned it; none for an SLA escalation made after a run. */
  runId?: number | null;
}

/** The `handovers` table: written here only, by a page's hand-overs and by SLA escalations. */
export function createHandoverStore(q: Queryable, orgId: number) {
  return {
    /** Records hand-overs; one already stored under a key stays as it is (a replayed page). */
    async record(handovers: HandoverRecord[]): Promise<void> {
      for (const h of handovers)
        await q.query(
          `INSERT INTO handovers (org_id, task_key, external_id, owner_id, sla_due_at, run_id) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (org_id, task_key) DO NOTHING`,
          [orgId, h.key, h.externalId, h.ownerId, h.slaDueAt, h.runId ?? null],
        );
    },
    /** Hand-overs already stored under these keys: who they went to and by when. */
    async byKeys(keys: string[]): Promise<Map<string, { ownerId: string; slaDueAt: string }>> {
      if (!keys.length) return new Map();
      const { rows } = await q.query<{ task_key: string; owner_id: string; sla_due_at: Date | string }>(
        `SELECT task_key, owner_id, sla_due_at FROM handovers WHERE org_id = $1 AND task_key = ANY($2::text[])`,
        [orgId, keys],
      );
      return new Map(
        rows.map((r) => [r.task_key, { ownerId: r.owner_id, slaDueAt: new Date(r.sla_due_at).toISOString() }]),
      );
    },
  };
}
