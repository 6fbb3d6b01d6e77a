import { FILE_LEADS_CRM } from '../../connectors';
import { CANONICAL_LEAD_FIELDS, type AttributeValue, type CanonicalLead, type CrmKind } from '../domain/lead';
import type { Mapping } from './mappingSchema';
import { mapRecord, type MappedRecord } from './mapRecord';
import { applyTransform } from './transforms';

/**
 * A header as exports write it, reduced to compare: `Product_Interest__c` (Salesforce
 * custom field), `product_interest_c` (Sugar custom field) and `Product Interest` (their
 * default label) all read `productinterest`.
 */
export function headerKey(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/_{1,2}c$/, '')
    .replace(/[^a-z0-9]/g, '');
}

export interface CsvLeadReader {
  /** Mapped fields whose column the file lacks, as `Email (fields.email)`. */
  missing: string[];
  /** The attribute names this file offers (the mapping's found ones, or every column without a mapping). */
  attributes: string[];
  read(row: Record<string, string>, line: number): MappedRecord;
}

export interface CsvLeadOptions {
  mapping?: Mapping | undefined;
  crm?: CrmKind | undefined;
  /** Column with a stable lead id; otherwise the mapping's id column, else `row-N`. */
  idColumn?: string | undefined;
  /** Columns never read (ids, the outcome, anything known only after it). */
  exclude?: ReadonlySet<string>;
  nowIso: string;
}

const NUMERIC = new Set(['employees', 'annualRevenue']);
const BOOLEAN = new Set(['isConverted', 'unsubscribed']);

/**
 * Reads leads from a CSV whose headers are whatever the export has: API names or labels,
 * in any order. With a mapping, every field it names is looked up by API name, by a label
 * the mapping lists, then by the reduced form of either; without one, a column named like
 * a canonical field fills it and every column is also an attribute under its header.
 */
export function createCsvLeadReader(headers: readonly string[], o: CsvLeadOptions): CsvLeadReader {
  const exclude = o.exclude ?? new Set<string>();
  const usable = headers.filter((h) => !exclude.has(h));
  const byKey = new Map<string, string>();
  for (const h of usable) if (!byKey.has(headerKey(h))) byKey.set(headerKey(h), h);
  const idHeader = o.idColumn;
  if (!o.mapping) return readWithoutMapping(usable, byKey, idHeader, o);

  const mapping = o.mapping;
  const find = (field: string, labels: readonly string[] = []): string | undefined => {
    if (usable.includes(field)) return field;
    for (const label of [...labels, ...(mapping.headerLabels[field] ?? [])]) if (usable.includes(label)) return label;
    for (const name of [field, ...labels, ...(mapping.headerLabels[field] ?? [])]) {
      const hit = byKey.get(headerKey(name));
      if (hit) return hit;
    }
    return undefined;
  };
  const columns = new Map<string, string>();
  const missing: string[] = [];
  const want = (field: string, where: string, labels?: readonly string[]) => {
    const header = find(field, labels);
    if (header) columns.set(field, header);
    else missing.push(`${field} (${where})`);
  };
  for (const [canonical, ref] of Object.entries(mapping.fields))
    if (ref && !ref.field.includes('.')) want(ref.field, `fields.${canonical}`);
  for (const [key, ref] of Object.entries(mapping.qualification)) if (ref) want(ref.field, `qualification.${key}`);
  const attributes: string[] = [];
  for (const [name, ref] of Object.entries(mapping.attributes)) {
    want(ref.field, `attributes.${name}`, ref.labels);
    if (columns.has(ref.field)) attributes.push(name);
  }
  const idColumn = idHeader ?? find(mapping.id);
  const stampColumn = find(mapping.modifiedAt);
  return {
    missing,
    attributes,
    read(row, line) {
      const record: Record<string, unknown> = {};
      for (const [field, header] of columns) record[field] = row[header];
      // a file without an id column names rows by their line; an empty id cell is a record without one
      record[mapping.id] = idColumn ? (row[idColumn]?.trim() ?? '') : `row-${line}`;
      // a CSV export often lacks the modification stamp the mapping reads: it is now
      const stamp = stampColumn ? row[stampColumn] : undefined;
      record[mapping.modifiedAt] = stamp && stamp.trim() !== '' ? stamp : o.nowIso;
      return mapRecord(mapping, record);
    },
  };
}

function readWithoutMapping(
  usable: readonly string[],
  byKey: Map<string, string>,
  idHeader: string | undefined,
  o: CsvLeadOptions,
): CsvLeadReader {
  const canonical = new Map<string, string>();
  for (const field of CANONICAL_LEAD_FIELDS) {
    const header = byKey.get(headerKey(field));
    if (header) canonical.set(field, header);
  }
  return {
    missing: [],
    attributes: [...usable],
    read(row, line) {
      const id = idHeader ? row[idHeader]?.trim() : '';
      const lead: Record<string, unknown> = {
        crm: o.crm ?? FILE_LEADS_CRM,
        externalId: id || `row-${line}`,
        modifiedAt: o.nowIso,
      };
      const issues: { field: string; message: string }[] = [];
      for (const [field, header] of canonical) {
        const raw = row[header];
        if (raw === undefined) continue;
        const out = applyTransform(
          NUMERIC.has(field)
            ? field === 'employees'
              ? 'integer'
              : 'number'
            : BOOLEAN.has(field)
              ? 'boolean'
              : field === 'createdAt'
                ? 'isoDate'
                : 'trim',
          raw,
        );
        if (out.ok) lead[field] = out.value;
        else issues.push({ field: header, message: `${header} on line ${line}: ${out.message}` });
      }
      const attributes: Record<string, AttributeValue> = {};
      for (const header of usable) {
        const raw = row[header];
        if (raw !== undefined) attributes[header] = raw.trim() === '' ? null : raw.trim();
      }
      lead['attributes'] = attributes;
      if (issues.length) lead['fieldIssues'] = issues;
      return { lead: lead as CanonicalLead, issues };
    },
  };
}
