import type { Cursor, LeadPage, PullOptions } from '../../src/domain/connector';
import type { Logger } from '../../src/log/createLogger';
import { mapRecord, type Mapping } from '../../src/mapping';
import { bulkQueryRows } from './bulkQuery';
import { QUERY_BATCH_SIZE } from './salesforceConstants';
import type { SalesforceSession } from './salesforceSession';
import { fromSalesforceDate, isSalesforceId, soqlDateTime, soqlId, soqlName } from './soql';

export interface PullSalesforceLeadsDeps {
  session: SalesforceSession;
  mapping: Mapping;
  logger: Logger;
  /** The Lead fields to select (mapped fields the org lets leadloop see). */
  fields: () => Promise<string[]>;
  /** Records per page (Salesforce's batch is 2000). */
  pageSize?: number;
  bulkPollIntervalMs?: number;
}

type SfRecord = Record<string, unknown>;

interface QueryResult {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: SfRecord[];
}

/**
 * The id of a cursor that stands before every lead stamped at its instant: a pull that read
 * everything stamped before `until` ends at `(until, BEFORE_ANY_ID)`, so the next run's
 * overlap window is measured back from when this run read, not from the newest lead it saw.
 */
export const BEFORE_ANY_ID = '000000000000000';

/** Where a pull that read every lead stamped before `until` has got to. */
export function cursorAt(until: string): Cursor {
  return { version: 1, modifiedAt: new Date(until).toISOString(), id: BEFORE_ANY_ID };
}

/**
 * The WHERE clause for a pull: keyset after the cursor (or the overlap window), before `until`, not leadloop's own writes.
 *
 * `LastModifiedById != leadloop` hides a lead whose last change is leadloop's write. A rep's
 * edit that lands between leadloop's read of a lead and its write of that lead is then
 * hidden too (the write takes over SystemModstamp and LastModifiedById; Salesforce keeps no
 * trace of the edit in between that a query can filter on). What such an edit means is
 * still read on the next run, by the reads that do not filter on the author: status and
 * conversion by the outcome query (pullSalesforceOutcomes), a new Task by the engagement
 * query. Other fields (owner, title, company…) edited in that window wait for the lead's
 * next change: re-reading every lead leadloop wrote would cost ⌈written / 2000⌉ calls on
 * every run after a write-back.
 */
export function leadPullWhere(
  mapping: Mapping,
  options: PullOptions,
  ownUserId: string | undefined,
  position: Cursor | null,
  useOverlap: boolean,
): string {
  const stamp = soqlName(mapping.modifiedAt);
  const id = soqlName(mapping.id);
  const where: string[] = [];
  if (position && useOverlap) {
    where.push(`${stamp} >= ${soqlDateTime(new Date(Date.parse(position.modifiedAt) - options.overlapMs))}`);
  } else if (position?.id === BEFORE_ANY_ID) {
    where.push(`${stamp} >= ${soqlDateTime(position.modifiedAt)}`);
  } else if (position) {
    const t = soqlDateTime(position.modifiedAt);
    where.push(`(${stamp} > ${t} OR (${stamp} = ${t} AND ${id} > ${soqlId(position.id)}))`);
  }
  if (options.until) where.push(`${stamp} < ${soqlDateTime(options.until)}`);
  if (ownUserId) where.push(`LastModifiedById != ${soqlId(ownUserId)}`);
  return where.length ? ` WHERE ${where.join(' AND ')}` : '';
}

/** Bulk API 2.0 CSV gives every value as text and '' for null. */
function fromCsvRow(row: SfRecord): SfRecord {
  const out: SfRecord = {};
  for (const [k, v] of Object.entries(row)) out[k] = v === '' ? null : v;
  return out;
}

