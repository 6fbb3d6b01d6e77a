import type { EngagementEvent } from '../../domain/engagement';
import type { OutcomeEvent } from '../../domain/outcome';
import type { Queryable } from '../../store/database';

/** Engagement events and outcomes read from the CRM, de-duplicated by their source ids. */
export function createActivityStore(db: Queryable) {
  return {
    /** Stores events; returns the ids of leads that got at least one new event. */
    async saveEngagement(orgId: number, events: EngagementEvent[]): Promise<Set<string>> {
      if (events.length === 0) return new Set();
      const { rows } = await db.query<{ lead_external_id: string }>(
        `INSERT INTO engagement_events (org_id, external_id, lead_external_id, type, occurred_at, source)
         SELECT $1, x.external_id, x.lead_external_id, x.type, x.occurred_at, x.source
         FROM jsonb_to_recordset($2::jsonb) AS x(external_id text, lead_external_id text, type text, occurred_at timestamptz, source text)
         ON CONFLICT (org_id, external_id) DO NOTHING
         RETURNING lead_external_id`,
        [
          orgId,
          JSON.stringify(
            events.map((e) => ({
              external_id: e.externalId,
              lead_external_id: e.leadExternalId,
              type: e.type,
              occurred_at: e.occurredAt,
              source: e.source ?? null,
            })),
          ),
        ],
      );
      return new Set(rows.map((r) => r.lead_external_id));
    },

    /** Marks leads for re-scoring (in the caller's transaction, with what caused it). */
    async markRescoreDue(orgId: number, leadIds: Iterable<string>): Promise<void> {
      // in id order: outcomes and engagement are stored by concurrent transactions, and two
      // that insert the same ids in different orders could deadlock on each other's keys
      const ids = [...new Set(leadIds)].sort();
      if (ids.length === 0) return;
      await db.query(
        `INSERT INTO rescore_due (org_id, external_id) SELECT $1, unnest($2::text[]) ON CONFLICT (org_id, external_id) DO NOTHING`,
        [orgId, ids],
      );
    },

    /** Which of these leads are waiting to be re-scored (a killed run's leftovers included). */
    /** Leads scored while an enrichment lookup could not be made become due: enriched and re-scored this run. */
    async markEnrichmentRetryDue(orgId: number): Promise<void> {
      await db.query(
        `INSERT INTO rescore_due (org_id, external_id) SELECT org_id, external_id FROM leads WHERE org_id = $1 AND enrichment_pending
         ON CONFLICT (org_id, external_id) DO NOTHING`,
        [orgId],
      );
    },

    async rescoreDueAmong(orgId: number, leadIds: string[]): Promise<Set<string>> {
      if (leadIds.length === 0) return new Set();
      const { rows } = await db.query<{ external_id: string }>(
        `SELECT external_id FROM rescore_due WHERE org_id = $1 AND external_id = ANY($2::text[])`,
        [orgId, leadIds],
      );
      return new Set(rows.map((r) => r.external_id));
    },

    /** Leads waiting to be re-scored, in id order after `after`: a keyset walk, never the whole list in memory. */
    async rescoreDuePage(orgId: number, after: string, limit: number): Promise<string[]> {
      const { rows } = await db.query<{ external_id: string }>(
        `SELECT external_id FROM rescore_due WHERE org_id = $1 AND external_id > $2 ORDER BY external_id LIMIT $3`,
        [orgId, after, limit],
      );
      return rows.map((r) => r.external_id);
    },

    /** Clears the re-score mark of leads whose new state has been stored. */
    async clearRescoreDue(orgId: number, leadIds: string[]): Promise<void> {
      if (leadIds.length === 0) return;
      await db.query(`DELETE FROM rescore_due WHERE org_id = $1 AND external_id = ANY($2::text[])`, [orgId, leadIds]);
    },

    async engagementFor(orgId: number, leadIds: string[]): Promise<Map<string, EngagementEvent[]>> {
      const out = new Map<string, EngagementEvent[]>();
      if (leadIds.length === 0) return out;
      const { rows } = await db.query<Record<string, unknown>>(
        `SELECT external_id, lead_external_id, type, occurred_at, source FROM engagement_events
         WHERE org_id = $1 AND lead_external_id = ANY($2::text[])`,
        [orgId, leadIds],
      );
      for (const r of rows) {
        const leadId = String(r['lead_external_id']);
        const list = out.get(leadId) ?? [];
        const at = new Date(r['occurred_at'] as string);
        list.push({
          externalId: String(r['external_id']),
          leadExternalId: leadId,
          type: r['type'] as EngagementEvent['type'],
          occurredAt: at.toISOString(),
          occurredAtMs: at.getTime(),
          source: (r['source'] as string | null) ?? undefined,
        });
        out.set(leadId, list);
      }
      return out;
    },

    /** Stores outcomes; returns only the ones not seen before (in input order). */
    async saveOutcomes(orgId: number, outcomes: OutcomeEvent[], origin = 'crm'): Promise<OutcomeEvent[]> {
      if (outcomes.length === 0) return [];
      const { rows } = await db.query<{ external_id: string; kind: string; source_id: string }>(
        `INSERT INTO outcomes (org_id, external_id, kind, source_id, occurred_at, amount, currency, reason, owner_id, origin)
         SELECT $1, x.external_id, x.kind, x.source_id, x.occurred_at, x.amount, x.currency, x.reason, x.owner_id, $3
         FROM jsonb_to_recordset($2::jsonb) AS x(external_id text, kind text, source_id text, occurred_at timestamptz, amount numeric,
           currency text, reason text, owner_id text)
         ON CONFLICT (org_id, external_id, kind, source_id) DO NOTHING
         RETURNING external_id, kind, source_id`,
        [
          orgId,
          JSON.stringify(
            outcomes.map((o) => ({
              external_id: o.leadExternalId,
              kind: o.kind,
              source_id: o.sourceId,
              occurred_at: o.occurredAt,
              amount: o.amount ?? null,
              currency: o.currency ?? null,
              reason: o.reason ?? null,
              owner_id: o.ownerId ?? null,
            })),
          ),
          origin,
        ],
      );
      const fresh = new Set(rows.map((r) => `${r.external_id}\u0000${r.kind}\u0000${r.source_id}`));
      return outcomes.filter((o) => fresh.has(`${o.leadExternalId}\u0000${o.kind}\u0000${o.sourceId}`));
    },
  };
}

export type ActivityStore = ReturnType<typeof createActivityStore>;
