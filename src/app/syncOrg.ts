import { ConfigurationError } from '../domain/errors';
import { checkMapping } from '../mapping';
import { effectiveOrgSettings } from '../settings/effectiveOrgSettings';
import { createOrgRepository, type OrgRecord } from '../store/orgRepository';
import { createOrgRuntime, type OrgRuntimeDeps } from './createOrgRuntime';
import { runSync } from '../sync/runSync';
import type { RunSummary, RunSyncOptions, SyncProgress } from '../sync/syncTypes';

export class UnknownOrgError extends ConfigurationError {
  constructor(name: string) {
    super(`No org named "${name}". List connected orgs with \`leadloop orgs\`.`);
    this.name = 'UnknownOrgError';
  }
}

export async function findOrg(deps: OrgRuntimeDeps, nameOrId: string | number): Promise<OrgRecord> {
  const orgs = createOrgRepository(deps.db, deps.box);
  const org = typeof nameOrId === 'number' ? await orgs.findById(nameOrId) : await orgs.findByName(nameOrId);
  if (!org) throw new UnknownOrgError(String(nameOrId));
  return org;
}

/**
 * Runs one sync of an org end to end: builds its runtime, checks the mapping against the
 * live org's describe (a missing or read-only required field stops the run before any write;
 * what is optional is a warning, logged and returned with the summary), runs the pipeline.
 */
export async function syncOrg(
  deps: OrgRuntimeDeps,
  nameOrId: string | number,
  options: RunSyncOptions & { onProgress?: (p: SyncProgress) => void; workerId?: string },
): Promise<RunSummary> {
  const org = await findOrg(deps, nameOrId);
  const runtime = await createOrgRuntime(deps, org);
  const described = await runtime.connector.describeLeads();
  const { problems, warnings } = checkMapping(runtime.mapping, described.fields);
  if (problems.length) {
    const hint = described.missingFields.length
      ? ` Run \`leadloop setup ${org.name}\` to create ${described.missingFields.join(', ')}.`
      : '';
    throw new ConfigurationError(`The mapping for ${org.name} does not match the org.${hint}`, problems);
  }
  // what the org works without was said at `setup`; a nightly run keeps it in its summary and
  // its info log rather than warning about the same stock org every night
  for (const warning of warnings) deps.logger.info(`${org.name}: works without: ${warning}`);
  const effective = effectiveOrgSettings(deps.settings, org.settings);
  const summary = await runSync(
    { db: deps.db, org, logger: deps.logger, onProgress: options.onProgress, workerId: options.workerId, ...runtime },
    {
      overlapMs: effective.overlapMs,
      batchLeads: effective.batchLeads,
      bulkThreshold: effective.bulkThreshold.value,
      ...options,
    },
  );
  return warnings.length ? { ...summary, warnings: [...(summary.warnings ?? []), ...warnings] } : summary;
}
