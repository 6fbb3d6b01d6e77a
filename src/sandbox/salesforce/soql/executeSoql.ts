import type { SalesforceStore, SfRecord } from '../createSalesforceStore';
import { formatDate, normalizeId } from '../salesforceIds';
import type { FieldDef, ObjectDef } from '../salesforceSchema';
import {
  type Condition,
  type FieldRef,
  type SoqlLiteral,
  type SoqlQuery,
  SoqlError,
  soqlErrorMessage,
} from './parseSoql';

/** A field path resolved against the schema: the reference fields to follow, then the field to read. */
interface ResolvedField {
  ref: FieldRef;
  hops: { field: FieldDef; relationshipName: string; target: ObjectDef }[];
  field: FieldDef;
  /** Output name (canonical case) at each level. */
  names: string[];
}

export interface QueryResult {
  object: ObjectDef;
  count: boolean;
  records: SfRecord[];
  project(record: SfRecord, apiVersion: string): Record<string, unknown>;
}

const DAY = 86_400_000;
/** SOQL compares text case-insensitively; ids, dates and numbers compare as stored. */
const TEXT_TYPES = new Set(['string', 'email', 'phone', 'url', 'picklist', 'textarea']);
const normalized = (field: ResolvedField, value: unknown): unknown =>
  typeof value === 'string' && TEXT_TYPES.has(field.field.type) ? value.toLowerCase() : value;
const byName = <T extends { name: string }>(items: Iterable<T>, name: string): T | undefined => {
  const lower = name.toLowerCase();
  for (const item of items) if (item.name.toLowerCase() === lower) return item;
  return undefined;
};

function invalidField(query: SoqlQuery, ref: FieldRef, object: ObjectDef): never {
  const reason =
    ref.path.length > 1
      ? `Didn't understand relationship '${ref.path[0]}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`
      : `No such column '${ref.text}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`;
  throw new SoqlError('INVALID_FIELD', soqlErrorMessage(query.soql, ref.column, reason));
}

function resolveField(
  store: SalesforceStore,
  query: SoqlQuery,
  object: ObjectDef,
  ref: FieldRef,
  userId: string,
): ResolvedField {
  const hops: ResolvedField['hops'] = [];
  const names: string[] = [];
  let current = object;
  for (const part of ref.path.slice(0, -1)) {
    const reference = [...current.fields.values()].find(
      (f) => f.relationshipName?.toLowerCase() === part.toLowerCase(),
    );
    const target = reference?.referenceTo ? store.object(reference.referenceTo[0]!) : undefined;
    if (!reference || !target || store.fieldAccess(current.name, reference, userId) === 'none')
      invalidField(query, ref, object);
    hops.push({ field: reference, relationshipName: reference.relationshipName!, target });
    names.push(reference.relationshipName!);
    current = target;
  }
  const field = byName(current.fields.values(), ref.path[ref.path.length - 1]!);
  if (!field || store.fieldAccess(current.name, field, userId) === 'none') invalidField(query, ref, object);
  names.push(field.name);
  return { ref, hops, field, names };
}

function dateRange(literal: Extract<SoqlLiteral, { kind: 'dateLiteral' }>, nowMs: number): [number, number] {
  const today = Math.floor(nowMs / DAY) * DAY;
  const d = new Date(today);
  switch (literal.name) {
    case 'TODAY':
      return [today, today + DAY];
    case 'YESTERDAY':
      return [today - DAY, today];
    case 'TOMORROW':
      return [today + DAY, today + 2 * DAY];
    case 'LAST_N_DAYS':
      return [today - literal.n * DAY, today + DAY];
    case 'NEXT_N_DAYS':
      return [today + DAY, today + (literal.n + 1) * DAY];
    case 'LAST_90_DAYS':
      return [today - 90 * DAY, today + DAY];
    case 'LAST_N_WEEKS':
      return [today - literal.n * 7 * DAY, today + DAY];
    case 'THIS_WEEK': {
      const start = today - d.getUTCDay() * DAY;
      return [start, start + 7 * DAY];
    }
    case 'LAST_WEEK': {
      const start = today - (d.getUTCDay() + 7) * DAY;
      return [start, start + 7 * DAY];
    }
    case 'THIS_MONTH':
      return [Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)];
    case 'LAST_MONTH':
      return [Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1), Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)];
    case 'LAST_N_MONTHS':
      return [
        Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - literal.n, 1),
        Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1),
      ];
    case 'THIS_YEAR':
      return [Date.UTC(d.getUTCFullYear(), 0, 1), Date.UTC(d.getUTCFullYear() + 1, 0, 1)];
    default:
      return [Date.UTC(d.getUTCFullYear() - 1, 0, 1), Date.UTC(d.getUTCFullYear(), 0, 1)];
  }
}

