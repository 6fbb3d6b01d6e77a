import type { Matcher } from '../definition/definitionSchema';
import { SIGNAL_KINDS, type SignalName } from '../definition/signals';
import type { SignalValue } from './signalReaders';
import { compileAttributeMatcher } from './compileAttributeMatcher';

export type CompiledMatcher = (value: SignalValue) => boolean;

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** Case- and accent-insensitive form of free text ("Tecnología " → "tecnologia"). */
export function foldText(value: string): string {
  return value.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase().trim();
}

const FOLD_MEMO_LIMIT = 5_000;

/** foldText with a bounded memo: industries and sources repeat, and normalize('NFD') is slow. */
function memoFold(): (value: string) => string {
  const memo = new Map<string, string>();
  return (value) => {
    let folded = memo.get(value);
    if (folded === undefined) {
      if (memo.size >= FOLD_MEMO_LIMIT) memo.clear();
      folded = foldText(value);
      memo.set(value, folded);
    }
    return folded;
  };
}

/** Country codes are upper case, every other code lower case: readers return them so. */
const UPPER_CASE_CODES: ReadonlySet<SignalName> = new Set<SignalName>(['country', 'region']);

function key(value: string | number | boolean, kind: string, signal: SignalName): string | number | boolean {
  if (typeof value !== 'string') return value;
  if (kind === 'text') return foldText(value);
  return UPPER_CASE_CODES.has(signal) ? value.trim().toUpperCase() : value.trim().toLowerCase();
}

/** A domain matches a listed domain or any of its subdomains (mail.acme.com ↔ acme.com). */
function domainIn(set: ReadonlySet<string | number | boolean>, domain: string): boolean {
  let rest = domain;
  for (;;) {
    if (set.has(rest)) return true;
    const dot = rest.indexOf('.');
    if (dot < 0) return false;
    rest = rest.slice(dot + 1);
  }
}

/**
 * Turns one band's matcher into a plain function, once per definition. An unknown value
 * (undefined) matches only `present: false`.
 */
export function compileMatcher(m: Matcher, signal: SignalName, regions: Record<string, string[]>): CompiledMatcher {
  const kind = SIGNAL_KINDS[signal];
  if (kind === 'attribute') return compileAttributeMatcher(m);
  if (m.matches !== undefined) {
    const pattern = new RegExp(m.matches, 'iu');
    return (v) => typeof v === 'string' && pattern.test(v);
  }
  if (m.present !== undefined) {
    const want = m.present;
    return (v) => (v !== undefined) === want;
  }
  if (m.otherwise) return (v) => v !== undefined;
  if (m.is !== undefined) {
    const want = m.is;
    return (v) => v === want;
  }
  if (m.min !== undefined || m.max !== undefined) {
    const min = m.min ?? -Infinity;
    const max = m.max ?? Infinity;
    return (v) => typeof v === 'number' && v >= min && v <= max;
  }
  if (m.contains) {
    const words = m.contains.map(foldText);
    const fold = memoFold();
    return (v) => {
      if (typeof v !== 'string') return false;
      const folded = fold(v);
      for (const w of words) if (folded.includes(w)) return true;
      return false;
    };
  }
  const listed = signal === 'region' ? (m.in ?? []).flatMap((r) => regions[String(r)] ?? []) : (m.in ?? []);
  const set = new Set(listed.map((v) => key(v, kind, signal)));
  if (kind === 'domain') return (v) => typeof v === 'string' && domainIn(set, v.trim().toLowerCase());
  if (kind === 'text') {
    const fold = memoFold();
    return (v) => v !== undefined && set.has(typeof v === 'string' ? fold(v) : (v as string | number | boolean));
  }
  // codes arrive in their canonical case (see signalReaders): no case folding per lead
  return (v) => v !== undefined && set.has(v as string | number | boolean);
}

export type CompiledTemplate = (value: SignalValue) => string;

/**
 * Reason text with a `{value}` placeholder (the signal's value; in engagement rules the
 * event count, also written `{count}`), split once so rendering is a concatenation. A
 * text without placeholders returns the same string every time.
 */
export function compileTemplate(template: string): CompiledTemplate {
  const parts = template.split(/\{value\}|\{count\}/);
  if (parts.length === 1) return () => template;
  if (parts.length === 2) {
    const [head, tail] = parts as [string, string];
    return (value) => head + (value === undefined ? '' : String(value)) + tail;
  }
  return (value) => parts.join(value === undefined ? '' : String(value));
}
