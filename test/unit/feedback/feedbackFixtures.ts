import crypto from 'node:crypto';
import { createSecretBox } from '../../../src/security/secretBox';
import type { Queryable } from '../../../src/store/database';
import { createOrgRepository } from '../../../src/store/orgRepository';

let orgSeq = 0;

/** A fresh org per test, so tests on one database do not see each other's rows. */
export async function createTestOrg(db: Queryable, definitionId?: string): Promise<number> {
  const org = await createOrgRepository(db, createSecretBox(crypto.randomBytes(32))).upsert({
    name: `feedback-${process.pid}-${++orgSeq}`,
    crm: 'salesforce',
    credentials: {},
  });
  if (definitionId) await db.query('UPDATE orgs SET definition_id = $2 WHERE id = $1', [org.id, definitionId]);
  return org.id;
}

export interface LeadFixture {
  id: string;
  status?: string;
  score?: number | null;
  grade?: string | null;
  ownerId?: string | null;
  source?: string | null;
  firstSeenAt?: string;
  mqlAt?: string | null;
  slaDueAt?: string | null;
  data?: Record<string, unknown>;
  reasons?: unknown;
  engagement?: number | null;
}

export async function insertLeads(db: Queryable, orgId: number, leads: LeadFixture[]): Promise<void> {
  await db.query(
    `INSERT INTO leads (org_id, external_id, status, score, grade, owner_id, first_seen_at, mql_at, sla_due_at, data, reasons, engagement)
     SELECT $1, x.id, x.status, x.score, x.grade, x.owner_id, x.first_seen_at, x.mql_at, x.sla_due_at, x.data, x.reasons, x.engagement
     FROM jsonb_to_recordset($2::jsonb) AS x(id text, status text, score integer, grade text, owner_id text, first_seen_at timestamptz,
       mql_at timestamptz, sla_due_at timestamptz, data jsonb, reasons jsonb, engagement integer)`,
    [
      orgId,
      JSON.stringify(
        leads.map((l) => ({
          id: l.id,
          status: l.status ?? 'new',
          score: l.score ?? null,
          grade: l.grade ?? null,
          owner_id: l.ownerId ?? null,
          first_seen_at: l.firstSeenAt ?? '2024-01-01T00:00:00Z',
          mql_at: l.mqlAt ?? null,
          sla_due_at: l.slaDueAt ?? null,
          data: l.data ?? {
            crm: 'salesforce',
            externalId: l.id,
            modifiedAt: '2024-01-01T00:00:00Z',
            leadSource: l.source ?? null,
          },
          reasons: l.reasons ?? null,
          engagement: l.engagement ?? null,
        })),
      ),
    ],
  );
}

export interface HistoryFixture {
  id: string;
  from?: string | null;
  to: string;
  at: string;
  cause?: string;
  detail?: string;
  score?: number;
  grade?: string;
  version?: string;
}

export async function insertHistory(db: Queryable, orgId: number, rows: HistoryFixture[]): Promise<void> {
  await db.query(
    `INSERT INTO lead_status_history (org_id, external_id, from_status, to_status, at, cause, detail, score, grade, definition_version)
     SELECT $1, x.id, x.from_status, x.to_status, x.at, x.cause, x.detail, x.score, x.grade, x.version
     FROM jsonb_to_recordset($2::jsonb) AS x(id text, from_status text, to_status text, at timestamptz, cause text, detail text, score integer, grade text, version text)`,
    [
      orgId,
      JSON.stringify(
        rows.map((r) => ({
          id: r.id,
          from_status: r.from ?? null,
          to_status: r.to,
          at: r.at,
          cause: r.cause ?? 'scoring',
          detail: r.detail ?? null,
          score: r.score ?? null,
          grade: r.grade ?? null,
          version: r.version ?? null,
        })),
      ),
    ],
  );
}

export interface OutcomeFixture {
  id: string;
  kind: string;
  at: string;
  amount?: number;
  currency?: string;
  reason?: string;
  ownerId?: string;
  sourceId?: string;
}

export async function insertOutcomes(db: Queryable, orgId: number, rows: OutcomeFixture[]): Promise<void> {
  await db.query(
    `INSERT INTO outcomes (org_id, external_id, kind, source_id, occurred_at, amount, currency, reason, owner_id)
     SELECT $1, x.id, x.kind, x.source_id, x.at, x.amount, x.currency, x.reason, x.owner_id
     FROM jsonb_to_recordset($2::jsonb) AS x(id text, kind text, source_id text, at timestamptz, amount numeric, currency text, reason text, owner_id text)`,
    [
      orgId,
      JSON.stringify(
        rows.map((r, i) => ({
          id: r.id,
          kind: r.kind,
          source_id: r.sourceId ?? `src-${r.id}-${r.kind}-${i}`,
          at: r.at,
          amount: r.amount ?? null,
          currency: r.currency ?? null,
          reason: r.reason ?? null,
          owner_id: r.ownerId ?? null,
        })),
      ),
    ],
  );
}

export async function insertHandovers(
  db: Queryable,
  orgId: number,
  rows: { id: string; ownerId: string; at: string; dueAt: string | null; seq?: number }[],
): Promise<void> {
  for (const r of rows) {
    await db.query(
      `INSERT INTO handovers (org_id, task_key, external_id, owner_id, sla_due_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [orgId, `${r.id}:${r.seq ?? 1}`, r.id, r.ownerId, r.dueAt, r.at],
    );
  }
}
