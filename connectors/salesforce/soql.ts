import { SALESFORCE_ID_PATTERN } from './salesforceConstants';

/**
 * A SOQL string literal's content: backslash first, then quote (and the control characters
 * SOQL escapes), so user or CRM data can never end the literal early.
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm
 */
export function escapeSoqlString(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\f/g, '\\f')
    .replace(/\u0008/g, '\\b');
}

/** `'…'` around an escaped value. */
export function soqlString(value: string): string {
  return `'${escapeSoqlString(value)}'`;
}

/** A field or object API name, optionally a relationship path (Owner.Name, Custom__r.Field__c). */
const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,79}(?:\.[A-Za-z][A-Za-z0-9_]{0,79}){0,4}$/;

/** Throws unless `name` is a plausible API name (and, when given, in the allowlist). */
export function assertSoqlName(name: string, allowlist?: ReadonlySet<string> | readonly string[]): string {
  if (!NAME_PATTERN.test(name)) throw new Error(`Not a Salesforce field or object name: ${JSON.stringify(name)}`);
  if (allowlist) {
    const allowed = allowlist instanceof Set ? allowlist : new Set(allowlist);
    const lower = new Set([...allowed].map((n) => String(n).toLowerCase()));
    if (!lower.has(name.toLowerCase())) throw new Error(`Field ${JSON.stringify(name)} is not one leadloop may query here`);
  }
  return name;
}

/** Throws unless `id` is a 15- or 18-character Salesforce id; returns it for inlining in SOQL. */
export function assertSalesforceId(id: string, what = 'record id'): string {
  if (typeof id !== 'string' || !SALESFORCE_ID_PATTERN.test(id)) throw new Error(`Not a Salesforce ${what}: ${JSON.stringify(String(id).slice(0, 40))}`);
  return id;
}

/** `'id1','id2'` for an IN list, every id checked. */
export function soqlIdList(ids: readonly string[]): string {
  if (ids.length === 0) throw new Error('An IN list needs at least one id');
  return ids.map((id) => `'${assertSalesforceId(id)}'`).join(',');
}

/** A value inside a LIKE pattern: escaped as a string, then `%` and `_` made literal. */
export function escapeSoqlLike(value: string): string {
  return escapeSoqlString(value).replace(/%/g, '\\%').replace(/_/g, '\\_');
}
