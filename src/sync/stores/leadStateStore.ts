import type { CanonicalLead } from '../../domain/lead';
import type { LeadStatus } from '../../domain/status';
import type { Queryable } from '../../store/database';

/** What leadloop keeps about one lead between runs. */
export interface StoredLead {
  externalId: string;
  modifiedAt: string | null;
  status: LeadStatus;
  crmStatus: string | null;
  ownerId: string | null;
  score: number | null;
  grade: string | null;
  handoverSeq: number;
  mqlAt: string | null;
  slaDueAt: string | null;
  recycledAt: string | null;
  /** Why sales last returned the lead (the recycle outcome's reason), when they said. */
  recycleReason: string | null;
  /** A rep disqualified the lead: scoring keeps it disqualified until a rep reopens it. */
  disqualifiedBySales: boolean;
  data: CanonicalLead | null;
}

export interface LeadStateRow {
  externalId: string;
  modifiedAt: string;
  emailHash: string | null;
  status: LeadStatus;
  crmStatus: string | null;
  ownerId: string | null;
  score: number;
  grade: string;
  fit: number;
  engagement: number;
  definitionVersion: string;
  reasons: unknown;
  written: unknown;
  handoverSeq: number;
  mqlAt: string | null;
  slaDueAt: string | null;
  assignedByLeadloop: boolean;
  /** Kept from the stored state; false once a rep reopened a lead they had disqualified. */
  disqualifiedBySales: boolean;
  data: CanonicalLead;
  /** Some enrichment lookup could not be made: enrich again on a later run (migration 087). */
  enrichmentPending?: boolean;
}

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(v as string).toISOString());

const SAVE_CHUNK = 1_000;

