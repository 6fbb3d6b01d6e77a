import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Settings } from '../settings/loadSettings';
import type { OrgRecord } from '../store/orgRepository';
import type { OrgRuntimeDeps } from './createOrgRuntime';
import { configureOrg, type OrgConfigChange, type OrgConfigResult } from './configureOrg';

/** A configuration change as the API and the console send it: YAML text instead of server paths. */
export interface OrgConfigText {
  definition?: string;
  /** Mapping YAML; null: the shipped mapping. */
  mapping?: string | null;
  /** Routing YAML; null: none. */
  routing?: string | null;
  bulkThreshold?: number | null;
}

/**
 * Keeps a file sent as text in `<LEADLOOP_DATA_DIR>/orgs/<org id>/<kind>-<content hash>.yaml`,
 * so the org's settings point at a file as the CLI's do. Named by content: the same text
 * again reuses it; `discard` removes a file this call wrote.
 */
function saveOrgFile(
  settings: Settings,
  org: OrgRecord,
  kind: 'mapping' | 'routing',
  yaml: string,
): { file: string; discard: () => void } {
  const dir = path.resolve(settings.LEADLOOP_DATA_DIR, 'orgs', String(org.id));
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${kind}-${crypto.createHash('sha256').update(yaml).digest('hex').slice(0, 12)}.yaml`);
  const existed = fs.existsSync(file);
  if (!existed) fs.writeFileSync(file, yaml, { mode: 0o600 });
  return { file, discard: () => (existed ? undefined : fs.rmSync(file, { force: true })) };
}

/** configureOrg for text sent over HTTP: the API never reads a path the caller names; a refused change leaves no file behind. */
export async function configureOrgFromText(
  deps: OrgRuntimeDeps,
  org: OrgRecord,
  text: OrgConfigText,
  actor: string,
): Promise<OrgConfigResult> {
  const mapping = text.mapping ? saveOrgFile(deps.settings, org, 'mapping', text.mapping) : null;
  const routing = text.routing ? saveOrgFile(deps.settings, org, 'routing', text.routing) : null;
  const change: OrgConfigChange = {
    ...(text.definition !== undefined ? { definition: text.definition } : {}),
    ...(text.bulkThreshold !== undefined ? { bulkThreshold: text.bulkThreshold } : {}),
    ...(text.mapping !== undefined ? { mappingFile: mapping?.file ?? null } : {}),
    ...(text.routing !== undefined ? { routingFile: routing?.file ?? null } : {}),
  };
  try {
    return await configureOrg(deps, org, change, actor);
  } catch (error) {
    mapping?.discard();
    routing?.discard();
    throw error;
  }
}
