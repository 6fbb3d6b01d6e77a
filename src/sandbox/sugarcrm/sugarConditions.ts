import { sugarErrors } from './sugarErrors';
import { dayBounds, DAY_MS, isDateOnly, parseSugarDateTime } from './sugarTime';
import type { SugarFieldDef } from './sugarVardefs';

type ValueKind = 'datetime' | 'number' | 'bool' | 'text';
type Test = (fieldValue: unknown) => boolean;

export function valueKind(def: SugarFieldDef): ValueKind {
  if (def.type === 'datetime' || def.type === 'datetimecombo') return 'datetime';
  if (def.type === 'int' || def.type === 'currency' || def.type === 'decimal') return 'number';
  return def.type === 'bool' ? 'bool' : 'text';
}

const isNull = (value: unknown) => value === undefined || value === null;

/** A client value in the stored form of the field; NaN when it cannot be read (the SQL matches nothing). */
function normalise(kind: ValueKind, value: unknown): unknown {
  switch (kind) {
    case 'datetime':
      // Stored datetimes are already epoch milliseconds; client values are text.
      return typeof value === 'number' ? value : (parseSugarDateTime(value) ?? Number.NaN);
    case 'number':
      return value === '' || value === null ? Number.NaN : Number(value);
    case 'bool':
      return typeof value === 'string' ? !['', '0', 'false'].includes(value.toLowerCase()) : Boolean(value);
    default:
      // MySQL's default collations compare case-insensitively.
      return String(value).toLowerCase();
  }
}

/** Orders two stored values; NULLs first, as MySQL sorts them ascending. */
export function compareSugarValues(def: SugarFieldDef, a: unknown, b: unknown): number {
  if (isNull(a) || isNull(b)) return isNull(a) === isNull(b) ? 0 : isNull(a) ? -1 : 1;
  const kind = valueKind(def);
  const left = kind === 'text' ? String(a).toLowerCase() : Number(a);
  const right = kind === 'text' ? String(b).toLowerCase() : Number(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

function likeTest(pattern: string): (text: string) => boolean {
  // Sugar does not escape % and _ in $starts/$contains/$ends (Compiler/Doctrine.php), so they stay wildcards.
  const source = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  const regex = new RegExp(`^${source}$`, 'is');
  return (text) => regex.test(text);
}

function list(operand: string, value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object') return Object.values(value);
  throw sugarErrors.invalidParameter(`${operand} requires an array`);
}

/** Relative ranges of `$dateRange` the sandbox knows (SugarQuery_Builder_Where::dateRange), in UTC. */
function dateRange(name: unknown, nowMs: number): [number, number] {
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  const now = new Date(today);
  const month = (offset: number): [number, number] => {
    const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1);
    return [start, Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset + 1, 1) - 1000];
  };
  const year = (offset: number): [number, number] => [
    Date.UTC(now.getUTCFullYear() + offset, 0, 1),
    Date.UTC(now.getUTCFullYear() + offset + 1, 0, 1) - 1000,
  ];
  const ranges: Record<string, () => [number, number]> = {
    today: () => dayBounds(today),
    yesterday: () => dayBounds(today - DAY_MS),
    tomorrow: () => dayBounds(today + DAY_MS),
    last_7_days: () => [today - 6 * DAY_MS, today + DAY_MS - 1000],
    next_7_days: () => [today, today + 7 * DAY_MS - 1000],
    last_30_days: () => [today - 29 * DAY_MS, today + DAY_MS - 1000],
    next_30_days: () => [today, today + 30 * DAY_MS - 1000],
    last_month: () => month(-1),
    this_month: () => month(0),
    next_month: () => month(1),
    last_year: () => year(-1),
    this_year: () => year(0),
    next_year: () => year(1),
  };
  const range = typeof name === 'string' ? ranges[name] : undefined;
  return range ? range() : [Number.NaN, Number.NaN];
}

/**
 * One `field: {operand: value}` condition as a test on the field's stored value, following
 * FilterApi::addFieldFilter, SugarFieldDatetime::fixForFilter (a date-only value means the
 * whole UTC day) and the SQL the conditions compile to (NULL matches only the null checks
 * and the negated LIKE).
 */
