import type { SalesforceSession } from './salesforceSession';

/** Every record of a (small) query, following nextRecordsUrl; one API call per 2000 records. */
export async function querySalesforce<T extends Record<string, unknown>>(session: SalesforceSession, label: string, soql: string, maxFetch = 1_000_000): Promise<T[]> {
  const result = await session.call(label, async (c) => await c.query<T>(soql, { autoFetch: true, maxFetch }));
  return result.records as T[];
}

/** Pages of a larger query as they arrive: one API call per page, nothing held beyond a page. */
export async function* queryPages<T extends Record<string, unknown>>(session: SalesforceSession, label: string, soql: string): AsyncGenerator<T[]> {
  type Page = { done: boolean; nextRecordsUrl?: string; records: T[] };
  let page = await session.call(label, async (c) => (await c.query<T>(soql, { autoFetch: false })) as unknown as Page);
  for (;;) {
    if (page.records.length) yield page.records;
    if (page.done || !page.nextRecordsUrl) return;
    const next = page.nextRecordsUrl;
    page = await session.call(`${label} (more)`, async (c) => (await c.queryMore<T>(next)) as unknown as Page);
  }
}
