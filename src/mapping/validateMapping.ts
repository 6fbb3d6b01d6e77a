import type { FieldDescription } from '../domain/connector';
import { connectorEntry } from '../../connectors';
import type { Mapping } from './mappingSchema';

const NUMERIC_TYPES = new Set([
  'int',
  'double',
  'currency',
  'percent',
  'integer',
  'decimal',
  'float',
  'long',
  'number',
]);
const TEXT_TYPES = new Set([
  'string',
  'textarea',
  'picklist',
  'varchar',
  'text',
  'enum',
  'name',
  'url',
  'email',
  'phone',
  'longtext',
  'multienum',
  'id',
  'reference',
  'relate',
  'combobox',
]);
const DATETIME_TYPES = new Set(['datetime', 'datetimecombo', 'date']);

export interface MappingCheck {
  /** What stops a run: a required field missing, read-only or of the wrong type. */
  problems: string[];
  /** What the org lacks but the loop runs without (optional fields, status values): said, never a stop. */
  warnings: string[];
}

/**
 * Checks a mapping against the live org's describe: every mapped field must exist, and
 * write-back fields must be updateable and of a compatible type. Optional fields (the status
 * reason, the return reason, qualification answers) that the org lacks are warnings, and so
 * are `statusMeaning` values the org's status picklist does not hold (when the describe lists it).
 */
export function checkMapping(
  mapping: Mapping,
  fields: FieldDescription[],
  fileName = `mappings/${mapping.crm}.yaml`,
): MappingCheck {
  const byName = new Map(fields.map((f) => [f.name.toLowerCase(), f]));
  const problems: string[] = [];
  const warnings: string[] = [];
  const check = (
    where: string,
    field: string,
    need?: { updateable?: boolean; kind?: 'number' | 'text' | 'datetime'; optional?: string },
  ) => {
    if (field.includes('.')) return; // relationship paths are checked by the CRM's query
    const found = byName.get(field.toLowerCase());
    if (!found) {
      if (need?.optional)
        warnings.push(
          `${fileName} ${where}: field ${field} does not exist on ${mapping.object} (or leadloop's user cannot see it): ${need.optional}`,
        );
      else
        problems.push(
          `${fileName} ${where}: field ${field} does not exist on ${mapping.object} (or leadloop's user cannot see it)`,
        );
      return;
    }
    const out = need?.optional ? warnings : problems;
    if (need?.updateable && !found.updateable)
      out.push(`${fileName} ${where}: field ${field} is not updateable by leadloop's user`);
    const t = found.type.toLowerCase();
    if (need?.kind === 'number' && !NUMERIC_TYPES.has(t))
      out.push(`${fileName} ${where}: field ${field} is ${found.type}, expected a number field`);
    if (need?.kind === 'text' && !TEXT_TYPES.has(t))
      out.push(`${fileName} ${where}: field ${field} is ${found.type}, expected a text field`);
    if (need?.kind === 'datetime' && !DATETIME_TYPES.has(t))
      out.push(`${fileName} ${where}: field ${field} is ${found.type}, expected a date/time field`);
  };
  check('id', mapping.id);
  check('modifiedAt', mapping.modifiedAt);
  for (const [canonical, ref] of Object.entries(mapping.fields)) if (ref) check(`fields.${canonical}`, ref.field);
  for (const [key, ref] of Object.entries(mapping.qualification))
    if (ref)
      check(`qualification.${key}`, ref.field, { optional: `the ${key} answer is not read (it counts as unknown)` });
  for (const [name, ref] of Object.entries(mapping.attributes)) check(`attributes.${name}`, ref.field);
  const wb = mapping.writeBack;
  check('writeBack.score', wb.score.field, { updateable: true, kind: 'number' });
  check('writeBack.grade', wb.grade.field, { updateable: true, kind: 'text' });
  check('writeBack.status', wb.status.field, { updateable: true, kind: 'text' });
  check('writeBack.reasons', wb.reasons.field, { updateable: true, kind: 'text' });
  if (wb.scoredAt) check('writeBack.scoredAt', wb.scoredAt.field, { updateable: true, kind: 'datetime' });
  if (wb.slaDueAt) check('writeBack.slaDueAt', wb.slaDueAt.field, { updateable: true, kind: 'datetime' });
  if (wb.ownerId) check('writeBack.ownerId', wb.ownerId.field, { updateable: true });
  for (const [key, ref] of Object.entries(mapping.enrichmentWriteBack))
    if (ref) check(`enrichmentWriteBack.${key}`, ref.field, { updateable: true });
  if (mapping.statusReasonField)
    check('statusReasonField', mapping.statusReasonField, {
      optional: 'returns and disqualifications made through the status are recorded without a reason',
    });
  if (mapping.returnReasonField) {
    check('returnReasonField', mapping.returnReasonField, {
      updateable: true,
      kind: 'text',
      optional: `reps cannot return leads through it (${connectorEntry(mapping.crm).returnReasonSource})`,
    });
  }
  warnings.push(...statusMeaningWarnings(mapping, fields, fileName));
  return { problems, warnings };
}

