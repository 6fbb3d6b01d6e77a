import type { FieldDescription, LeadObjectDescription, SetupReport } from '../../src/domain/connector';
import { checkMapping, missingWriteBackFields, type Mapping } from '../../src/mapping';
import type { SugarSession } from './createSugarSession';
import { PACKAGE_BUILD_COMMAND, PACKAGE_FILE } from './sugarConstants';

/** One field of GET /metadata?type_filter=modules (a module vardef entry). */
export interface SugarVardef {
  name?: string;
  vname?: string;
  label?: string;
  type?: string;
  dbType?: string;
  len?: number | string;
  source?: string;
  readonly?: boolean;
  calculated?: boolean | string;
  custom_module?: string;
}

interface MetadataResponse {
  modules?: Record<string, { fields?: Record<string, SugarVardef> }>;
}

const NOT_WRITABLE_TYPES = new Set(['link', 'function', 'collection', 'image']);

/** A vardef → the connector contract's field description. */
export function toFieldDescription(name: string, def: SugarVardef): FieldDescription {
  const type = String(def.type ?? 'varchar');
  const length = Number(def.len);
  const custom = def.source === 'custom_fields' || Boolean(def.custom_module) || name.endsWith('_c');
  const calculated = def.calculated === true || def.calculated === 'true';
  return {
    name,
    label: String(def.label ?? def.vname ?? name),
    type,
    updateable:
      !def.readonly &&
      !calculated &&
      !NOT_WRITABLE_TYPES.has(type) &&
      name !== 'id' &&
      name !== 'date_modified' &&
      name !== 'date_entered',
    custom,
    ...(Number.isFinite(length) && length > 0 ? { length } : {}),
  };
}

/** GET /metadata for the lead module only: its vardefs, and the write-back fields it lacks. */
export async function describeSugarLeads(session: SugarSession, mapping: Mapping): Promise<LeadObjectDescription> {
  const meta = await session.call<MetadataResponse>({
    method: 'GET',
    path: '/metadata',
    params: { type_filter: 'modules', module_filter: mapping.object },
  });
  const vardefs = meta?.modules?.[mapping.object]?.fields ?? {};
  const fields = Object.entries(vardefs)
    .filter(([name, def]) => typeof def === 'object' && def !== null && !name.startsWith('_'))
    .map(([name, def]) => toFieldDescription(def.name ?? name, def));
  return { fields, missingFields: missingWriteBackFields(mapping, fields) };
}

/**
 * Sugar custom fields cannot be created over the REST API (they come from Studio or a
 * Module Loadable Package), so setup only checks and says precisely what to do.
 */
export function sugarSetupReport(
  mapping: Mapping,
  description: LeadObjectDescription,
  instanceUrl: string,
): SetupReport {
  const wanted = Object.values(mapping.writeBack)
    .filter((r): r is { field: string; maxLength: number | undefined } => Boolean(r))
    .map((r) => r.field);
  const missing = new Set(description.missingFields.map((f) => f.toLowerCase()));
  const alreadyPresent = wanted.filter((f) => !missing.has(f.toLowerCase()));
  const manualSteps: string[] = [];
  if (description.missingFields.length) {
    manualSteps.push(
      `${mapping.object} in ${instanceUrl} lacks leadloop's field(s): ${description.missingFields.join(', ')}. ` +
        "Sugar custom fields cannot be created through the REST API; install leadloop's package instead:",
      `1. Build it: \`${PACKAGE_BUILD_COMMAND}\` (writes ${PACKAGE_FILE}).`,
      '2. In Sugar, as an administrator: Admin → Module Loader → Upload the zip → Install (then Admin → Repair → Quick Repair and Rebuild if the fields do not show).',
      "3. Make sure leadloop's Sugar user may read and edit these fields (Admin → Role Management), then run `leadloop setup` again.",
    );
  }
  const check = checkMapping(mapping, description.fields);
  const problems = check.problems.filter(
    (p) => ![...missing].some((f) => p.toLowerCase().includes(`field ${f} does not exist`)),
  );
  for (const problem of problems) manualSteps.push(`Fix: ${problem}`);
  const warnings = check.warnings.map((w) =>
    mapping.returnReasonField && w.includes(`field ${mapping.returnReasonField} does not exist`)
      ? `${w}; install the current leadloop package (\`${PACKAGE_BUILD_COMMAND}\`, Admin → Module Loader) to add it`
      : w,
  );
  const returnReasonPresent =
    mapping.returnReasonField &&
    description.fields.some((f) => f.name.toLowerCase() === mapping.returnReasonField!.toLowerCase());
  return {
    created: [],
    alreadyPresent: returnReasonPresent ? [...alreadyPresent, mapping.returnReasonField!] : alreadyPresent,
    manualSteps,
    warnings,
  };
}
