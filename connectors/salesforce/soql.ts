/** SOQL text is built only through these: literals escaped, names and ids checked. */

/** A SOQL string literal, quotes included: backslash first, then quote, newlines and the rest. */
export function soqlString(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\f/g, '\\f')
    .replace(/[\b]/g, '\\b');
  return `'${escaped}'`;
}

/** A LIKE pattern literal: the string escaped, and `%` and `_` in it matched literally. */
export function soqlLike(value: string, prefix = '', suffix = ''): string {
  const inner = soqlString(value).slice(1, -1).replace(/%/g, '\\%').replace(/_/g, '\\_');
  return `'${prefix}${inner}${suffix}'`;
}

/** A dateTime literal (unquoted, UTC, whole seconds as Salesforce stores them). */
export function soqlDateTime(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) throw new Error(`not a date-time: ${String(iso)}`);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const NAME = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$/;
const ID = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;

/** A field or object API name (optionally one relationship hop); throws on anything else. */
export function soqlName(name: string): string {
  if (!NAME.test(name) || name.length > 80)
    throw new Error(`not a Salesforce field or object name: ${JSON.stringify(name)}`);
  return name;
}

export function isSalesforceId(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value);
}

/** An id literal for `IN (…)` / `=`; throws unless it looks like a Salesforce id. */
export function soqlId(value: string): string {
  if (!isSalesforceId(value)) throw new Error(`not a Salesforce id: ${JSON.stringify(value)}`);
  return `'${value}'`;
}

/** Salesforce date-times (`2026-05-01T10:00:00.000+0000`) as ISO 8601 UTC, or null. */
export function fromSalesforceDate(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