function toPage(deps: PullSalesforceLeadsDeps, records: SfRecord[], previous: Cursor | null): LeadPage {
  const { mapping } = deps;
  const leads: LeadPage['leads'] = [];
  const rejected: LeadPage['rejected'] = [];
  let last: Cursor | null = null;
  for (const raw of records) {
    const { lead, issues } = mapRecord(mapping, raw);
    if (lead) leads.push(lead);
    else
      rejected.push({
        externalId: typeof raw[mapping.id] === 'string' ? (raw[mapping.id] as string) : undefined,
        issues,
      });
    const stamp = fromSalesforceDate(raw[mapping.modifiedAt]);
    if (stamp && isSalesforceId(raw[mapping.id]))
      last = { version: 1, modifiedAt: stamp, id: raw[mapping.id] as string };
  }
  if (rejected.length)
    deps.logger.warn(`Salesforce: ${rejected.length} lead(s) on this page could not be read`, {
      rejected: rejected.slice(0, 5),
    });
  return { leads, rejected, cursor: last ?? previous };
}

/**
 * Leads changed after the cursor in `(SystemModstamp, Id)` order. REST: one query,
 * then its nextRecordsUrl batches of 2000 (one API call each); a query locator that
 * expired restarts as a keyset query after the last lead read, so nothing is skipped or
 * read twice. Bulk API 2.0 (`bulk`, or `auto` above `bulkThreshold` leads to read): one query
 * job read in 2000-record pages, a handful of calls in all; its rows come unordered,
 * so the cursor moves once, with the job's last page.
 *
 * With `until`, the last page's cursor is `until` itself (cursorAt): everything stamped
 * before it has been read. The overlap that catches late commits then covers the
 * `overlapMs` before this read, not the `overlapMs` before the newest lead: a rep who
 * touched 9,000 leads in the minute before a run would otherwise have them all read
 * again by the next run, and the one after, until some lead changed. `until` is on
 * leadloop's clock: as for outcomes and engagement (readWatermark), it must not run ahead of
 * Salesforce's by more than the overlap.
 */
export async function* pullSalesforceLeads(
  deps: PullSalesforceLeadsDeps,
  options: PullOptions,
): AsyncGenerator<LeadPage> {
  const { session, mapping } = deps;
  const fields = [...new Set([mapping.id, mapping.modifiedAt, ...(await deps.fields())])].map(soqlName);
  const ownUserId = options.skipOwnWrites ? await session.userId() : undefined;
  const order = ` ORDER BY ${soqlName(mapping.modifiedAt)} ASC, ${soqlName(mapping.id)} ASC`;
  const from = ` FROM ${soqlName(mapping.object)}`;
  const select = `SELECT ${fields.join(', ')}${from}`;
  const pageSize = deps.pageSize ?? QUERY_BATCH_SIZE;
  const end = options.until ? cursorAt(options.until) : null;
  const firstWhere = leadPullWhere(
    mapping,
    options,
    ownUserId,
    options.since,
    Boolean(options.since && options.overlapMs > 0),
  );
  const threshold = options.mode === 'auto' ? options.bulkThreshold : undefined;
  // Bulk API 2.0 rejects ORDER BY (and it would turn off PK chunking): rows come unordered
  const bulk = () => pullByBulk(deps, `${select}${firstWhere}`, options.since, pageSize, end);

  if (options.mode === 'bulk') {
    yield* bulk();
    return;
  }
  if (threshold !== undefined && !options.since) {
    // a first or full read: one COUNT() call with the same filter decides (its answer is
    // `totalSize` with no records: https://developer.salesforce.com/docs/platform/api-rest/guide/resources-query.html)
    const count = await session.call(
      'count Lead',
      (c) => c.query(`SELECT COUNT()${from}${firstWhere}`) as unknown as Promise<QueryResult>,
    );
    if (count.totalSize > threshold) {
      deps.logger.info(
        `Salesforce: ${count.totalSize} leads to read (more than ${threshold}): reading through Bulk API 2.0`,
      );
      yield* bulk();
      return;
    }
  }

  let position = options.since;
  let useOverlap = Boolean(position && options.overlapMs > 0);
  let result = await session.call(
    'query Lead',
    (c) =>
      c.query<SfRecord>(`${select}${leadPullWhere(mapping, options, ownUserId, position, useOverlap)}${order}`, {
        autoFetch: false,
        headers: { 'Sforce-Query-Options': `batchSize=${pageSize}` },
      } as never) as unknown as Promise<QueryResult>,
  );
  if (threshold !== undefined && options.since && result.totalSize > threshold) {
    // an incremental read whose own first answer says more changed than the threshold
    // (totalSize counts the whole query): the rest costs a handful of Bulk calls instead of
    // one call per 2,000; this first page is dropped, the job reads the same range again
    deps.logger.info(
      `Salesforce: ${result.totalSize} changed leads (more than ${threshold}): reading through Bulk API 2.0`,
    );
    yield* bulk();
    return;
  }
  for (;;) {
    const isLast = result.done || !result.nextRecordsUrl;
    if (result.records.length) {
      const page = toPage(deps, result.records, position);
      position = page.cursor;
      yield isLast && end ? { ...page, cursor: end } : page;
    }
    if (result.done || !result.nextRecordsUrl) return;
    const next = result.nextRecordsUrl;
    const more = await session.call('queryMore Lead', async (c) => {
      try {
        return (await c.queryMore<SfRecord>(next)) as unknown as QueryResult;
      } catch (error) {
        if ((error as { errorCode?: string }).errorCode === 'INVALID_QUERY_LOCATOR') return null;
        throw error;
      }
    });
    if (more) {
      result = more;
      continue;
    }
    deps.logger.info('Salesforce query locator expired; continuing after the last lead read');
    useOverlap = false;
    result = await session.call(
      'query Lead',
      (c) =>
        c.query<SfRecord>(`${select}${leadPullWhere(mapping, options, ownUserId, position, useOverlap)}${order}`, {
          autoFetch: false,
        } as never) as unknown as Promise<QueryResult>,
    );
  }
}