/** Converts a literal to the stored representation of `field`, so comparisons are plain string/number compares. */
function literalFor(query: SoqlQuery, field: ResolvedField, literal: SoqlLiteral): unknown {
  const type = field.field.type;
  if (literal.kind === 'null') return null;
  if ((type === 'datetime' || type === 'date') && literal.kind === 'string') {
    throw new SoqlError(
      'INVALID_QUERY_FILTER_OPERATOR',
      soqlErrorMessage(
        query.soql,
        literal.column,
        `value of filter criterion for field '${field.ref.text}' must be of type ${type === 'datetime' ? 'dateTime' : 'date'} and should not be enclosed in quotes`,
      ),
    );
  }
  if (literal.kind === 'datetime')
    return type === 'date' ? formatDate(literal.ms) : new Date(literal.ms).toISOString().replace('Z', '+0000');
  if (literal.kind === 'date') return type === 'datetime' ? `${literal.value}T00:00:00.000+0000` : literal.value;
  if (literal.kind === 'string') {
    if (type === 'id' || type === 'reference') return normalizeId(literal.value) ?? literal.value;
    return TEXT_TYPES.has(type) ? literal.value.toLowerCase() : literal.value;
  }
  if (literal.kind === 'dateLiteral') return literal;
  return literal.value;
}

function compileLike(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i]!;
    if (c === '\\' && (pattern[i + 1] === '%' || pattern[i + 1] === '_')) {
      source += `\\${pattern[i + 1]}`;
      i += 1;
    } else if (c === '%') source += '.*';
    else if (c === '_') source += '.';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'is');
}