/** What a missing kind of status switches off, in the words an admin reads in `setup` and `sync`. */
function switchedOff(kind: string, mapping: Mapping, returnReasonVisible: boolean): string {
  switch (kind) {
    case 'recycled':
      return returnReasonVisible
        ? `reps return leads through ${mapping.returnReasonField}`
        : `reps cannot return leads to marketing until ${mapping.returnReasonField ?? 'a return-reason field (returnReasonField)'} exists (${connectorEntry(mapping.crm).returnReasonSource})`;
    case 'accepted':
      return "a rep's acceptance (sal) is not read from the status; the SLA still counts the owner's logged calls and meetings";
    case 'qualified':
      return 'a lead becomes sql when it is converted';
    case 'disqualified':
      return "a rep's disqualification is not read from the status";
    default:
      return `${kind} is read from closed opportunities only`;
  }
}

/**
 * `statusMeaning` values the org's status picklist does not hold. Values are compared
 * case-insensitively (as meaningOfCrmStatus reads them); nothing is said when the describe
 * does not list the picklist's values.
 */
export function statusMeaningWarnings(
  mapping: Mapping,
  fields: FieldDescription[],
  fileName = `mappings/${mapping.crm}.yaml`,
): string[] {
  const statusField = mapping.fields.crmStatus?.field;
  const described = statusField ? fields.find((f) => f.name.toLowerCase() === statusField.toLowerCase()) : undefined;
  if (!described?.picklistValues?.length) return [];
  const held = new Set(described.picklistValues.map((v) => v.toLowerCase()));
  const returnReasonVisible = Boolean(
    mapping.returnReasonField && fields.some((f) => f.name.toLowerCase() === mapping.returnReasonField!.toLowerCase()),
  );
  const out: string[] = [];
  for (const [kind, values] of Object.entries(mapping.statusMeaning)) {
    const missing = (values ?? []).filter((v) => !held.has(v.toLowerCase()));
    if (!missing.length) continue;
    const list = missing.map((v) => `'${v}'`).join(', ');
    const none = missing.length === values!.length;
    out.push(
      `${fileName} statusMeaning.${kind}: ${mapping.object}.${statusField} has no ${list}${none ? `: ${switchedOff(kind, mapping, returnReasonVisible)}` : ''}`,
    );
  }
  return out;
}

/** The blocking problems of checkMapping: a missing or read-only required field stops a run. */
export function validateMappingAgainstDescribe(
  mapping: Mapping,
  fields: FieldDescription[],
  fileName = `mappings/${mapping.crm}.yaml`,
): string[] {
  return checkMapping(mapping, fields, fileName).problems;
}

/** Write-back fields the org lacks: what `leadloop setup` must create. */
export function missingWriteBackFields(mapping: Mapping, fields: FieldDescription[]): string[] {
  const names = new Set(fields.map((f) => f.name.toLowerCase()));
  return Object.values(mapping.writeBack)
    .filter((ref): ref is { field: string; maxLength: number | undefined } => Boolean(ref))
    .map((ref) => ref.field)
    .filter((f) => !names.has(f.toLowerCase()));
}
