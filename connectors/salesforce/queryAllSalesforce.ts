import type { QueryResult, Record as SfRecord } from 'jsforce';
import { LeadloopError } from '../../src/domain/errors';
import type { SalesforceSession } from './salesforceSession';

/**
 * jsforce hands back the raw text when a JSON body does not parse (a truncated answer):
 * treat anything without a records array as a transient failure, retried by the session.
 */
function checkPage<T extends SfRecord>(page: QueryResult<T>, label: string): QueryResult<T> {
  if (!page || typeof page !== 'object' || !Array.isArray(page.records)) {
    throw new LeadloopError(`Salesforce ${label}: the answer was not a query result (truncated or not JSON); retried`, { kind: 'transient', crm: 'salesforce', code: 'MALFORMED_RESPONSE' });
  }
  return page;
}

/**
 * Runs a small SOQL query page by page (`nextRecordsUrl`), one counted session call per
 * page, and returns every record. For directory look-ups (users, accounts), not for leads.
 */
export async function queryAllSalesforce<T extends SfRecord>(session: SalesforceSession, label: string, soql: string, maxRecords = 50_000): Promise<T[]> {
  const records: T[] = [];
  let page = await session.call(label, async (conn) => checkPage(await conn.query<T>(soql, { autoFetch: false }), label));
  records.push(...page.records);
  while (!page.done && page.nextRecordsUrl && records.length < maxRecords) {
    const locator = page.nextRecordsUrl;
    page = await session.call(`${label} (next page)`, async (conn) => checkPage(await conn.queryMore<T>(locator), label));
    records.push(...page.records);
  }
  return records;
}
