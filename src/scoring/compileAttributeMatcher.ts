import type { Matcher } from '../definition/definitionSchema';
import { foldText, type CompiledMatcher } from './compileMatcher';
import type { SignalValue } from './signalReaders';

const TRUE = new Set(['true', '1', 'yes', 'y', 'si', 'sí', 'on']);
const FALSE = new Set(['false', '0', 'no', 'n', 'off']);

/** A number from a number or a numeric text (a CSV cell without a mapping arrives as text). */
function asNumber(v: SignalValue): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const text = v.trim().replace(/[\s,](?=\d{3}\b)/g, '');
  if (text === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function asBoolean(v: SignalValue): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : undefined;
  if (typeof v !== 'string') return undefined;
  const s = foldText(v);
  return TRUE.has(s) ? true : FALSE.has(s) ? false : undefined;
}

/** Every value to compare: the values of a multi-select, else the one value. */
function each(v: SignalValue): readonly (string | number | boolean)[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v as string | number | boolean];
}

/**
 * A band's matcher over an attribute, whatever its type: lists match when any of their
 * values does, texts are compared without case and accents, numbers also match their
 * text form. With withinDays/olderThanDays the reader gives the date's age in days.
 */
export function compileAttributeMatcher(m: Matcher): CompiledMatcher {
  if (m.present !== undefined) {
    const want = m.present;
    return (v) => (v !== undefined) === want;
  }
  if (m.otherwise) return (v) => v !== undefined;
  if (m.is !== undefined) {
    const want = m.is;
    return (v) => asBoolean(v) === want;
  }
  if (m.withinDays !== undefined || m.olderThanDays !== undefined) {
    const max = m.withinDays ?? Infinity;
    const min = m.olderThanDays ?? -Infinity;
    return (v) => typeof v === 'number' && v <= max && v >= min;
  }
  if (m.min !== undefined || m.max !== undefined) {
    const min = m.min ?? -Infinity;
    const max = m.max ?? Infinity;
    return (v) => {
      const n = asNumber(v);
      return n !== undefined && n >= min && n <= max;
    };
  }
  if (m.matches !== undefined) {
    const pattern = new RegExp(m.matches, 'iu');
    return (v) => each(v).some((x) => pattern.test(String(x)));
  }
  if (m.contains) {
    const words = m.contains.map(foldText);
    return (v) =>
      each(v).some((x) => {
        const folded = foldText(String(x));
        return words.some((w) => folded.includes(w));
      });
  }
  const listed = new Set((m.in ?? []).map((x) => foldText(String(x))));
  const numbers = new Set((m.in ?? []).filter((x) => typeof x === 'number'));
  return (v) =>
    each(v).some(
      (x) => listed.has(foldText(String(x))) || (numbers.size > 0 && numbers.has(asNumber(x as SignalValue) as number)),
    );
}