export function matchesSugarCondition(def: SugarFieldDef, operand: string, value: unknown, nowMs: number): Test {
  const kind = valueKind(def);
  const norm = (v: unknown) => normalise(kind, v);
  const dateOnly =
    kind === 'datetime' &&
    typeof (Array.isArray(value) ? value[0] : value) === 'string' &&
    isDateOnly(String(Array.isArray(value) ? value[0] : value));
  const between =
    (low: number, high: number): Test =>
    (v) =>
      !isNull(v) && (v as number) >= low && (v as number) <= high;
  const cmp = (op: (a: number | string, b: number | string) => boolean, target: unknown): Test => {
    const b = norm(target) as number | string;
    return (v) => !isNull(v) && op(norm(v) as number | string, b);
  };
  const likes = (format: (s: string) => string) =>
    (Array.isArray(value) ? value : [value]).map((v) => likeTest(format(String(v))));

  switch (operand) {
    case '$equals':
    case '$starts': {
      if (dateOnly) return between(...dayBounds(parseSugarDateTime(value)!));
      if (operand === '$equals') return cmp((a, b) => a === b, value);
      const tests = likes((s) => `${s}%`);
      return (v) => !isNull(v) && tests.some((t) => t(String(v)));
    }
    case '$not_equals':
      return cmp((a, b) => a !== b, value);
    case '$ends':
    case '$contains': {
      const tests = likes((s) => (operand === '$ends' ? `%${s}` : `%${s}%`));
      return (v) => !isNull(v) && tests.some((t) => t(String(v)));
    }
    case '$not_contains': {
      const tests = likes((s) => `%${s}%`);
      return (v) => isNull(v) || tests.every((t) => !t(String(v)));
    }
    case '$in': {
      const wanted = new Set(list(operand, value).map(norm));
      return (v) => !isNull(v) && wanted.has(norm(v));
    }
    case '$not_in': {
      const excluded = new Set(list(operand, value).map(norm));
      return (v) => !isNull(v) && !excluded.has(norm(v));
    }
    case '$between':
    case '$dateBetween': {
      const bounds = Array.isArray(value) || (value && typeof value === 'object') ? list(operand, value) : [];
      if (bounds.length !== 2) throw sugarErrors.invalidParameter('$between requires an array with two values.');
      if (dateOnly)
        return between(parseSugarDateTime(bounds[0])!, dayBounds(parseSugarDateTime(bounds[1]) ?? Number.NaN)[1]);
      const [low, high] = bounds.map(norm) as [number | string, number | string];
      return (v) => !isNull(v) && norm(v)! >= low && norm(v)! <= high;
    }
    case '$is_null':
      return isNull;
    case '$not_null':
      return (v) => !isNull(v);
    case '$empty':
      return (v) => isNull(v) || v === '' || (Array.isArray(v) && v.length === 0);
    case '$not_empty':
      return (v) => !isNull(v) && v !== '' && !(Array.isArray(v) && v.length === 0);
    case '$lt':
    case '$lte':
    case '$gt':
    case '$gte': {
      if (dateOnly) {
        const [start, end] = dayBounds(parseSugarDateTime(value)!);
        const rewritten = { $gt: start + DAY_MS, $gte: start, $lt: end - DAY_MS, $lte: end }[operand];
        const strict = operand === '$gt' || operand === '$lt';
        const op = operand.startsWith('$g')
          ? (a: number) => (strict ? a > rewritten : a >= rewritten)
          : (a: number) => (strict ? a < rewritten : a <= rewritten);
        return (v) => !isNull(v) && op(v as number);
      }
      const ops = {
        $lt: (a: number | string, b: number | string) => a < b,
        $lte: (a: number | string, b: number | string) => a <= b,
        $gt: (a: number | string, b: number | string) => a > b,
        $gte: (a: number | string, b: number | string) => a >= b,
      };
      return cmp(ops[operand], value);
    }
    case '$dateRange': {
      const [low, high] = dateRange(value, nowMs);
      return between(low, high);
    }
    default:
      throw sugarErrors.invalidParameter(`Did not recognize the operand: ${operand}`);
  }
}