const after = (a: Cursor, b: Cursor | null): boolean =>
  !b || a.modifiedAt > b.modifiedAt || (a.modifiedAt === b.modifiedAt && a.id > b.id);

/**
 * A Bulk API 2.0 query job read in pages. Its rows are not ordered, so no page but the
 * last may move the cursor: the last page carries `end` (the job's `until`) or else the
 * greatest (SystemModstamp, Id) of the whole job. A run stopped in the middle reads the
 * job's range again; leads already written are then unchanged and cost no write.
 */
async function* pullByBulk(
  deps: PullSalesforceLeadsDeps,
  soql: string,
  since: Cursor | null,
  pageSize: number,
  end: Cursor | null,
): AsyncGenerator<LeadPage> {
  let batch: SfRecord[] = [];
  let greatest: Cursor | null = since;
  let pending: LeadPage | null = null;
  const keepGreatest = (page: LeadPage) => {
    for (const l of page.leads)
      if (after({ version: 1, modifiedAt: l.modifiedAt, id: l.externalId }, greatest))
        greatest = { version: 1, modifiedAt: l.modifiedAt, id: l.externalId };
  };
  for await (const rows of bulkQueryRows(deps.session, 'query Lead', soql, {
    pollIntervalMs: deps.bulkPollIntervalMs ?? 1000,
  })) {
    for (const row of rows) {
      batch.push(fromCsvRow(row));
      if (batch.length < pageSize) continue;
      if (pending) yield pending;
      pending = { ...toPage(deps, batch, null), cursor: since };
      keepGreatest(pending);
      batch = [];
    }
  }
  const last = batch.length ? { ...toPage(deps, batch, null), cursor: since } : null;
  if (last) keepGreatest(last);
  if (pending && last) {
    yield pending;
    yield { ...last, cursor: end ?? greatest };
  } else if (pending ?? last) {
    yield { ...(pending ?? last)!, cursor: end ?? greatest };
  }
}
