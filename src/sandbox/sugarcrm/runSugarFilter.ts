import { compileSugarFilter, readField, verifyField } from './compileSugarFilter';
import type { SugarStore } from './createSugarStore';
import { formatSugarRecord } from './formatSugarRecord';
import { compareSugarValues } from './sugarConditions';
import { sugarErrors } from './sugarErrors';
import type { SugarRow } from './SugarModuleTable';
import type { SugarFieldDef, SugarModule } from './sugarVardefs';

/** The arguments FilterApi reads, from the query string and (for POST) the JSON body. */
export interface SugarFilterArgs {
  filter?: unknown;
  max_num?: unknown;
  offset?: unknown;
  order_by?: unknown;
  fields?: unknown;
}

export interface SugarFilterContext {
  currentUserId: string;
  /** `$sugar_config['max_list_limit']`: the server cap on `max_num`. */
  maxListLimit: number;
}

/** FilterApi's defaults: 20 rows, newest first. */
const DEFAULT_LIMIT = 20;

/** PHP's `empty()` for request arguments. */
const isEmpty = (value: unknown) =>
  value === undefined || value === null || value === '' || value === '0' || value === 0 || value === false;

function phpInt(value: unknown): number {
  const parsed = Number.parseInt(String(value), 10);
  return Number.isNaN(parsed) ? 0 : parsed;
}

/** SugarApi::checkMaxListLimit: anything below 1 or above the cap becomes the cap. */
export function effectiveLimit(maxNum: unknown, maxListLimit: number): number {
  const limit = isEmpty(maxNum) ? DEFAULT_LIMIT : phpInt(maxNum);
  return limit < 1 || limit > maxListLimit ? maxListLimit : limit;
}

type OrderBy = [SugarFieldDef, boolean][];

/** SugarApi::getOrderByFromArgs: "field:dir,field:dir", direction ASC unless it says desc. */
function parseOrderBy(store: SugarStore, module: SugarModule, orderBy: unknown): OrderBy {
  if (typeof orderBy !== 'string' || orderBy === '') return [[store.field(module, 'date_modified')!, false]];
  const parsed = new Map<string, boolean>();
  for (const column of orderBy.split(',')) {
    const [name = '', direction = ''] = column.split(':', 2);
    if (!store.field(module, name))
      throw sugarErrors.invalidParameter(`Non existing field: ${name} in module: ${module}`);
    if (!parsed.has(name)) parsed.set(name, direction.toLowerCase() !== 'desc');
  }
  return [...parsed].map(([name, ascending]) => [verifyField(store, module, name), ascending]);
}

/** The direction when the order is the (date_modified, id) index, else null. */
function indexDirection(order: OrderBy): 'asc' | 'desc' | null {
  const [first, second, ...rest] = order;
  if (!first || first[0].name !== 'date_modified' || rest.length > 0) return null;
  if (second && (second[0].name !== 'id' || second[1] !== first[1])) return null;
  return first[1] ? 'asc' : 'desc';
}

export function requestedFields(fields: unknown): string[] | undefined {
  if (Array.isArray(fields)) return fields.map(String);
  if (typeof fields === 'string' && fields !== '') return fields.split(',').map((f) => f.trim());
  return undefined;
}

function compareRows(store: SugarStore, order: OrderBy, a: SugarRow, b: SugarRow): number {
  for (const [def, ascending] of order) {
    const result = compareSugarValues(def, readField(store, def, a), readField(store, def, b));
    if (result !== 0) return ascending ? result : -result;
  }
  return 0;
}

/** GET/POST /<module>/filter: `{ next_offset, records }`; next_offset is offset + limit while rows remain, else -1. */
export function runSugarFilter(
  store: SugarStore,
  module: SugarModule,
  args: SugarFilterArgs,
  context: SugarFilterContext,
): { next_offset: number; records: Record<string, unknown>[] } {
  const limit = effectiveLimit(args.max_num, context.maxListLimit);
  const offset =
    args.offset === 'end' ? Number.POSITIVE_INFINITY : Math.max(0, isEmpty(args.offset) ? 0 : phpInt(args.offset));
  const order = parseOrderBy(store, module, args.order_by);
  const filter = compileSugarFilter(store, module, args.filter, context.currentUserId);
  const table = store.table(module);
  const page: SugarRow[] = [];

  const direction = indexDirection(order);
  if (filter.idsIn) {
    // by primary key: look the rows up, then order them as the scan would have
    const matched: SugarRow[] = [];
    for (const id of filter.idsIn) {
      const row = table.get(id);
      if (row && filter.matches(row)) matched.push(row);
    }
    matched.sort(
      direction
        ? (a, b) =>
            (direction === 'asc' ? 1 : -1) *
            (a.date_modified - b.date_modified || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        : (a, b) => compareRows(store, order, a, b),
    );
    page.push(...matched.slice(offset, offset + limit + 1));
  } else if (direction) {
    let skipped = 0;
    for (const row of table.scan(direction, filter.modifiedFromMs)) {
      if (!filter.matches(row)) continue;
      if (skipped < offset) skipped += 1;
      else if (page.push(row) > limit) break;
    }
  } else {
    const matched: SugarRow[] = [];
    for (const row of table.scan('asc', filter.modifiedFromMs)) if (filter.matches(row)) matched.push(row);
    matched.sort((a, b) => compareRows(store, order, a, b));
    page.push(...matched.slice(offset, offset + limit + 1));
  }

  // One extra row was fetched to learn whether more exist, as FilterApi does with limit + 1.
  const hasMore = page.length > limit;
  const fields = requestedFields(args.fields);
  return {
    next_offset: hasMore ? offset + limit : -1,
    records: page.slice(0, limit).map((row) => formatSugarRecord(store, module, row, fields)),
  };
}

/** GET /<module>/filter/count and /<module>/count: `{ record_count }`. */
export function countSugarFilter(store: SugarStore, module: SugarModule, filter: unknown, currentUserId: string) {
  const compiled = compileSugarFilter(store, module, filter, currentUserId);
  let count = 0;
  for (const row of store.table(module).scan('asc', compiled.modifiedFromMs)) if (compiled.matches(row)) count += 1;
  return { record_count: count };
}
