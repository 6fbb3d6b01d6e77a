import type { FieldDescription, LeadObjectDescription, SetupReport } from '../../src/domain/connector';
import { LeadloopError, isLeadloopError } from '../../src/domain/errors';
import type { Logger } from '../../src/log/createLogger';
import { checkMapping, missingWriteBackFields, type Mapping } from '../../src/mapping';
import { querySalesforce } from './querySalesforce';
import { returnReasonFieldMetadata } from './returnReasonField';
import { PERMISSION_SET_NAME } from './salesforceConstants';
import type { SalesforceSession } from './salesforceSession';
import { soqlId, soqlString } from './soql';

interface DescribeField {
  name: string;
  label: string;
  type: string;
  updateable: boolean;
  custom: boolean;
  length?: number;
  picklistValues?: { value: string; active: boolean }[];
}

/** GET /sobjects/{object}/describe (not jsforce's cached describe: setup changes it). */
export async function describeSalesforceLeads(
  session: SalesforceSession,
  mapping: Mapping,
): Promise<LeadObjectDescription> {
  const body = await session.call(`describe ${mapping.object}`, (c) =>
    c.request<{ fields: DescribeField[] }>(`/services/data/v${session.apiVersion}/sobjects/${mapping.object}/describe`),
  );
  const fields: FieldDescription[] = body.fields.map((f) => ({
    name: f.name,
    label: f.label,
    type: f.type,
    updateable: f.updateable,
    custom: f.custom,
    ...(f.length ? { length: f.length } : {}),
    ...(f.picklistValues?.length
      ? { picklistValues: f.picklistValues.filter((p) => p.active).map((p) => p.value) }
      : {}),
  }));
  return { fields, missingFields: missingWriteBackFields(mapping, fields) };
}

type WriteBackKey = keyof Mapping['writeBack'];

/** The Metadata API CustomField for each leadloop field (the same as connectors/salesforce/force-app). */
export function customFieldMetadata(
  key: WriteBackKey,
  object: string,
  field: string,
  maxLength?: number,
): Record<string, unknown> | null {
  const base = { fullName: `${object}.${field}`, inlineHelpText: 'Written by leadloop; do not edit by hand.' };
  switch (key) {
    case 'score':
      return {
        ...base,
        label: 'LeadLoop Score',
        type: 'Number',
        precision: 3,
        scale: 0,
        description: 'Lead score 0–100 from the shared lead definition',
      };
    case 'grade':
      return { ...base, label: 'LeadLoop Grade', type: 'Text', length: 1, description: 'Fit grade A–D' };
    case 'status':
      return {
        ...base,
        label: 'LeadLoop Status',
        type: 'Text',
        length: 20,
        description: 'Lifecycle status: new, nurture, mql, sal, sql, won, lost, recycled, disqualified',
      };
    case 'reasons':
      return {
        ...base,
        label: 'LeadLoop Reasons',
        type: 'LongTextArea',
        length: Math.max(256, Math.min(131072, maxLength ?? 32768)),
        visibleLines: 5,
        description: 'Why the lead scored as it did (English / Spanish)',
      };
    case 'scoredAt':
      return {
        ...base,
        label: 'LeadLoop Scored At',
        type: 'DateTime',
        description: 'When leadloop last scored the lead',
      };
    case 'slaDueAt':
      return {
        ...base,
        label: 'LeadLoop SLA Due',
        type: 'DateTime',
        description: 'When the owner must have followed up',
      };
    default:
      return null;
  }
}

interface SaveResult {
  fullName: string;
  success: boolean;
  created?: boolean;
  errors?: { statusCode?: string; message?: string } | { statusCode?: string; message?: string }[];
}

function firstError(r: SaveResult): string {
  const e = Array.isArray(r.errors) ? r.errors[0] : r.errors;
  return `${e?.statusCode ?? 'ERROR'}: ${e?.message ?? 'no message'}`;
}

/** What an admin runs when leadloop's user may not change metadata (from connectors/salesforce). */
export const DEPLOY_STEPS = `deploy connectors/salesforce/force-app with the Salesforce CLI: \`sf project deploy start --source-dir force-app --target-org <alias>\` then \`sf org assign permset --name ${PERMISSION_SET_NAME} --on-behalf-of <integration user> --target-org <alias>\``;

/**
 * Creates the missing leadloop fields through the Metadata API, grants them to the
 * integration user with the LeadLoop_Integration permission set (custom fields stay
 * invisible to the API until field-level security allows them), and checks the mapping.
 * Safe to run again: upserts, and the assignment is made once.
 */
