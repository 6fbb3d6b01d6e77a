import type { SetupReport } from '../../src/domain/connector';
import { isLeadloopError } from '../../src/domain/errors';
import { validateMappingAgainstDescribe, type Mapping } from '../../src/mapping';
import { describeSalesforceLeads } from './describeSalesforceLeads';
import { customFieldMetadata, LEADLOOP_FIELD_SPECS, LEADLOOP_PERMISSION_SET, type CustomFieldSpec } from './salesforceFieldSpecs';
import type { SalesforceSession } from './salesforceSession';
import { assertSalesforceId, assertSoqlName, soqlString } from './soql';

/** The Metadata API takes at most 10 components per create/read call. */
const METADATA_BATCH = 10;

export const DEPLOY_COMMAND = 'sf project deploy start --source-dir connectors/salesforce/force-app --target-org <alias>';

interface SaveResult { fullName?: string; success?: boolean | string; created?: boolean | string; errors?: { statusCode?: string; message?: string } | { statusCode?: string; message?: string }[] }

const asArray = <T>(value: T | T[] | undefined | null): T[] => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]);
const isTrue = (value: unknown) => value === true || value === 'true';
const chunk = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

interface Wanted { role: keyof typeof LEADLOOP_FIELD_SPECS; field: string; spec: CustomFieldSpec }

/**
 * `leadloop setup` for Salesforce: describes Lead, creates the mapping's missing leadloop
 * fields through the Metadata API, grants them to leadloop's user with the LeadLoop
 * permission set (Metadata API fields are invisible until field-level security allows
 * them), and reports exactly what it did. A second run creates nothing.
 */
export async function setupSalesforce(session: SalesforceSession, mapping: Mapping): Promise<SetupReport> {
  const objectName = assertSoqlName(mapping.object);
  const report: SetupReport = { created: [], alreadyPresent: [], manualSteps: [] };
  const before = await describeSalesforceLeads(session, mapping);
  const visible = new Set(before.fields.map((f) => f.name.toLowerCase()));

  const ours: Wanted[] = [];
  for (const [role, ref] of Object.entries(mapping.writeBack)) {
    if (!ref) continue;
    const spec = LEADLOOP_FIELD_SPECS[role as keyof typeof LEADLOOP_FIELD_SPECS];
    const isCustom = ref.field.endsWith('__c');
    if (spec && isCustom) ours.push({ role: role as Wanted['role'], field: ref.field, spec });
    else if (!visible.has(ref.field.toLowerCase())) {
      report.manualSteps.push(`${objectName}.${ref.field} (writeBack.${role}) is not visible to leadloop's user and leadloop does not create it: ${isCustom ? 'create the field' : 'grant the user read/edit access to it'}, or change the mapping.`);
    }
    if (visible.has(ref.field.toLowerCase())) report.alreadyPresent.push(ref.field);
  }

  // Fields missing from describe may exist but be hidden by field-level security: ask the Metadata API.
  const hidden = ours.filter((w) => !visible.has(w.field.toLowerCase()));
  const existing = new Set(ours.filter((w) => visible.has(w.field.toLowerCase())).map((w) => w.field));
  for (const batch of chunk(hidden, METADATA_BATCH)) {
    const records = asArray(await session.call(`read CustomField ${objectName}`, (conn) => conn.metadata.read('CustomField', batch.map((w) => `${objectName}.${w.field}`))));
    for (const record of records as { fullName?: string }[]) {
      const name = record?.fullName?.split('.')[1];
      const match = name ? batch.find((w) => w.field.toLowerCase() === name.toLowerCase()) : undefined;
      if (match) { existing.add(match.field); report.alreadyPresent.push(match.field); }
    }
  }

  const toCreate = hidden.filter((w) => !existing.has(w.field));
  try {
    for (const batch of chunk(toCreate, METADATA_BATCH)) {
      const results = asArray(await session.call(`create CustomField ${objectName}`, (conn) => conn.metadata.create('CustomField', batch.map((w) => customFieldMetadata(objectName, w.field, w.spec)) as never))) as SaveResult[];
      batch.forEach((w, i) => {
        const result = results.find((r) => r.fullName?.toLowerCase() === `${objectName}.${w.field}`.toLowerCase()) ?? results[i];
        const error = asArray(result?.errors)[0];
        if (isTrue(result?.success)) { existing.add(w.field); report.created.push(`${objectName}.${w.field} (${describeSpec(w.spec)})`); }
        else if (error?.statusCode === 'DUPLICATE_DEVELOPER_NAME') { existing.add(w.field); report.alreadyPresent.push(w.field); }
        else report.manualSteps.push(`Salesforce did not create ${objectName}.${w.field}: ${error?.message ?? 'no reason given'} (${error?.statusCode ?? 'unknown'}). Create it by hand as ${describeSpec(w.spec)}, or deploy the metadata: ${DEPLOY_COMMAND}.`);
      });
    }
  } catch (error) {
    if (!isLeadloopError(error) || error.kind !== 'configuration') throw error;
    report.manualSteps.push(`leadloop's user may not create fields (${error.message}). Give it "Customize Application" for setup, or have an admin deploy the fields and permission set: ${DEPLOY_COMMAND}.`);
    return finish(session, mapping, report);
  }

  const granted = ours.filter((w) => existing.has(w.field));
  if (granted.length > 0) await grantPermissionSet(session, objectName, granted, report);
  return finish(session, mapping, report);
}

