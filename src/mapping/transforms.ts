import type { TransformName } from './mappingSchema';

export type TransformResult = { ok: true; value: string | number | boolean | null } | { ok: false; message: string };

// C0/C1 control characters except tab/newline, and lone surrogates (invalid UTF-16): matching them is the point
const CONTROL =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function cleanText(value: string): string {
  return value.replace(CONTROL, '').trim();
}

/** Reads `Field` or `Relationship.Field` from a CRM record. */
export function readPath(record: Record<string, unknown>, path: string): unknown {
  if (!path.includes('.')) return record[path];
  let node: unknown = record;
  for (const part of path.split('.')) {
    if (node === null || node === undefined || typeof node !== 'object') return node === null ? null : undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Applies one named transform. `null`/`''` stay "no value" (null); absent never reaches here. */
export function applyTransform(name: TransformName, raw: unknown): TransformResult {
  if (raw === null) return { ok: true, value: null };
  if (typeof raw === 'object')
    return { ok: false, message: `expected a single value, got ${Array.isArray(raw) ? 'a list' : 'an object'}` };
  const text = typeof raw === 'string' ? cleanText(raw) : raw;
  if (text === '') return { ok: true, value: null };
  switch (name) {
    case 'trim':
    case 'emptyToNull':
      return { ok: true, value: typeof text === 'string' ? text : String(text) };
    case 'lowercase':
      return { ok: true, value: String(text).toLowerCase() };
    case 'uppercase':
      return { ok: true, value: String(text).toUpperCase() };
    case 'integer':
    case 'number': {
      const n = typeof text === 'number' ? text : Number(String(text).replace(/[\s,](?=\d{3}\b)/g, ''));
      if (!Number.isFinite(n)) return { ok: false, message: `"${String(text).slice(0, 40)}" is not a number` };
      return { ok: true, value: name === 'integer' ? Math.round(n) : n };
    }
    case 'boolean': {
      if (typeof text === 'boolean') return { ok: true, value: text };
      const s = String(text).toLowerCase();
      if (['true', '1', 'yes', 'y', 'si', 'sí', 'on'].includes(s)) return { ok: true, value: true };
      if (['false', '0', 'no', 'n', 'off'].includes(s)) return { ok: true, value: false };
      return { ok: false, message: `"${s.slice(0, 40)}" is not a yes/no value` };
    }
    case 'isoDate': {
      const s = String(text);
      // Salesforce writes offsets as +0000; JavaScript parses that, zod's ISO check does not
      const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s);
      if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1900 || d.getUTCFullYear() > 2999 || !isCalendarDay(s)) {
        return { ok: false, message: `"${s.slice(0, 40)}" is not a valid date` };
      }
      return { ok: true, value: d.toISOString() };
    }
  }
}

/** False for a leading YYYY-MM-DD that names no real day (2026-02-30): JavaScript would roll it over to March. */
function isCalendarDay(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!m) return true;
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return day.getUTCMonth() === Number(m[2]) - 1 && day.getUTCDate() === Number(m[3]);
}