export function createLeadStateStore(db: Queryable) {
  /** Upserts lead states in one statement. */
  async function saveChunk(orgId: number, rows: LeadStateRow[]): Promise<void> {
    const payload = rows.map((r) => ({
      external_id: r.externalId,
      modified_at: r.modifiedAt,
      email_hash: r.emailHash,
      status: r.status,
      crm_status: r.crmStatus,
      owner_id: r.ownerId,
      score: r.score,
      grade: r.grade,
      fit: r.fit,
      engagement: r.engagement,
      definition_version: r.definitionVersion,
      reasons: r.reasons,
      written: r.written,
      handover_seq: r.handoverSeq,
      mql_at: r.mqlAt,
      sla_due_at: r.slaDueAt,
      assigned_by_leadloop: r.assignedByLeadloop,
      disqualified_by_sales: r.disqualifiedBySales,
      data: r.data,
      enrichment_pending: r.enrichmentPending ?? false,
    }));
    await db.query(
      `INSERT INTO leads (org_id, external_id, modified_at, email_hash, status, crm_status, owner_id, score, grade, fit, engagement,
         definition_version, reasons, written, handover_seq, mql_at, sla_due_at, assigned_by_leadloop, disqualified_by_sales, data, enrichment_pending, scored_at, updated_at)
       SELECT $1, x.external_id, x.modified_at, x.email_hash, x.status, x.crm_status, x.owner_id, x.score, x.grade, x.fit, x.engagement,
         x.definition_version, x.reasons, x.written, x.handover_seq, x.mql_at, x.sla_due_at, x.assigned_by_leadloop, COALESCE(x.disqualified_by_sales, false), x.data, x.enrichment_pending, now(), now()
       FROM jsonb_to_recordset($2::jsonb) AS x(external_id text, modified_at timestamptz, email_hash text, status text, crm_status text,
         owner_id text, score integer, grade text, fit integer, engagement integer, definition_version text, reasons jsonb, written jsonb,
         handover_seq integer, mql_at timestamptz, sla_due_at timestamptz, assigned_by_leadloop boolean, disqualified_by_sales boolean, data jsonb, enrichment_pending boolean)
       ON CONFLICT (org_id, external_id) DO UPDATE SET modified_at = EXCLUDED.modified_at, email_hash = EXCLUDED.email_hash,
         status = EXCLUDED.status, crm_status = EXCLUDED.crm_status, owner_id = EXCLUDED.owner_id, score = EXCLUDED.score,
         grade = EXCLUDED.grade, fit = EXCLUDED.fit, engagement = EXCLUDED.engagement, definition_version = EXCLUDED.definition_version,
         reasons = EXCLUDED.reasons, written = EXCLUDED.written, handover_seq = EXCLUDED.handover_seq, mql_at = EXCLUDED.mql_at,
         sla_due_at = EXCLUDED.sla_due_at, assigned_by_leadloop = leads.assigned_by_leadloop OR EXCLUDED.assigned_by_leadloop,
         disqualified_by_sales = COALESCE(EXCLUDED.disqualified_by_sales, leads.disqualified_by_sales),
         data = EXCLUDED.data, enrichment_pending = EXCLUDED.enrichment_pending, scored_at = now(), updated_at = now()`,
      [orgId, JSON.stringify(payload)],
    );
  }

  return {
    async getMany(orgId: number, externalIds: string[]): Promise<Map<string, StoredLead>> {
      const out = new Map<string, StoredLead>();
      if (externalIds.length === 0) return out;
      const { rows } = await db.query<Record<string, unknown>>(
        `SELECT external_id, modified_at, status, crm_status, owner_id, score, grade, handover_seq, mql_at, sla_due_at, recycled_at,
           recycle_reason, disqualified_by_sales, data
         FROM leads WHERE org_id = $1 AND external_id = ANY($2::text[])`,
        [orgId, externalIds],
      );
      for (const r of rows) {
        out.set(String(r['external_id']), {
          externalId: String(r['external_id']),
          modifiedAt: iso(r['modified_at']),
          status: r['status'] as LeadStatus,
          crmStatus: (r['crm_status'] as string | null) ?? null,
          ownerId: (r['owner_id'] as string | null) ?? null,
          score: r['score'] === null ? null : Number(r['score']),
          grade: (r['grade'] as string | null) ?? null,
          handoverSeq: Number(r['handover_seq'] ?? 0),
          mqlAt: iso(r['mql_at']),
          slaDueAt: iso(r['sla_due_at']),
          recycledAt: iso(r['recycled_at']),
          recycleReason: (r['recycle_reason'] as string | null) ?? null,
          disqualifiedBySales: r['disqualified_by_sales'] === true,
          data: (r['data'] as CanonicalLead | null) ?? null,
        });
      }
      return out;
    },

    /** Upserts a page of lead states in one statement. */
    async saveMany(orgId: number, rows: LeadStateRow[]): Promise<void> {
      // statements of ≤ SAVE_CHUNK rows: each one's JSON text is a few MB, not one string for the whole batch
      for (let start = 0; start < rows.length; start += SAVE_CHUNK)
        await saveChunk(orgId, rows.slice(start, start + SAVE_CHUNK));
    },

    /**
     * Sets lifecycle statuses from sales outcomes (read back from the CRM or imported), in
     * one statement for any number of changes, applied in the order given: per lead its
     * last status, the instant it was last recycled and why. Every outcome status is a sales
     * status, so the lead's follow-up deadline ends; a `disqualified` set here is a rep's
     * decision (kept by scoring until a rep reopens the lead).
     */
    async setStatuses(
      orgId: number,
      changes: { externalId: string; status: LeadStatus; at?: string; reason?: string | null }[],
    ): Promise<void> {
      if (changes.length === 0) return;
      const byLead = new Map<
        string,
        { external_id: string; status: LeadStatus; recycled_at: string | null; recycle_reason: string | null }
      >();
      for (const c of changes) {
        const recycled = c.status === 'recycled';
        const recycledAt = recycled ? (c.at ?? new Date().toISOString()) : null;
        const seen = byLead.get(c.externalId);
        byLead.set(c.externalId, {
          external_id: c.externalId,
          status: c.status,
          recycled_at: recycledAt ?? seen?.recycled_at ?? null,
          recycle_reason: recycled ? (c.reason ?? null) : (seen?.recycle_reason ?? null),
        });
      }
      await db.query(
        `INSERT INTO leads (org_id, external_id, status, recycled_at, recycle_reason, disqualified_by_sales)
         SELECT $1, x.external_id, x.status, x.recycled_at, x.recycle_reason, x.status = 'disqualified'
         FROM jsonb_to_recordset($2::jsonb) AS x(external_id text, status text, recycled_at timestamptz, recycle_reason text)
         ON CONFLICT (org_id, external_id) DO UPDATE SET status = EXCLUDED.status,
           recycled_at = COALESCE(EXCLUDED.recycled_at, leads.recycled_at),
           recycle_reason = CASE WHEN EXCLUDED.recycled_at IS NOT NULL THEN EXCLUDED.recycle_reason ELSE leads.recycle_reason END,
           disqualified_by_sales = EXCLUDED.disqualified_by_sales,
           sla_due_at = CASE WHEN EXCLUDED.status IN ('sal', 'sql', 'won', 'lost', 'recycled', 'disqualified') THEN NULL ELSE leads.sla_due_at END,
           -- the snapshot a re-score starts from was read before leadloop wrote the deadline:
           -- it learns the CRM holds one, so the re-score clears it there too
           data = CASE WHEN EXCLUDED.status IN ('sal', 'sql', 'won', 'lost', 'recycled', 'disqualified') AND leads.sla_due_at IS NOT NULL AND leads.data IS NOT NULL
             THEN jsonb_set(leads.data, '{leadloop}', COALESCE(leads.data->'leadloop', '{}'::jsonb) || jsonb_build_object('slaDueAt', leads.sla_due_at))
             ELSE leads.data END,
           updated_at = now()`,
        [orgId, JSON.stringify([...byLead.values()])],
      );
    },

    async recordTransitions(
      orgId: number,
      transitions: {
        externalId: string;
        from: LeadStatus | null;
        to: LeadStatus;
        at: string;
        cause: string;
        detail?: string;
        score?: number;
        grade?: string;
        definitionVersion?: string;
      }[],
    ): Promise<void> {
      if (transitions.length === 0) return;
      await db.query(
        `INSERT INTO lead_status_history (org_id, external_id, from_status, to_status, at, cause, detail, score, grade, definition_version)
         SELECT $1, x.external_id, x.from_status, x.to_status, x.at, x.cause, x.detail, x.score, x.grade, x.definition_version
         FROM jsonb_to_recordset($2::jsonb) AS x(external_id text, from_status text, to_status text, at timestamptz, cause text,
           detail text, score integer, grade text, definition_version text)`,
        [
          orgId,
          JSON.stringify(
            transitions.map((t) => ({
              external_id: t.externalId,
              from_status: t.from,
              to_status: t.to,
              at: t.at,
              cause: t.cause,
              detail: t.detail ?? null,
              score: t.score ?? null,
              grade: t.grade ?? null,
              definition_version: t.definitionVersion ?? null,
            })),
          ),
        ],
      );
    },
  };
}

export type LeadStateStore = ReturnType<typeof createLeadStateStore>;
