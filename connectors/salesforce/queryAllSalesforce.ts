import type { Record as SfRecord } from 'jsforce';
import type { SalesforceSession } from './salesforceSession';

/**
 * Runs a small SOQL query page by page (`nextRecordsUrl`), one counted session call per
 * page, and returns every record. For directory look-ups (users, accounts), not for leads.
 */
export async function queryAllSalesforce<T extends SfRecord>(session: SalesforceSession, label: string, soql: string, maxRecords = 50_000): Promise<T[]> {
  const records: T[] = [];
  let page = await session.call(label, async (conn) => conn.query<T>(soql, { autoFetch: false }));
  records.push(...page.records);
  while (!page.done && page.nextRecordsUrl && records.length < maxRecords) {
    const locator = page.nextRecordsUrl;
    page = await session.call(`${label} (next page)`, async (conn) => conn.queryMore<T>(locator));
    records.push(...page.records);
  }
  return records;
}
