import fs from 'node:fs';
import path from 'node:path';
import { createDefinitionStore, type DefinitionVersion } from '../definition/definitionStore';
import type { Definition } from '../definition/definitionSchema';
import { definitionsDir, loadDefinitionFile } from '../definition/loadDefinition';
import type { CanonicalLead } from '../domain/lead';
import { ConfigurationError } from '../domain/errors';
import { createOfflineEnricher } from '../enrich/enrichOffline';
import type { Queryable } from '../store/database';
import { createFeatureExtractor, featureSpace } from './calibrationFeatures';
import { calibrationNote } from './calibrationNote';
import {
  calibrateSamples,
  type CalibrationOptions,
  type CalibrationResult,
  type CalibrationSample,
} from './calibrateSamples';

export type { CalibrationOptions, CalibrationResult };

const PAGE = 2000;

/** The org's lead definition: its active stored version, else the shipped file of that name. */
export async function resolveActiveDefinition(
  db: Queryable,
  orgId: number,
): Promise<{ name: string; definition: Definition; stored: DefinitionVersion | null; file: string | null }> {
  const { rows } = await db.query<{ definition_id: string | null }>('SELECT definition_id FROM orgs WHERE id = $1', [
    orgId,
  ]);
  if (!rows[0]) throw new ConfigurationError(`No org with id ${orgId}`);
  const name = rows[0].definition_id ?? 'default';
  const stored = await createDefinitionStore(db).getActive(name);
  if (stored) return { name, definition: stored.definition, stored, file: null };
  const file = path.join(definitionsDir(), `${name}.yaml`);
  if (!fs.existsSync(file))
    throw new ConfigurationError(`Definition "${name}" is neither stored nor a file in ${definitionsDir()}`);
  return { name, definition: loadDefinitionFile(file), stored: null, file };
}

/*
 * A lead is won when any source says so (outcome, history, status). It is closed and not
 * won after a sales-side lost, disqualified or recycled (returned to marketing). Leads
 * without a closing outcome still count for the MQL volume, not for the fit.
 */
const PAGE_SQL = `
WITH page AS (
  SELECT external_id, data, reasons, engagement FROM leads
  WHERE org_id = $1 AND data IS NOT NULL AND external_id > $2 ORDER BY external_id LIMIT $3
),
closing AS (
  SELECT o.external_id, o.kind AS stage FROM outcomes o JOIN page p ON p.external_id = o.external_id
  WHERE o.org_id = $1 AND o.kind IN ('won', 'lost', 'disqualified', 'recycled')
  UNION ALL
  SELECT h.external_id, h.to_status FROM lead_status_history h JOIN page p ON p.external_id = h.external_id
  WHERE h.org_id = $1 AND (h.to_status IN ('won', 'lost', 'recycled') OR (h.to_status = 'disqualified' AND h.cause <> 'scoring'))
  UNION ALL
  SELECT l.external_id, l.status FROM leads l JOIN page p ON p.external_id = l.external_id WHERE l.org_id = $1 AND l.status IN ('won', 'lost')
),
label AS (SELECT external_id, bool_or(stage = 'won') AS won FROM closing GROUP BY external_id)
SELECT p.external_id, p.data, p.reasons, p.engagement, label.won
FROM page p LEFT JOIN label ON label.external_id = p.external_id ORDER BY p.external_id`;

/** Streams the org's stored leads page by page into calibration samples (features only, snapshots are dropped). */
export async function loadCalibrationSamples(
  db: Queryable,
  orgId: number,
  def: Definition,
): Promise<CalibrationSample[]> {
  const enrich = createOfflineEnricher();
  const now = new Date();
  const extract = createFeatureExtractor(def, featureSpace(def), (lead) => enrich(lead, now), now);
  const samples: CalibrationSample[] = [];
  let after = '';
  for (;;) {
    const { rows } = await db.query<{
      external_id: string;
      data: CanonicalLead;
      reasons: unknown;
      engagement: number | null;
      won: boolean | null;
    }>(PAGE_SQL, [orgId, after, PAGE]);
    for (const r of rows) {
      const codes = Array.isArray(r.reasons)
        ? r.reasons.map((x) => (x && typeof x === 'object' ? String((x as { code?: unknown }).code) : ''))
        : [];
      samples.push({
        id: r.external_id,
        fired: extract(r.data, codes),
        won: r.won,
        engagement: r.engagement === null ? null : Number(r.engagement),
      });
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.external_id;
  }
  return samples;
}

/**
 * Calibrates the org's active definition against its outcomes: won vs not-won on the
 * definition's own rules, a proposal of new points and thresholds, and the figures of the
 * current and the proposed definition on held-out leads. Refuses (status `insufficient`)
 * with too few outcomes of either kind.
 */
export async function calibrate(
  db: Queryable,
  orgId: number,
  options: CalibrationOptions = {},
): Promise<CalibrationResult> {
  const active = await resolveActiveDefinition(db, orgId);
  const samples = await loadCalibrationSamples(db, orgId, active.definition);
  return calibrateSamples(active.definition, samples, options);
}

/**
 * Stores a proposal as the new active version of the org's definition. Old versions stay;
 * a definition that so far lived only in its file is stored first, so the history shows
 * what the proposal replaced. Scores name the version they were made with.
 */
export async function applyCalibration(
  db: Queryable,
  orgId: number,
  result: CalibrationResult,
  createdBy: string,
  options: { force?: boolean } = {},
): Promise<DefinitionVersion> {
  if (!result.yaml || result.status === 'insufficient')
    throw new ConfigurationError(`Nothing to apply: ${result.message}`);
  // nothing that learns may make things worse silently: only an explicit --force stores a proposal that does not beat today's
  if (result.status !== 'proposed' && !options.force) throw new ConfigurationError(`Not applied: ${result.message}`);
  const active = await resolveActiveDefinition(db, orgId);
  const store = createDefinitionStore(db);
  if (!active.stored && active.file) {
    await store.saveVersion({
      yaml: fs.readFileSync(active.file, 'utf8'),
      fileName: active.file,
      createdBy,
      note: `loaded from ${path.basename(active.file)}`,
      activate: true,
    });
  }
  const note = calibrationNote(result, Boolean(options.force && result.status !== 'proposed'));
  const saved = await store.saveVersion({
    yaml: result.yaml,
    fileName: `${active.name} (calibrated)`,
    createdBy,
    note,
    activate: true,
  });
  return saved.version;
}