export async function setupSalesforce(
  session: SalesforceSession,
  mapping: Mapping,
  logger: Logger,
): Promise<SetupReport> {
  const before = await describeSalesforceLeads(session, mapping);
  const present = new Set(before.fields.map((f) => f.name.toLowerCase()));
  const missing = new Set(
    [...before.missingFields, mapping.returnReasonField ?? '']
      .filter((f) => f && !present.has(f.toLowerCase()))
      .map((f) => f.toLowerCase()),
  );
  const custom: { field: string; meta: Record<string, unknown> | null }[] = (
    Object.entries(mapping.writeBack) as [WriteBackKey, { field: string; maxLength?: number } | undefined][]
  )
    .filter(([, ref]) => ref && ref.field.endsWith('__c'))
    .map(([key, ref]) => ({
      field: ref!.field,
      meta: customFieldMetadata(key, mapping.object, ref!.field, ref!.maxLength),
    }));
  // the picklist reps return leads with (a standard org's Lead Status has no "Recycled")
  if (mapping.returnReasonField?.endsWith('__c'))
    custom.push({
      field: mapping.returnReasonField,
      meta: returnReasonFieldMetadata(mapping.object, mapping.returnReasonField),
    });
  const created: string[] = [];
  const manualSteps: string[] = [];

  // A user without "Customize Application" (or a JWT-based access token, which the SOAP
  // Metadata API refuses) fails the whole call: say what an admin can do instead of stopping.
  const refusedByOrg = (error: unknown, what: string): boolean => {
    if (!isLeadloopError(error) || error.kind !== 'configuration') return false;
    manualSteps.push(
      `leadloop could not ${what} (${error.message}). Give its user "Customize Application" and "Assign Permission Sets" and run setup again, or ${DEPLOY_STEPS}.`,
    );
    return true;
  };

  const toSave = custom.filter((c) => missing.has(c.field.toLowerCase()) && c.meta);
  let metadataRefused = false;
  try {
    for (let i = 0; i < toSave.length; i += 10) {
      const chunk = toSave.slice(i, i + 10);
      const saved = await session.call('Metadata API upsert CustomField', (c) =>
        c.metadata.upsert('CustomField', chunk.map((x) => x.meta) as never),
      );
      const results = (Array.isArray(saved) ? saved : [saved]) as unknown as SaveResult[];
      results.forEach((r, j) => {
        if (!r.success)
          manualSteps.push(
            `Create ${chunk[j]!.field} on ${mapping.object} by hand (the Metadata API refused it: ${firstError(r)}), or deploy connectors/salesforce/force-app with the Salesforce CLI.`,
          );
        else if (r.created !== false) created.push(`field ${mapping.object}.${chunk[j]!.field}`);
      });
    }
  } catch (error) {
    if (!refusedByOrg(error, 'create its fields')) throw error;
    metadataRefused = true;
  }

  if (custom.length && !metadataRefused) {
    try {
      const permissionSet = {
        fullName: PERMISSION_SET_NAME,
        label: 'LeadLoop Integration',
        description: "Lets leadloop's integration user read and write leadloop's fields",
        fieldPermissions: custom.map((c) => ({
          field: `${mapping.object}.${c.field}`,
          readable: true,
          editable: true,
        })),
      };
      const saved = (await session.call('Metadata API upsert PermissionSet', (c) =>
        c.metadata.upsert('PermissionSet', permissionSet as never),
      )) as unknown as SaveResult;
      if (!saved.success) {
        manualSteps.push(
          `Grant leadloop's user read and edit access to ${custom.map((c) => c.field).join(', ')} (the permission set could not be saved: ${firstError(saved)}).`,
        );
      } else {
        if (saved.created) created.push(`permission set ${PERMISSION_SET_NAME}`);
        const assigned = await assignPermissionSet(session);
        if (assigned) created.push(`assignment of ${PERMISSION_SET_NAME} to leadloop's user`);
      }
    } catch (error) {
      if (!refusedByOrg(error, `save and assign the ${PERMISSION_SET_NAME} permission set`)) throw error;
    }
  }

  const after = await describeSalesforceLeads(session, mapping);
  const visible = new Set(after.fields.map((f) => f.name.toLowerCase()));
  const stillMissing = custom.map((c) => c.field).filter((f) => !visible.has(f.toLowerCase()));
  for (const field of stillMissing)
    manualSteps.push(
      `${mapping.object}.${field} is still missing or invisible to leadloop's user: check its field-level security.`,
    );
  const { problems, warnings } = checkMapping(mapping, after.fields);
  for (const problem of problems) {
    if (!stillMissing.some((f) => problem.includes(f))) manualSteps.push(`Fix: ${problem}`);
  }
  const alreadyPresent = custom.map((c) => c.field).filter((f) => !missing.has(f.toLowerCase()));
  logger.info('Salesforce setup done', { created, manualSteps: manualSteps.length, warnings: warnings.length });
  return {
    created,
    alreadyPresent,
    manualSteps,
    warnings: warnings.filter((w) => !stillMissing.some((f) => w.includes(`field ${f} `))),
  };
}

async function assignPermissionSet(session: SalesforceSession): Promise<boolean> {
  const userId = await session.userId();
  const sets = await querySalesforce<{ Id: string }>(
    session,
    'query PermissionSet',
    `SELECT Id FROM PermissionSet WHERE Name = ${soqlString(PERMISSION_SET_NAME)}`,
  );
  const setId = sets[0]?.Id;
  if (!setId)
    throw new LeadloopError(`Salesforce: the permission set ${PERMISSION_SET_NAME} was saved but cannot be found`, {
      kind: 'configuration',
      crm: 'salesforce',
      code: 'PERMISSION_SET_MISSING',
    });
  const existing = await querySalesforce(
    session,
    'query PermissionSetAssignment',
    `SELECT Id FROM PermissionSetAssignment WHERE PermissionSetId = ${soqlId(setId)} AND AssigneeId = ${soqlId(userId)}`,
  );
  if (existing.length) return false;
  await session.call('create PermissionSetAssignment', (c) =>
    c.sobject('PermissionSetAssignment').create({ AssigneeId: userId, PermissionSetId: setId }),
  );
  return true;
}
