import { bulkQueryRows } from './bulkQuery';
import type { SalesforceSession } from './salesforceSession';

/** Every record of a (small) query, following nextRecordsUrl; one API call per 2000 records. */
export async function querySalesforce<T extends Record<string, unknown>>(
  session: SalesforceSession,
  label: string,
  soql: string,
  maxFetch = 1_000_000,
  includeDeleted = false,
): Promise<T[]> {
  const result = await session.call(
    label,
    async (c) => await c.query<T>(soql, { autoFetch: true, maxFetch, scanAll: includeDeleted }),
  );
  return result.records as T[];
}

/** The object a query reads (`… FROM Event WHERE …` → Event), for the optional-source guard. */
function objectOf(soql: string): string {
  return /\bFROM\s+([A-Za-z0-9_]+)/i.exec(soql)?.[1] ?? '';
}

/** Reads of an optional object (session.optional) end quietly when the integration user cannot read it; see createOptionalSources. */
function guarded<T>(session: SalesforceSession, soql: string, pages: AsyncGenerator<T>): AsyncGenerator<T> {
  return session.optional ? session.optional.guard(objectOf(soql), pages) : pages;
}

/** Pages of a larger query as they arrive: one API call per page, nothing held beyond a page. */
export function queryPages<T extends Record<string, unknown>>(
  session: SalesforceSession,
  label: string,
  soql: string,
): AsyncGenerator<T[]> {
  return guarded(session, soql, readQueryPages<T>(session, label, soql));
}

async function* readQueryPages<T extends Record<string, unknown>>(
  session: SalesforceSession,
  label: string,
  soql: string,
): AsyncGenerator<T[]> {
  type Page = { done: boolean; nextRecordsUrl?: string; records: T[] };
  let page = await session.call(label, async (c) => (await c.query<T>(soql, { autoFetch: false })) as unknown as Page);
  for (;;) {
    if (page.records.length) yield page.records;
    if (page.done || !page.nextRecordsUrl) return;
    const next = page.nextRecordsUrl;
    page = await session.call(`${label} (more)`, async (c) => (await c.queryMore<T>(next)) as unknown as Page);
  }
}

/**
 * Pages of a Bulk API 2.0 query job (no ORDER BY: unsupported there): a handful of calls
 * for any size, for full reads of large histories. CSV cells come back as text, '' as null,
 * and relationship columns flat (`Campaign.Type`).
 */
export async function* bulkQueryPages<T extends Record<string, unknown>>(
  session: SalesforceSession,
  label: string,
  soql: string,
  pageSize = 2000,
  pollIntervalMs = 1000,
): AsyncGenerator<T[]> {
  let page: T[] = [];
  for await (const rows of bulkQueryRows(session, label, soql, { pollIntervalMs })) {
    for (const row of rows) {
      const out: Record<string, unknown> = {};
      for (const k in row) out[k] = row[k] === '' ? null : row[k];
      page.push(out as T);
      if (page.length >= pageSize) {
        yield page;
        page = [];
      }
    }
  }
  if (page.length) yield page;
}

export interface HistoryReadOptions {
  /** Consider Bulk API 2.0 at all (full reads only). */
  bulk: boolean;
  /** Rows from which a Bulk job is cheaper than REST pages (default 10,000: five REST calls). */
  bulkThreshold?: number;
  pollIntervalMs?: number;
}

/**
 * `SELECT <fields> <fromWhere>` read the cheaper way: REST pages in (SystemModstamp, Id)
 * order, or — for a full read whose COUNT() reaches the threshold — one Bulk API 2.0 job.
 */
export function historyPages<T extends Record<string, unknown>>(
  session: SalesforceSession,
  label: string,
  fields: string,
  fromWhere: string,
  options: HistoryReadOptions,
): AsyncGenerator<T[]> {
  return guarded(session, fromWhere, readHistoryPages<T>(session, label, fields, fromWhere, options));
}

async function* readHistoryPages<T extends Record<string, unknown>>(
  session: SalesforceSession,
  label: string,
  fields: string,
  fromWhere: string,
  options: HistoryReadOptions,
): AsyncGenerator<T[]> {
  if (options.bulk) {
    const count = await session.call(
      `${label} (count)`,
      async (c) => (await c.query(`SELECT COUNT() ${fromWhere}`)).totalSize,
    );
    if (count >= (options.bulkThreshold ?? 10_000)) {
      yield* bulkQueryPages<T>(session, label, `SELECT ${fields} ${fromWhere}`, 2000, options.pollIntervalMs);
      return;
    }
  }
  yield* readQueryPages<T>(session, label, `SELECT ${fields} ${fromWhere} ORDER BY SystemModstamp ASC, Id ASC`);
}

/**
 * The watermark of an outcome or engagement read: the last whole second before the read
 * started, on leadloop's clock. Everything stamped in it or earlier (and committed) has
 * been read; the read's own second may still get records (Salesforce stamps whole
 * seconds), so the next run (`SystemModstamp > watermark`) reads that second again.
 * Measured from the read rather than from the newest record read, the next run's overlap
 * (LEADLOOP_SYNC_OVERLAP_SECONDS) covers late commits just before this read instead of
 * reading again a burst a rep or a marketing tool stamped just before it. Like the lead
 * pull's `until`, this assumes leadloop's clock is not ahead of Salesforce's by more than
 * that overlap (NTP keeps them within a second).
 */
export function readWatermark(now: () => Date = () => new Date()): string {
  return new Date(Math.floor(now().getTime() / 1000) * 1000 - 1000).toISOString();
}
