import type { AttributeValue, CanonicalLead, FieldIssue, LeadloopFields } from '../domain/lead';
import { leadStatusSchema } from '../domain/status';
import type { Mapping, TransformName } from './mappingSchema';
import { applyTransform, readPath } from './transforms';
import { readAttribute } from './readAttribute';

const MAX_TEXT = 10_000;

export interface MappedRecord {
  lead?: CanonicalLead;
  issues: FieldIssue[];
}

const NUMERIC = new Set(['employees', 'annualRevenue']);
const BOOLEAN = new Set(['isConverted', 'unsubscribed']);
const DATE = new Set(['createdAt']);

function defaultTransform(canonical: string): TransformName {
  if (NUMERIC.has(canonical)) return canonical === 'employees' ? 'integer' : 'number';
  if (BOOLEAN.has(canonical)) return 'boolean';
  if (DATE.has(canonical)) return 'isoDate';
  return 'trim';
}

/**
 * One CRM record → the canonical lead. A bad value becomes a field issue and the field is
 * left out; only a record without an id or stamp is rejected as a whole.
 */
export function mapRecord(mapping: Mapping, record: Record<string, unknown>): MappedRecord {
  const issues: FieldIssue[] = [];
  const id = readPath(record, mapping.id);
  if (typeof id !== 'string' || id.trim() === '') {
    return { issues: [{ field: mapping.id, message: 'record has no id' }] };
  }
  const stamp = applyTransform('isoDate', readPath(record, mapping.modifiedAt));
  if (!stamp.ok || typeof stamp.value !== 'string') {
    return { issues: [{ field: mapping.modifiedAt, message: `record ${id} has no valid modification stamp` }] };
  }

  const lead: Record<string, unknown> = { crm: mapping.crm, externalId: id, modifiedAt: stamp.value };
  for (const [canonical, ref] of Object.entries(mapping.fields)) {
    if (!ref) continue;
    const raw = readPath(record, ref.field);
    if (raw === undefined) continue;
    let out = applyTransform(ref.transform ?? defaultTransform(canonical), raw);
    // the declared transform may leave text where the canonical field needs a number or date
    if (out.ok && ref.transform && defaultTransform(canonical) !== 'trim' && out.value !== null)
      out = applyTransform(defaultTransform(canonical), out.value);
    if (!out.ok) {
      issues.push({ field: ref.field, message: `${ref.field} on ${id}: ${out.message}` });
      continue;
    }
    if (typeof out.value === 'string' && out.value.length > MAX_TEXT) {
      issues.push({
        field: ref.field,
        message: `${ref.field} on ${id}: ${out.value.length} characters, cut to ${MAX_TEXT}`,
      });
      out = { ok: true, value: out.value.slice(0, MAX_TEXT) };
    }
    if (canonical === 'employees' && typeof out.value === 'number' && out.value < 0) {
      issues.push({ field: ref.field, message: `${ref.field} on ${id}: negative employee count ${out.value}` });
      continue;
    }
    lead[canonical] = out.value;
  }

  const qualification = mapQualification(mapping, record, id, issues);
  if (qualification) lead['qualification'] = qualification;
  const attributes = mapAttributes(mapping, record, id, issues);
  if (attributes) lead['attributes'] = attributes;
  lead['leadloop'] = readLeadloopFields(mapping, record, id, issues);
  if (issues.length) lead['fieldIssues'] = issues;
  return { lead: lead as CanonicalLead, issues };
}

function mapAttributes(mapping: Mapping, record: Record<string, unknown>, id: string, issues: FieldIssue[]) {
  const out: Record<string, AttributeValue> = {};
  for (const [name, ref] of Object.entries(mapping.attributes)) {
    const raw = readPath(record, ref.field);
    if (raw === undefined) continue;
    const read = readAttribute(ref.type, raw);
    if (read.ok) out[name] = read.value;
    else issues.push({ field: ref.field, message: `${ref.field} on ${id}: ${read.message}` });
  }
  return Object.keys(out).length ? out : undefined;
}

function mapQualification(mapping: Mapping, record: Record<string, unknown>, id: string, issues: FieldIssue[]) {
  const out: Record<string, unknown> = {};
  for (const [key, ref] of Object.entries(mapping.qualification)) {
    if (!ref) continue;
    const raw = readPath(record, ref.field);
    if (raw === undefined || raw === null || raw === '') continue;
    if (ref.values) {
      const match = Object.entries(ref.values).find(
        ([crmValue]) => crmValue.toLowerCase() === String(raw).trim().toLowerCase(),
      );
      if (!match) {
        issues.push({
          field: ref.field,
          message: `${ref.field} on ${id}: value "${String(raw).slice(0, 80)}" is not listed in the mapping`,
        });
        continue;
      }
      out[key] = match[1];
    } else if (typeof raw === 'boolean' || key === 'need' || key === 'urgencyEvent') {
      out[key] = typeof raw === 'string' ? raw.trim().slice(0, 1000) : raw;
    } else {
      const b = applyTransform('boolean', raw);
      if (b.ok) out[key] = b.value;
      else issues.push({ field: ref.field, message: `${ref.field} on ${id}: ${b.message}` });
    }
  }
  return Object.keys(out).length ? out : undefined;
}

/** The values the CRM holds today in leadloop's fields: the base for no-op elimination. */
function readLeadloopFields(
  mapping: Mapping,
  record: Record<string, unknown>,
  id: string,
  issues: FieldIssue[],
): LeadloopFields {
  const wb = mapping.writeBack;
  const out: LeadloopFields = {};
  const score = readPath(record, wb.score.field);
  if (score !== undefined) {
    const n = applyTransform('number', score);
    out.score = n.ok ? (n.value as number | null) : null;
  }
  const grade = readPath(record, wb.grade.field);
  if (grade !== undefined) out.grade = grade === null || grade === '' ? null : String(grade);
  const status = readPath(record, wb.status.field);
  if (status !== undefined) {
    const parsed = leadStatusSchema.safeParse(status);
    if (status === null || status === '') out.status = null;
    else if (parsed.success) out.status = parsed.data;
    else
      issues.push({
        field: wb.status.field,
        message: `${wb.status.field} on ${id}: "${String(status).slice(0, 40)}" is not a leadloop status`,
      });
  }
  const reasons = readPath(record, wb.reasons.field);
  if (reasons !== undefined) out.reasons = reasons === null || reasons === '' ? null : String(reasons);
  const returnReason = mapping.returnReasonField ? readPath(record, mapping.returnReasonField) : undefined;
  if (returnReason !== undefined)
    out.returnReason = returnReason === null || String(returnReason).trim() === '' ? null : String(returnReason);
  for (const key of ['scoredAt', 'slaDueAt'] as const) {
    const ref = wb[key];
    if (!ref) continue;
    const v = readPath(record, ref.field);
    if (v === undefined) continue;
    const d = applyTransform('isoDate', v);
    out[key] = d.ok ? (d.value as string | null) : null;
  }
  return out;
}
