import type { SugarSession } from './createSugarSession';
import { sugarPath } from './sugarPath';

/** FilterApi's answer: `next_offset` is offset + limit while rows remain, else -1. */
export interface SugarFilterResponse<R = Record<string, unknown>> {
  next_offset: number;
  records: R[];
}

export type SugarFilter = Record<string, unknown>[];

/** Sugar's own ISO form without milliseconds (TimeDate::fromIso), in UTC: 2024-05-01T08:00:00+00:00. */
export function toSugarIso(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** A Sugar datetime/date value → ISO-8601 UTC, or undefined when empty or unreadable. */
export function fromSugarDate(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** A Sugar checkbox as the API returns it (true, "1" or 1 depending on version and field). */
export function sugarBool(value: unknown): boolean {
  return value === true || value === '1' || value === 1;
}

export interface WalkOptions {
  module: string;
  filter: SugarFilter;
  fields: string[];
  orderBy?: string;
  pageSize: number;
}

/**
 * POST /<module>/filter, following `next_offset` until -1. The server may cap `max_num`
 * (max_list_limit); the offset it returns is what we follow, never our own arithmetic.
 * For feeds that change while being read (Leads) use the keyset walk in pullSugarLeads.
 */
export function walkSugarFilter<R = Record<string, unknown>>(
  session: SugarSession,
  options: WalkOptions,
): AsyncGenerator<R[]> {
  // an optional module (session.optional) the integration user cannot read ends quietly; see createOptionalSources
  const pages = walkPages<R>(session, options);
  return session.optional ? session.optional.guard(options.module, pages) : pages;
}

async function* walkPages<R>(session: SugarSession, options: WalkOptions): AsyncGenerator<R[]> {
  let offset = 0;
  for (;;) {
    const page = await session.call<SugarFilterResponse<R>>({
      method: 'POST',
      path: sugarPath(options.module, 'filter'),
      data: {
        filter: options.filter,
        fields: options.fields.join(','),
        order_by: options.orderBy ?? 'date_modified:asc,id:asc',
        max_num: options.pageSize,
        offset,
      },
    });
    const records = Array.isArray(page?.records) ? page.records : [];
    if (records.length) yield records;
    const next = Number(page?.next_offset ?? -1);
    if (next < 0 || records.length === 0 || next <= offset) return;
    offset = next;
  }
}

/** `date_modified > since` (or nothing on a first run). */
export function modifiedSince(since: string | null): SugarFilter {
  return since ? [{ date_modified: { $gt: toSugarIso(since) } }] : [];
}

/** Splits a list into chunks of at most `size`. */
export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