export function executeSoql(
  store: SalesforceStore,
  query: SoqlQuery,
  options: { userId: string; includeDeleted: boolean; deniedObjects?: ReadonlySet<string> },
): QueryResult {
  const object = byName(store.schema.values(), query.from.name);
  // an object the user's profile gives no Read on is invisible to the API: the same answer as one that does not exist
  if (!object || options.deniedObjects?.has(object.name)) {
    throw new SoqlError(
      'INVALID_TYPE',
      soqlErrorMessage(
        query.soql,
        query.from.column,
        `sObject type '${query.from.name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      ),
    );
  }
  const resolve = (ref: FieldRef) => resolveField(store, query, object, ref, options.userId);
  const selected = query.fields.map(resolve);
  const nowMs = store.clock.now();
  const read = (record: SfRecord, field: ResolvedField): unknown => {
    let current: SfRecord | undefined = record;
    for (const hop of field.hops) {
      const id = current[hop.field.name] as string | undefined;
      if (!id) return null;
      const targetName =
        hop.field.referenceTo!.find((name) => store.object(name)!.keyPrefix === id.slice(0, 3)) ?? hop.target.name;
      current = store.get(targetName, id);
      if (!current) return null;
    }
    const value = current[field.field.name];
    return value === undefined ? (field.field.type === 'boolean' ? false : null) : value;
  };
  const compile = (condition: Condition): ((record: SfRecord) => boolean) => {
    switch (condition.kind) {
      case 'and': {
        const parts = condition.items.map(compile);
        return (r) => parts.every((p) => p(r));
      }
      case 'or': {
        const parts = condition.items.map(compile);
        return (r) => parts.some((p) => p(r));
      }
      case 'not': {
        const inner = compile(condition.item);
        return (r) => !inner(r);
      }
      case 'like': {
        const field = resolve(condition.field);
        const regex = compileLike(condition.pattern);
        return (r) => {
          const v = read(r, field);
          return typeof v === 'string' && regex.test(v);
        };
      }
      case 'in': {
        const field = resolve(condition.field);
        const values = new Set(condition.values.map((v) => literalFor(query, field, v)));
        return (r) => values.has(normalized(field, read(r, field))) !== condition.negated;
      }
      case 'compare': {
        const field = resolve(condition.field);
        const target = literalFor(query, field, condition.value);
        const op = condition.op;
        if (target !== null && typeof target === 'object') {
          const [start, end] = dateRange(target as Extract<SoqlLiteral, { kind: 'dateLiteral' }>, nowMs);
          const isDate = field.field.type === 'date';
          const [lo, hi] = isDate
            ? [formatDate(start), formatDate(end)]
            : [new Date(start).toISOString().replace('Z', '+0000'), new Date(end).toISOString().replace('Z', '+0000')];
          return (r) => {
            const v = read(r, field) as string | null;
            if (v === null) return op === '!=';
            switch (op) {
              case '=':
                return v >= lo && v < hi;
              case '!=':
                return v < lo || v >= hi;
              case '<':
                return v < lo;
              case '<=':
                return v < hi;
              case '>':
                return v >= hi;
              default:
                return v >= lo;
            }
          };
        }
        return (r) => {
          const v = normalized(field, read(r, field));
          if (op === '=') return v === target;
          if (op === '!=') return v !== target;
          if (v === null || target === null) return false;
          const a = v as string | number;
          const b = target as string | number;
          return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
        };
      }
    }
  };
  const matches = query.where ? compile(query.where) : () => true;
  const order = query.orderBy.map((item) => ({ ...item, resolved: resolve(item.field) }));
  const isKeysetOrder =
    order.length === 0 ||
    (order.length <= 2 &&
      order[0]!.resolved.hops.length === 0 &&
      order[0]!.resolved.field.name === 'SystemModstamp' &&
      !order[0]!.descending &&
      (order.length === 1 || (order[1]!.resolved.field.name === 'Id' && !order[1]!.descending)));
  const wanted =
    query.count || !isKeysetOrder || query.limit === undefined ? Infinity : query.limit + (query.offset ?? 0);
  const candidates = candidateRecords(store, object.name, query.where);
  const records: SfRecord[] = [];
  for (const record of candidates) {
    if (!options.includeDeleted && record.IsDeleted === true) continue;
    if (!matches(record)) continue;
    records.push(record);
    if (records.length >= wanted) break;
  }
  if (!isKeysetOrder) {
    records.sort((a, b) => {
      for (const item of order) {
        const va = normalized(item.resolved, read(a, item.resolved)) as string | number | null;
        const vb = normalized(item.resolved, read(b, item.resolved)) as string | number | null;
        if (va === vb) continue;
        if (va === null) return item.nullsFirst ? -1 : 1;
        if (vb === null) return item.nullsFirst ? 1 : -1;
        return (va < vb ? -1 : 1) * (item.descending ? -1 : 1);
      }
      return 0;
    });
  }
  const start = query.offset ?? 0;
  const limited = records.slice(start, query.limit === undefined ? undefined : start + query.limit);
  return {
    object,
    count: query.count,
    records: limited,
    project: (record, apiVersion) => {
      const out: Record<string, unknown> = {
        attributes: { type: object.name, url: `/services/data/v${apiVersion}/sobjects/${object.name}/${record.Id}` },
      };
      for (const field of selected) {
        let target = out;
        let current: SfRecord | undefined = record;
        let broken = false;
        for (const [i, hop] of field.hops.entries()) {
          const id = current?.[hop.field.name] as string | undefined;
          const targetName = id
            ? (hop.field.referenceTo!.find((name) => store.object(name)!.keyPrefix === id.slice(0, 3)) ??
              hop.target.name)
            : hop.target.name;
          current = id ? store.get(targetName, id) : undefined;
          if (!current) {
            if (!(field.names[i]! in target)) target[field.names[i]!] = null;
            broken = true;
            break;
          }
          const existing = target[field.names[i]!] as Record<string, unknown> | undefined | null;
          target =
            existing ??
            ((target[field.names[i]!] = {
              attributes: {
                type: targetName,
                url: `/services/data/v${apiVersion}/sobjects/${targetName}/${current.Id}`,
              },
            }) as Record<string, unknown>);
        }
        if (!broken) target[field.field.name] = read(record, field);
      }
      return out;
    },
  };
}

/** Narrows the scan: Id = / Id IN go straight to the records; a SystemModstamp lower bound binary-searches the sorted table. */
function candidateRecords(
  store: SalesforceStore,
  objectName: string,
  where: Condition | undefined,
): Iterable<SfRecord> {
  const conjuncts = !where ? [] : where.kind === 'and' ? where.items : [where];
  for (const c of conjuncts) {
    if (
      ((c.kind === 'compare' && c.op === '=') || (c.kind === 'in' && !c.negated)) &&
      c.field.text.toLowerCase() === 'id'
    ) {
      const values = c.kind === 'compare' ? [c.value] : c.values;
      return values
        .flatMap((v) => (v.kind === 'string' ? [store.get(objectName, normalizeId(v.value) ?? v.value)] : []))
        .filter((r): r is SfRecord => r !== undefined);
    }
  }
  const sorted = store.scan(objectName);
  const bound = where ? stampLowerBound(where) : null;
  if (bound === null) return sorted;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.SystemModstamp < bound) lo = mid + 1;
    else hi = mid;
  }
  return (function* () {
    for (let i = lo; i < sorted.length; i += 1) yield sorted[i]!;
  })();
}

function stampLowerBound(condition: Condition): string | null {
  if (
    condition.kind === 'compare' &&
    condition.field.text.toLowerCase() === 'systemmodstamp' &&
    ['>', '>=', '='].includes(condition.op) &&
    condition.value.kind === 'datetime'
  ) {
    return new Date(Math.floor(condition.value.ms / 1000) * 1000).toISOString().replace('Z', '+0000');
  }
  if (condition.kind === 'and') {
    const bounds = condition.items.map(stampLowerBound).filter((b): b is string => b !== null);
    return bounds.length > 0 ? bounds.sort().pop()! : null;
  }
  if (condition.kind === 'or') {
    const bounds = condition.items.map(stampLowerBound);
    return bounds.every((b) => b !== null) ? (bounds as string[]).sort()[0]! : null;
  }
  return null;
}
