import fs from 'node:fs';
import { createDefinitionStore } from '../definition/definitionStore';
import type { Definition } from '../definition/definitionSchema';
import { loadDefinitionFile } from '../definition/loadDefinition';
import type { CanonicalLead } from '../domain/lead';
import { ConfigurationError } from '../domain/errors';
import type { LeadStatus } from '../domain/status';
import type { Queryable } from '../store/database';
import { backtestLeads, type BacktestLead, type BacktestResult } from './backtest';
import { resolveActiveDefinition } from './calibrate';
import { readLeadsFile } from './calibrateFromFile';

const PAGE = 2000;

/* The label is the calibration's (src/feedback/calibrate.ts): won when any source says so, not won after a sales-side close. */
const PAGE_SQL = `
WITH page AS (
  SELECT external_id, data, status, engagement, recycled_at FROM leads
  WHERE org_id = $1 AND data IS NOT NULL AND external_id > $2 AND ($4::timestamptz IS NULL OR first_seen_at >= $4::timestamptz)
  ORDER BY external_id LIMIT $3
),
closing AS (
  SELECT o.external_id, o.kind AS stage FROM outcomes o JOIN page p ON p.external_id = o.external_id
  WHERE o.org_id = $1 AND o.kind IN ('won', 'lost', 'disqualified', 'recycled')
  UNION ALL
  SELECT h.external_id, h.to_status FROM lead_status_history h JOIN page p ON p.external_id = h.external_id
  WHERE h.org_id = $1 AND (h.to_status IN ('won', 'lost', 'recycled') OR (h.to_status = 'disqualified' AND h.cause <> 'scoring'))
  UNION ALL
  SELECT p.external_id, p.status FROM page p WHERE p.status IN ('won', 'lost')
),
label AS (SELECT external_id, bool_or(stage = 'won') AS won FROM closing GROUP BY external_id)
SELECT p.external_id, p.data, p.status, p.engagement, p.recycled_at, label.won
FROM page p LEFT JOIN label ON label.external_id = p.external_id ORDER BY p.external_id`;

interface Row {
  external_id: string;
  data: CanonicalLead;
  status: LeadStatus;
  engagement: number | null;
  recycled_at: Date | string | null;
  won: boolean | null;
}

/** The org's stored leads with their outcomes, page by page. */
async function loadStoredLeads(db: Queryable, orgId: number, since: Date | null): Promise<BacktestLead[]> {
  const out: BacktestLead[] = [];
  let after = '';
  for (;;) {
    const { rows } = await db.query<Row>(PAGE_SQL, [orgId, after, PAGE, since ? since.toISOString() : null]);
    for (const r of rows) {
      out.push({
        lead: r.data,
        status: r.status,
        engagement: r.engagement === null ? null : Number(r.engagement),
        recycledAt: r.recycled_at === null ? null : new Date(r.recycled_at).toISOString(),
        won: r.won,
      });
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.external_id;
  }
  return out;
}

/** `FILE` (a definition YAML) or `NAME@VERSION` (a stored version). */
export async function resolveCandidate(db: Queryable, spec: string): Promise<Definition> {
  if (fs.existsSync(spec)) return loadDefinitionFile(spec);
  const m = /^([a-z][a-z0-9_-]*)@(\d+)$/.exec(spec);
  if (!m) throw new ConfigurationError(`--definition ${spec} is neither a file nor NAME@VERSION`);
  const version = await createDefinitionStore(db).getVersion(m[1]!, Number(m[2]));
  if (!version)
    throw new ConfigurationError(
      `--definition ${spec}: no stored version ${m[2]} of ${m[1]} (leadloop definition list ${m[1]})`,
    );
  return version.definition;
}

export interface BacktestOptions {
  since?: Date | null;
  /** Past leads and outcomes from a file instead of the store. */
  from?: {
    file: string;
    outcome: string;
    positive?: string | undefined;
    id?: string | undefined;
    mapping?: string | undefined;
  };
  warn?: (line: string) => void;
  now?: Date;
}

/** Backtests a candidate against the org's active definition over its stored leads (or a file's). Reads only. */
export async function backtestOrg(
  db: Queryable,
  orgId: number,
  candidate: Definition,
  o: BacktestOptions = {},
): Promise<BacktestResult & { activeDefinition: { name: string; version: number } }> {
  const active = await resolveActiveDefinition(db, orgId);
  const now = o.now ?? new Date();
  let leads: BacktestLead[];
  if (o.from) {
    const data = await readLeadsFile({ ...o.from, exclude: [], discover: false }, now);
    for (const p of data.problems.slice(0, 100)) o.warn?.(p);
    leads = data.leads.map((lead, i) => ({
      lead,
      status: null,
      engagement: null,
      recycledAt: null,
      won: data.won[i]!,
    }));
  } else {
    leads = await loadStoredLeads(db, orgId, o.since ?? null);
  }
  const result = backtestLeads(active.definition, candidate, leads, now);
  return { ...result, activeDefinition: { name: active.name, version: active.definition.version } };
}
