import type { FieldDescription } from '../domain/connector';
import type { Mapping } from './mappingSchema';

const NUMERIC_TYPES = new Set(['int', 'double', 'currency', 'percent', 'integer', 'decimal', 'float', 'long', 'number']);
const TEXT_TYPES = new Set(['string', 'textarea', 'picklist', 'varchar', 'text', 'enum', 'name', 'url', 'email', 'phone', 'longtext', 'multienum', 'id', 'reference', 'relate', 'combobox']);
const DATETIME_TYPES = new Set(['datetime', 'datetimecombo', 'date']);

/**
 * Checks a mapping against the live org's describe: every mapped field must exist, and
 * write-back fields must be updateable and of a compatible type. Returns the problems.
 */
export function validateMappingAgainstDescribe(mapping: Mapping, fields: FieldDescription[], fileName = `mappings/${mapping.crm}.yaml`): string[] {
  const byName = new Map(fields.map((f) => [f.name.toLowerCase(), f]));
  const problems: string[] = [];
  const check = (where: string, field: string, need?: { updateable?: boolean; kind?: 'number' | 'text' | 'datetime' }) => {
    if (field.includes('.')) return; // relationship paths are checked by the CRM's query
    const found = byName.get(field.toLowerCase());
    if (!found) {
      problems.push(`${fileName} ${where}: field ${field} does not exist on ${mapping.object} (or leadloop's user cannot see it)`);
      return;
    }
    if (need?.updateable && !found.updateable) problems.push(`${fileName} ${where}: field ${field} is not updateable by leadloop's user`);
    const t = found.type.toLowerCase();
    if (need?.kind === 'number' && !NUMERIC_TYPES.has(t)) problems.push(`${fileName} ${where}: field ${field} is ${found.type}, expected a number field`);
    if (need?.kind === 'text' && !TEXT_TYPES.has(t)) problems.push(`${fileName} ${where}: field ${field} is ${found.type}, expected a text field`);
    if (need?.kind === 'datetime' && !DATETIME_TYPES.has(t)) problems.push(`${fileName} ${where}: field ${field} is ${found.type}, expected a date/time field`);
  };
  check('id', mapping.id);
  check('modifiedAt', mapping.modifiedAt);
  for (const [canonical, ref] of Object.entries(mapping.fields)) if (ref) check(`fields.${canonical}`, ref.field);
  for (const [key, ref] of Object.entries(mapping.qualification)) if (ref) check(`qualification.${key}`, ref.field);
  for (const [name, ref] of Object.entries(mapping.attributes)) check(`attributes.${name}`, ref.field);
  const wb = mapping.writeBack;
  check('writeBack.score', wb.score.field, { updateable: true, kind: 'number' });
  check('writeBack.grade', wb.grade.field, { updateable: true, kind: 'text' });
  check('writeBack.status', wb.status.field, { updateable: true, kind: 'text' });
  check('writeBack.reasons', wb.reasons.field, { updateable: true, kind: 'text' });
  if (wb.scoredAt) check('writeBack.scoredAt', wb.scoredAt.field, { updateable: true, kind: 'datetime' });
  if (wb.slaDueAt) check('writeBack.slaDueAt', wb.slaDueAt.field, { updateable: true, kind: 'datetime' });
  if (wb.ownerId) check('writeBack.ownerId', wb.ownerId.field, { updateable: true });
  for (const [key, ref] of Object.entries(mapping.enrichmentWriteBack)) if (ref) check(`enrichmentWriteBack.${key}`, ref.field, { updateable: true });
  if (mapping.statusReasonField) check('statusReasonField', mapping.statusReasonField);
  return problems;
}

/** Write-back fields the org lacks: what `leadloop setup` must create. */
export function missingWriteBackFields(mapping: Mapping, fields: FieldDescription[]): string[] {
  const names = new Set(fields.map((f) => f.name.toLowerCase()));
  return Object.values(mapping.writeBack)
    .filter((ref): ref is { field: string; maxLength: number | undefined } => Boolean(ref))
    .map((ref) => ref.field)
    .filter((f) => !names.has(f.toLowerCase()));
}
