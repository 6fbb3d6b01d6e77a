import { ConfigurationError, NeedsReconnectError } from '../domain/errors';
import { checkMapping } from '../mapping';
import { effectiveOrgSettings } from '../settings/effectiveOrgSettings';
import { createOrgRepository, type OrgRecord } from '../store/orgRepository';
import { createOrgRuntime, type OrgRuntimeDeps } from './createOrgRuntime';
import { describeNotStarted, SetupIncompleteError, setupFix } from '../sync/describeNotStarted';
import { runSync, SyncAlreadyRunningError } from '../sync/runSync';
import { createRunStore } from '../sync/stores/runStore';
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
 * A run that cannot start (setup incomplete, credentials refused, another run holds the
 * lock) is recorded as a failed run with its reason and the fix (the queued run `runId`
 * when "Sync now" made one), then the error is thrown as before.
 */
export async function syncOrg(
  deps: OrgRuntimeDeps,
  nameOrId: string | number,
  options: RunSyncOptions & { onProgress?: (p: SyncProgress) => void; workerId?: string; runId?: number },
): Promise<RunSummary> {
  const org = await findOrg(deps, nameOrId);
  let handedToRun = false;
  try {
    const runtime = await createOrgRuntime(deps, org);
    const described = await runtime.connector.describeLeads();
    const { problems, warnings } = checkMapping(runtime.mapping, described.fields);
    if (problems.length)
      throw new SetupIncompleteError(
        `The mapping for ${org.name} does not match the org.`,
        problems,
        setupFix(org, described.missingFields),
      );
    // what the org works without was said at `setup`; a nightly run keeps it in its summary and
    // its info log rather than warning about the same stock org every night
    for (const warning of warnings) deps.logger.info(`${org.name}: works without: ${warning}`);
    handedToRun = true;
    const effective = effectiveOrgSettings(deps.settings, org.settings);
    const summary = await runSync(
      {
        db: deps.db,
        org,
        logger: deps.logger,
        onProgress: options.onProgress,
        workerId: options.workerId,
        ...runtime,
      },
      {
        overlapMs: effective.overlapMs,
        batchLeads: effective.batchLeads,
        bulkThreshold: effective.bulkThreshold.value,
        ...options,
      },
    );
    return warnings.length ? { ...summary, warnings: [...(summary.warnings ?? []), ...warnings] } : summary;
  } catch (error) {
    // runSync records its own end once it began; what fails before is recorded here
    if (!handedToRun || error instanceof SyncAlreadyRunningError) await recordNotStarted(deps, org, options, error);
    throw error;
  }
}

async function recordNotStarted(
  deps: OrgRuntimeDeps,
  org: OrgRecord,
  options: { mode: RunSyncOptions['mode']; workerId?: string; runId?: number },
  error: unknown,
): Promise<void> {
  const runs = createRunStore(deps.db);
  const stop = describeNotStarted(error);
  try {
    const runId = options.runId ?? (await runs.queue(org.id, options.mode, options.workerId ?? 'cli'));
    await runs.failBeforeStart(runId, stop);
    if (stop.code === 'NEEDS_RECONNECT' || error instanceof NeedsReconnectError)
      await createOrgRepository(deps.db, deps.box).setState(org.id, 'needs_reconnect', stop.reason);
  } catch (recordError) {
    deps.logger.error('could not record a run that did not start', { org: org.name, error: recordError });
  }
}
