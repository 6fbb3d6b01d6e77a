import path from 'node:path';
import { activeDefinition } from '../definition/activeDefinition';
import type { Connector } from '../domain/connector';
import { ConfigurationError } from '../domain/errors';
import { loadMapping, missingWriteBackFields, validateMappingAgainstDescribe, type Mapping } from '../mapping';
import { loadRoutingFile } from '../routing/loadRouting';
import { createUserDirectory } from '../routing/resolveUsers';
import type { RoutingAction, RoutingConfig } from '../routing/routingSchema';
import { recordAudit } from '../store/auditLog';
import { createOrgRepository, type OrgRecord } from '../store/orgRepository';
import { createOrgConnector, type OrgRuntimeDeps } from './createOrgRuntime';

/** What to change; an absent key is left as it is, `null` goes back to the default. */
export interface OrgConfigChange {
  /** A mapping file; null: the shipped `mappings/<crm>.yaml`. */
  mappingFile?: string | null;
  /** A stored or shipped definition name. */
  definition?: string;
  /** A routing file; null: none (MQLs keep their CRM owner, default SLA). */
  routingFile?: string | null;
  /** Leads from which a pull reads through Bulk API 2.0; null: LEADLOOP_SYNC_BULK_THRESHOLD. */
  bulkThreshold?: number | null;
  /** Salesforce: stop a run at this share (0..1] of the org's daily API requests; null: LEADLOOP_API_BUDGET_SHARE. */
  apiBudgetShare?: number | null;
}

export interface OrgConfigResult {
  org: OrgRecord;
  /** Things that do not stop the change but the admin should hear (a field `leadloop setup` still has to create, an inactive rep). */
  warnings: string[];
}

/**
 * Checks a configuration change against the org itself, then saves it in one update:
 * the mapping is loaded and checked against the org's describe (a field `leadloop setup`
 * creates may still be missing: a warning), the definition must be stored or shipped
 * (a shipped one is stored as its first version now), the routing file must be valid
 * and every rep it names must be a user of the CRM. Nothing is saved when any check fails;
 * the ConfigurationError lists every problem.
 */
export async function configureOrg(
  deps: OrgRuntimeDeps,
  org: OrgRecord,
  change: OrgConfigChange,
  actor: string,
): Promise<OrgConfigResult> {
  const problems: string[] = [];
  const warnings: string[] = [];
  const mappingFile = change.mappingFile ? path.resolve(change.mappingFile) : change.mappingFile;
  const routingFile = change.routingFile ? path.resolve(change.routingFile) : change.routingFile;
  const attempt = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      problems.push(...(error.problems.length ? error.problems : [error.message]));
      return undefined;
    }
  };

  const mapping = mappingFile !== undefined ? attempt(() => loadMapping(org.crm, mappingFile ?? undefined)) : undefined;
  const routing = routingFile ? attempt(() => loadRoutingFile(routingFile)) : undefined;
  if (change.definition !== undefined) {
    try {
      await activeDefinition(deps.db, change.definition);
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      problems.push(error.message);
    }
  }
  if (
    change.bulkThreshold !== undefined &&
    change.bulkThreshold !== null &&
    !(Number.isInteger(change.bulkThreshold) && change.bulkThreshold >= 1)
  ) {
    problems.push(`bulk threshold must be a whole number of leads, at least 1 (got ${change.bulkThreshold})`);
  }
  if (
    change.apiBudgetShare !== undefined &&
    change.apiBudgetShare !== null &&
    !(Number.isFinite(change.apiBudgetShare) && change.apiBudgetShare > 0 && change.apiBudgetShare <= 1)
  ) {
    problems.push(`API budget share must be a number above 0 and at most 1 (got ${change.apiBudgetShare})`);
  }

  if (mapping || routing) {
    // one connector for both checks; it is built on the mapping that will apply
    const connector = await createOrgConnector(deps, org, mapping ?? loadMapping(org.crm, org.settings.mappingFile));
    if (mapping)
      checkMapping(
        await connector.describeLeads(),
        mapping,
        mappingFile ?? `mappings/${org.crm}.yaml`,
        org,
        problems,
        warnings,
      );
    if (routing) await checkRoutingUsers(connector, routing, routingFile!, problems, warnings);
  }
  if (problems.length) throw new ConfigurationError(`Nothing was changed for ${org.name}:`, problems);

  const orgs = createOrgRepository(deps.db, deps.box);
  await orgs.updateSettings(org.id, {
    ...(change.definition !== undefined ? { definitionId: change.definition } : {}),
    settings: {
      ...(mappingFile !== undefined ? { mappingFile } : {}),
      ...(routingFile !== undefined ? { routingFile } : {}),
      ...(change.bulkThreshold !== undefined ? { bulkThreshold: change.bulkThreshold } : {}),
      ...(change.apiBudgetShare !== undefined ? { apiBudgetShare: change.apiBudgetShare } : {}),
    },
  });
  await recordAudit(deps.db, {
    actor,
    action: 'org.configure',
    target: org.name,
    details: {
      ...change,
      ...(mappingFile !== undefined ? { mappingFile } : {}),
      ...(routingFile !== undefined ? { routingFile } : {}),
    },
  });
  return { org: (await orgs.findById(org.id))!, warnings };
}

/** Problems of a mapping against the live describe; write-back fields that `leadloop setup` creates are only a warning. */
function checkMapping(
  described: Awaited<ReturnType<Connector['describeLeads']>>,
  mapping: Mapping,
  file: string,
  org: OrgRecord,
  problems: string[],
  warnings: string[],
): void {
  const toCreate = missingWriteBackFields(mapping, described.fields);
  const fields = [
    ...described.fields,
    ...toCreate.map((name) => ({ name, label: name, type: 'placeholder', updateable: true, custom: true })),
  ];
  for (const p of validateMappingAgainstDescribe(mapping, fields, file)) {
    if (toCreate.some((f) => p.includes(`field ${f} is placeholder`))) continue;
    problems.push(p);
  }
  if (toCreate.length)
    warnings.push(
      `${org.name} does not have ${toCreate.join(', ')} yet: run \`leadloop setup ${org.name}\` before the next sync`,
    );
}

function actionUsers(action: RoutingAction): string[] {
  if ('user' in action) return [action.user];
  if ('accountOwner' in action) return actionUsers(action.otherwise);
  return [];
}

/** Every rep, team lead and fixed owner the routing file names must be a user of the CRM; an inactive one is a warning. */
async function checkRoutingUsers(
  connector: Connector,
  routing: RoutingConfig,
  file: string,
  problems: string[],
  warnings: string[],
): Promise<void> {
  const users = createUserDirectory(await connector.listUsers());
  const named: [where: string, ref: string][] = [
    ...Object.entries(routing.teams).flatMap(([key, team]) => [
      ...team.members.map((m, i) => [`teams.${key}.members.${i}.user`, m.user] as [string, string]),
      ...(team.lead ? [[`teams.${key}.lead`, team.lead] as [string, string]] : []),
    ]),
    ...routing.rules.flatMap((rule, i) =>
      actionUsers(rule.assign).map((u) => [`rules.${i}.assign`, u] as [string, string]),
    ),
  ];
  for (const [where, ref] of named) {
    const user = users.find(ref);
    if (!user) problems.push(`${file} ${where}: ${ref} is not a user of this CRM`);
    else if (!user.isActive) warnings.push(`${file} ${where}: ${ref} is an inactive user; routing skips them`);
  }
}
