import type { Connection } from 'jsforce';
import { HttpApi } from 'jsforce/lib/http-api';
import { LeadloopError } from '../../src/domain/errors';
import type { SalesforceSession } from './salesforceSession';

export interface BulkQueryOptions {
  pollIntervalMs?: number;
  /** Give up waiting for the job after this long (default 30 minutes). */
  pollTimeoutMs?: number;
  /**
   * Rows per results request (`maxRecords`). Each set of results is read, parsed and
   * handed on before the next is requested, so memory holds one set, not the job.
   */
  maxRecords?: number;
}

interface JobInfo {
  id: string;
  state: string;
  errorMessage?: string;
}

const DEFAULT_MAX_RECORDS = 20_000;

/**
 * A Bulk API 2.0 query job, read one set of results at a time: create the job, poll until
 * `JobComplete`, then `GET …/results?maxRecords=N[&locator=L]` while `Sforce-Locator` is
 * not `null`. Yields each set's rows as CSV text cells (`''` is null; relationship columns
 * flat, `Campaign.Type`).
 *
 * Not jsforce's `bulk2.query`: it pipes every set of results into one CSV parser without
 * waiting for the previous set to drain, so a job with more than one set (Salesforce splits
 * large results) interleaves them — "Invalid Record Length" at 100,000 Tasks in the
 * benchmark — and it holds the whole job in memory before the first row is read.
 * https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_job_results.htm
 */
export async function* bulkQueryRows(
  session: SalesforceSession,
  label: string,
  soql: string,
  options: BulkQueryOptions = {},
): AsyncGenerator<Record<string, string>[]> {
  const base = `/services/data/v${session.apiVersion}/jobs/query`;
  const job = await session.call(`Bulk API 2.0 ${label} (create job)`, (c) =>
    c.request<JobInfo>({
      method: 'POST',
      url: base,
      body: JSON.stringify({ operation: 'query', query: soql }),
      headers: { 'Content-Type': 'application/json' },
    }),
  );
  const timeoutMs = options.pollTimeoutMs ?? 30 * 60_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const info = await session.call(`Bulk API 2.0 ${label} (job status)`, (c) =>
      c.request<JobInfo>(`${base}/${job.id}`),
    );
    if (info.state === 'JobComplete') break;
    if (info.state === 'Failed' || info.state === 'Aborted') {
      throw new LeadloopError(
        `Salesforce Bulk API 2.0 ${label}: job ${job.id} ${info.state.toLowerCase()}: ${info.errorMessage ?? 'no message'}`,
        { kind: 'transient', crm: 'salesforce', code: `BULK_JOB_${info.state.toUpperCase()}` },
      );
    }
    if (Date.now() > deadline) {
      throw new LeadloopError(
        `Salesforce Bulk API 2.0 ${label}: job ${job.id} still ${info.state} after ${Math.round(timeoutMs / 60_000)} min`,
        { kind: 'transient', crm: 'salesforce', code: 'BULK_JOB_TIMEOUT' },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs ?? 1000));
  }

  const maxRecords = options.maxRecords ?? DEFAULT_MAX_RECORDS;
  let locator: string | null = null;
  do {
    const page: { rows: Record<string, string>[]; next: string | null } = await session.call(
      `Bulk API 2.0 ${label} (results)`,
      (c) =>
        readResults(
          c,
          `${base}/${job.id}/results?maxRecords=${maxRecords}${locator ? `&locator=${encodeURIComponent(locator)}` : ''}`,
        ),
    );
    if (page.rows.length) yield page.rows;
    locator = page.next;
  } while (locator);
}

/** One set of results, with the locator of the next (null after the last). */
async function readResults(
  conn: Connection,
  path: string,
): Promise<{ rows: Record<string, string>[]; next: string | null }> {
  const api = new HttpApi(conn, {});
  let next: string | null = null;
  api.on('response', (response: { headers?: Record<string, string | undefined> }) => {
    const value = response.headers?.['sforce-locator'];
    next = value && value !== 'null' ? value : null;
  });
  const body: unknown = await api.request({
    method: 'GET',
    url: new URL(path, conn.instanceUrl).toString(),
    headers: { Accept: 'text/csv' },
  });
  if (body === undefined || body === null || body === '') return { rows: [], next };
  // jsforce parses text/csv with csv-parse (columns from the header line); on a parse error it hands back the text
  if (!Array.isArray(body)) {
    throw new LeadloopError('Salesforce Bulk API 2.0 results could not be read as CSV', {
      kind: 'transient',
      crm: 'salesforce',
      code: 'BULK_RESULTS_UNREADABLE',
    });
  }
  return { rows: body as Record<string, string>[], next };
}
