import crypto from 'node:crypto';
import type { Definition } from './definitionSchema';

/**
 * A content hash of a definition's meaning: comments, key order and the `version` number
 * do not change it, any rule does. The store uses it to save a new version only when the
 * content changed; compiled definitions carry its first characters.
 */
export function definitionHash(def: Definition): string {
  const { version: _version, ...content } = def;
  return crypto.createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** JSON with object keys sorted at every level (arrays keep their order: it matters). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
