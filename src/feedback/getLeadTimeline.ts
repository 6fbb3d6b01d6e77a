import type { OutcomeKind } from '../domain/outcome';
import type { LeadStatus } from '../domain/status';
import type { Queryable } from '../store/database';

export interface TimelineTransition {
  from: LeadStatus | null;
  to: LeadStatus;
  at: string;
  cause: string;
  detail: string | null;
  score: number | null;
  grade: string | null;
  definitionVersion: string | null;
}

export interface TimelineOutcome {
  kind: OutcomeKind;
  occurredAt: string;
  sourceId: string;
  amount: number | null;
  currency: string | null;
  reason: string | null;
  ownerId: string | null;
  origin: string;
}

export interface LeadTimeline {
  externalId: string;
  status: LeadStatus;
  ownerId: string | null;
  score: number | null;
  grade: string | null;
  definitionVersion: string | null;
  firstSeenAt: string;
  history: TimelineTransition[];
  /** The first hand-over to sales (the first transition into `mql`) and what the definition said then. */
  handover: { at: string; score: number | null; grade: string | null; definitionVersion: string | null } | null;
  outcomes: TimelineOutcome[];
  /** The latest closing outcome (won, lost, recycled, disqualified), or null while the lead is open. */
  finalOutcome: TimelineOutcome | null;
  /** Sales decisions scoring keeps: a rep's disqualification (until reopened) and the last return to marketing. */
  salesDecision: { disqualifiedBySales: boolean; recycledAt: string | null; recycleReason: string | null };
}

const CLOSING: readonly string[] = ['won', 'lost', 'recycled', 'disqualified'];
const iso = (v: unknown) => new Date(v as string).toISOString();
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** One lead's way through the lifecycle: every transition with its time, the hand-over score and the outcome. Null for an unknown lead. */
export async function getLeadTimeline(db: Queryable, orgId: number, externalId: string): Promise<LeadTimeline | null> {
  const lead = (
    await db.query<Record<string, unknown>>(
      `SELECT external_id, status, owner_id, score, grade, definition_version, first_seen_at, disqualified_by_sales, recycled_at, recycle_reason
     FROM leads WHERE org_id = $1 AND external_id = $2`,
      [orgId, externalId],
    )
  ).rows[0];
  if (!lead) return null;
  const history = (
    await db.query<Record<string, unknown>>(
      `SELECT from_status, to_status, at, cause, detail, score, grade, definition_version FROM lead_status_history
     WHERE org_id = $1 AND external_id = $2 ORDER BY at, id`,
      [orgId, externalId],
    )
  ).rows.map((r): TimelineTransition => ({
    from: (r['from_status'] as LeadStatus | null) ?? null,
    to: r['to_status'] as LeadStatus,
    at: iso(r['at']),
    cause: String(r['cause']),
    detail: (r['detail'] as string | null) ?? null,
    score: num(r['score']),
    grade: (r['grade'] as string | null) ?? null,
    definitionVersion: (r['definition_version'] as string | null) ?? null,
  }));
  const outcomes = (
    await db.query<Record<string, unknown>>(
      `SELECT kind, occurred_at, source_id, amount, currency, reason, owner_id, origin FROM outcomes
     WHERE org_id = $1 AND external_id = $2 ORDER BY occurred_at, id`,
      [orgId, externalId],
    )
  ).rows.map((r): TimelineOutcome => ({
    kind: r['kind'] as OutcomeKind,
    occurredAt: iso(r['occurred_at']),
    sourceId: String(r['source_id']),
    amount: num(r['amount']),
    currency: (r['currency'] as string | null) ?? null,
    reason: (r['reason'] as string | null) ?? null,
    ownerId: (r['owner_id'] as string | null) ?? null,
    origin: String(r['origin']),
  }));
  const mql = history.find((h) => h.to === 'mql');
  const closing = outcomes.filter((o) => CLOSING.includes(o.kind));
  return {
    externalId,
    status: lead['status'] as LeadStatus,
    ownerId: (lead['owner_id'] as string | null) ?? null,
    score: num(lead['score']),
    grade: (lead['grade'] as string | null) ?? null,
    definitionVersion: (lead['definition_version'] as string | null) ?? null,
    firstSeenAt: iso(lead['first_seen_at']),
    history,
    handover: mql ? { at: mql.at, score: mql.score, grade: mql.grade, definitionVersion: mql.definitionVersion } : null,
    outcomes,
    finalOutcome: closing[closing.length - 1] ?? null,
    salesDecision: {
      disqualifiedBySales: lead['disqualified_by_sales'] === true,
      recycledAt: lead['recycled_at'] ? iso(lead['recycled_at']) : null,
      recycleReason: (lead['recycle_reason'] as string | null) ?? null,
    },
  };
}