function describeSpec(spec: CustomFieldSpec): string {
  switch (spec.type) {
    case 'Number': return `Number(${spec.precision},${spec.scale})`;
    case 'Text': return `Text(${spec.length})`;
    case 'LongTextArea': return `Long Text Area(${spec.length})`;
    case 'Picklist': return `Picklist: ${(spec.picklistValues ?? []).join(', ')}`;
    default: return 'Date/Time';
  }
}

/** Upserts the LeadLoop permission set (read + edit on leadloop's fields) and assigns it to leadloop's user once. */
async function grantPermissionSet(session: SalesforceSession, objectName: string, fields: Wanted[], report: SetupReport): Promise<void> {
  const { fullName, label, description } = LEADLOOP_PERMISSION_SET;
  const manual = `assign the ${fullName} permission set to leadloop's user (Setup → Permission Sets → ${label} → Manage Assignments), or deploy it: ${DEPLOY_COMMAND}`;
  try {
    const metadata = { fullName, description, fieldPermissions: fields.map((w) => ({ editable: true, field: `${objectName}.${w.field}`, readable: true })), hasActivationRequired: false, label };
    const [result] = asArray(await session.call(`upsert PermissionSet ${fullName}`, (conn) => conn.metadata.upsert('PermissionSet', metadata as never))) as SaveResult[];
    const error = asArray(result?.errors)[0];
    if (!isTrue(result?.success)) {
      report.manualSteps.push(`Salesforce did not save the ${fullName} permission set: ${error?.message ?? 'no reason given'} (${error?.statusCode ?? 'unknown'}); ${manual}.`);
      return;
    }
    if (isTrue(result?.created)) report.created.push(`permission set ${fullName} (read/edit on ${fields.map((w) => w.field).join(', ')})`);

    const userId = assertSalesforceId(await session.userId(), 'user id');
    const sets = await session.call(`query PermissionSet ${fullName}`, async (conn) => conn.query<{ Id: string }>(`SELECT Id FROM PermissionSet WHERE Name = ${soqlString(fullName)}`));
    const permissionSetId = sets.records[0]?.Id;
    if (!permissionSetId) { report.manualSteps.push(`The ${fullName} permission set was saved but cannot be found by query; ${manual}.`); return; }
    const assigned = await session.call('query PermissionSetAssignment', async (conn) => conn.query<{ Id: string }>(
      `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '${userId}' AND PermissionSetId = '${assertSalesforceId(permissionSetId, 'permission set id')}'`));
    if (assigned.records.length > 0) return;
    const saved = await session.call('create PermissionSetAssignment', (conn) => conn.sobject('PermissionSetAssignment').create({ AssigneeId: userId, PermissionSetId: permissionSetId }));
    if (saved.success) report.created.push(`assignment of permission set ${fullName} to leadloop's user ${userId}`);
    else {
      const first = (saved.errors as unknown as { statusCode?: string; message?: string }[])[0];
      if (first?.statusCode !== 'DUPLICATE_VALUE') report.manualSteps.push(`Salesforce did not assign the ${fullName} permission set: ${first?.message ?? 'no reason given'}; ${manual}.`);
    }
  } catch (error) {
    if (!isLeadloopError(error) || error.kind !== 'configuration' && error.kind !== 'record') throw error;
    report.manualSteps.push(`leadloop could not grant its fields (${error.message}); ${manual}.`);
  }
}

/** Describes again and adds what is still wrong (hidden fields, wrong types) as manual steps. */
async function finish(session: SalesforceSession, mapping: Mapping, report: SetupReport): Promise<SetupReport> {
  const after = await describeSalesforceLeads(session, mapping);
  const createdNames = new Set(report.created.map((c) => c.split(' ')[0]!.split('.')[1]?.toLowerCase()));
  for (const field of after.missingFields) {
    if (report.manualSteps.some((s) => s.includes(`.${field} `) || s.includes(`.${field}:`))) continue;
    report.manualSteps.push(`${mapping.object}.${field} ${createdNames.has(field.toLowerCase()) ? 'was created but' : ''} is still not visible to leadloop's user: grant it read/edit access (the ${LEADLOOP_PERMISSION_SET.fullName} permission set does).`.replace('  ', ' '));
  }
  const missing = new Set(after.missingFields.map((f) => f.toLowerCase()));
  for (const problem of validateMappingAgainstDescribe(mapping, after.fields)) {
    if ([...missing].some((f) => problem.toLowerCase().includes(`field ${f} does not exist`))) continue;
    report.manualSteps.push(`Fix: ${problem}`);
  }
  report.alreadyPresent = [...new Set(report.alreadyPresent)];
  return report;
}
