import type { AttributeType, AttributeValue } from '../domain/lead';
import { applyTransform } from './transforms';

export type AttributeResult = { ok: true; value: AttributeValue } | { ok: false; message: string };

const MAX_TEXT = 1_000;

/**
 * The values of a multi-select picklist. Salesforce returns them as one string separated
 * by semicolons (https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/field_types.htm,
 * "multipicklist"); Sugar's REST API returns a multienum as a list, and its stored form is
 * `^a^,^b^`, which a CSV export may carry.
 */
function splitMulti(raw: unknown): string[] {
  if (Array.isArray(raw))
    return raw
      .filter((v) => v !== null && v !== undefined)
      .map((v) => String(v).trim())
      .filter(Boolean);
  const text = String(raw).trim();
  if (text.startsWith('^') && text.endsWith('^'))
    return text
      .slice(1, -1)
      .split('^,^')
      .map((v) => v.trim())
      .filter(Boolean);
  return text
    .split(';')
    .map((v) => v.trim())
    .filter(Boolean);
}

/** One CRM value (or CSV cell) as the attribute's declared type; `null`/`''` are "no value". */
export function readAttribute(type: AttributeType, raw: unknown): AttributeResult {
  if (raw === null || raw === '') return { ok: true, value: null };
  switch (type) {
    case 'number': {
      const n = applyTransform('number', raw);
      return n.ok ? { ok: true, value: n.value as number | null } : n;
    }
    case 'boolean': {
      const b = applyTransform('boolean', raw);
      return b.ok ? { ok: true, value: b.value as boolean | null } : b;
    }
    case 'date': {
      const d = applyTransform('isoDate', raw);
      return d.ok ? { ok: true, value: d.value as string | null } : d;
    }
    case 'multi-picklist': {
      const values = splitMulti(raw);
      return { ok: true, value: values.length ? values : null };
    }
    case 'text':
    case 'picklist': {
      if (typeof raw === 'object')
        return { ok: false, message: `expected a single value, got ${Array.isArray(raw) ? 'a list' : 'an object'}` };
      const t = applyTransform('trim', raw);
      if (!t.ok) return t;
      return { ok: true, value: typeof t.value === 'string' ? t.value.slice(0, MAX_TEXT) : t.value };
    }
  }
}
