import type { SugarStore } from './createSugarStore';
import { sugarErrors } from './sugarErrors';
import type { SugarEmailEntry } from './sugarFieldValues';
import { storedFieldValue } from './formatSugarRecord';
import { matchesSugarCondition } from './sugarConditions';
import type { SugarRow } from './SugarModuleTable';
import type { SugarFieldDef, SugarModule } from './sugarVardefs';

export type RowPredicate = (row: SugarRow) => boolean;

export interface CompiledSugarFilter {
  matches: RowPredicate;
  /** A lower bound on date_modified implied by the top-level AND, so a scan can start there. */
  modifiedFromMs?: number;
  /** Ids an `id: {$in: […]}` in the top-level AND limits the rows to (read by primary key, not scanned). */
  idsIn?: Set<string>;
}

interface Group {
  kind: 'and' | 'or';
  terms: RowPredicate[];
  isTop: boolean;
}

/** PHP arrays are lists or maps; Sugar iterates both the same way. */
function phpValues(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object') return Object.values(value);
  return null;
}

function phpType(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'double';
  return typeof value === 'string' ? 'string' : typeof value === 'boolean' ? 'boolean' : 'NULL';
}

/**
 * Compiles a filter definition into a row predicate, with FilterApi's rules and messages:
 * a list of definitions AND-ed together, `$or` / `$and` groups (every condition inside an
 * `$or` is OR-ed, including several fields of one definition), `{field: value}` as
 * `$equals`, the macros `$owner` and `$creator`, and 422 invalid_parameter for anything
 * it does not recognise.
 */
export function compileSugarFilter(
  store: SugarStore,
  module: SugarModule,
  filter: unknown,
  currentUserId: string,
): CompiledSugarFilter {
  if (filter === undefined || filter === null || filter === '') return { matches: () => true };
  const definitions = phpValues(filter);
  if (!definitions) throw sugarErrors.invalidParameter(`Unexpected filter type ${phpType(filter)}.`);

  let modifiedFromMs: number | undefined;
  let idsIn: Set<string> | undefined;
  const top: Group = { kind: 'and', terms: [], isTop: true };

  const addFilters = (defs: unknown, group: Group): void => {
    const list = phpValues(defs);
    if (!list) throw sugarErrors.invalidParameter(`Did not recognize the definition: ${String(defs)}`);
    for (const definition of list) {
      const entries = phpValues(definition) && definition !== null ? Object.entries(definition as object) : null;
      if (!entries) throw sugarErrors.invalidParameter(`Did not recognize the definition: ${String(definition)}`);
      for (const [field, condition] of entries) addFilter(field, condition, group);
    }
  };

  const addFilter = (field: string, condition: unknown, group: Group): void => {
    if (field === '$or' || field === '$and') {
      const sub: Group = { kind: field === '$or' ? 'or' : 'and', terms: [], isTop: false };
      addFilters(condition, sub);
      group.terms.push(combine(sub));
    } else if (field === '$owner') {
      group.terms.push((row) => row.assigned_user_id === currentUserId);
    } else if (field === '$creator') {
      group.terms.push((row) => row.created_by === currentUserId);
    } else if (field === '$favorite' || field === '$following' || field === '$tracker') {
      // Nobody favourites, follows or views records in the sandbox.
      group.terms.push(() => false);
    } else {
      addFieldFilter(field, condition, group);
    }
  };

  const addFieldFilter = (field: string, condition: unknown, group: Group): void => {
    const def = verifyField(store, module, field);
    const operations =
      condition !== null && typeof condition === 'object' && !Array.isArray(condition)
        ? Object.entries(condition)
        : [['$equals', condition] as [string, unknown]];
    for (const [operand, value] of operations) {
      const test = matchesSugarCondition(def, operand, value, store.now());
      if (def.type === 'email') {
        const onList = emailListTest(operand, test);
        group.terms.push((row) => onList(readField(store, def, row) as string[]));
      } else {
        group.terms.push((row) => test(readField(store, def, row)));
      }
      if (group.isTop && def.name === 'id' && operand === '$in' && Array.isArray(value)) {
        // the primary key: a real database reads these rows by index, not by scanning the table
        const ids = new Set(value.map(String));
        idsIn = idsIn ? new Set([...idsIn].filter((id) => ids.has(id))) : ids;
      }
      if (group.isTop && def.name === 'date_modified') {
        const bound = lowerBoundOf(operand, value);
        if (bound !== undefined) modifiedFromMs = Math.max(modifiedFromMs ?? bound, bound);
      }
    }
  };

  addFilters(definitions, top);
  return { matches: combine(top), modifiedFromMs, ...(idsIn ? { idsIn } : {}) };
}

const NEGATED = new Set(['$not_equals', '$not_in', '$not_contains']);

/** `email` joins the record's addresses: a condition holds when one address matches (none, when negated). */
function emailListTest(operand: string, test: (value: unknown) => boolean): (addresses: string[]) => boolean {
  if (operand === '$is_null' || operand === '$empty') return (addresses) => addresses.length === 0;
  if (operand === '$not_null' || operand === '$not_empty') return (addresses) => addresses.length > 0;
  if (NEGATED.has(operand)) return (addresses) => (addresses.length === 0 ? test(undefined) : addresses.every(test));
  return (addresses) => addresses.some(test);
}

function combine(group: Group): RowPredicate {
  const terms = group.terms;
  if (terms.length === 0) return () => true;
  if (terms.length === 1) return terms[0]!;
  return group.kind === 'and' ? (row) => terms.every((t) => t(row)) : (row) => terms.some((t) => t(row));
}

/** FilterApi::verifyField: related-field syntax needs a link join the sandbox does not model. */
export function verifyField(store: SugarStore, module: SugarModule, field: string): SugarFieldDef {
  if (field.indexOf('.') > 0) {
    const [link, name] = field.split('.');
    throw sugarErrors.invalidParameter(`Invalid link ${link} for field ${name}`);
  }
  const def = store.field(module, field);
  if (!def) throw sugarErrors.invalidParameter(`Unknown field ${field}`);
  return def;
}

/** The value a condition compares: all addresses for `email`, the stored or computed value otherwise. */
export function readField(store: SugarStore, def: SugarFieldDef, row: SugarRow): unknown {
  if (def.type === 'email') {
    const list = Array.isArray(row.email) ? (row.email as SugarEmailEntry[]) : [];
    return list.map((entry) => entry.email_address);
  }
  return storedFieldValue(store, def, row);
}

function lowerBoundOf(operand: string, value: unknown): number | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  const ms = typeof first === 'string' ? Date.parse(first.length <= 10 ? `${first}T00:00:00Z` : first) : NaN;
  if (Number.isNaN(ms)) return undefined;
  // One day of slack covers the date-only rewrites ($gt day → next day) without reasoning about them.
  return ['$gt', '$gte', '$equals', '$between', '$dateBetween', '$starts'].includes(operand)
    ? ms - 86_400_000
    : undefined;
}
