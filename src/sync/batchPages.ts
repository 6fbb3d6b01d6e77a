import type { LeadPage } from '../domain/connector';

/**
 * Joins the connector's pages into batches of at least `minLeads` leads.
 *
 * A page's writes go out in calls of a fixed size (200 Salesforce updates, 100 Sugar
 * PUTs): written per 1,000–2,000-lead page, the last call of every page is a partial one
 * (a 100,000-lead Sugar sync made 1,000 `/bulk` calls for 89,996 updates, and one
 * converted check per page). Per batch of 2,000 or more the partial calls and the checks
 * are halved or better, and each batch is one transaction. The cursor of a batch is its last page's: it is committed
 * only once the whole batch is stored, so a killed run redoes at most one batch.
 * Pages larger than a batch are cut into batches (see splitPages).
 */
export async function* batchPages(pages: AsyncIterable<LeadPage>, minLeads: number): AsyncGenerator<LeadPage> {
  const source = splitPages(pages, minLeads)[Symbol.asyncIterator]();
  // a read that fails after some pages still hands those pages over (their work is kept), then the error
  const nextBatch = async (): Promise<{ batch: LeadPage | null; error?: unknown }> => {
    let batch: LeadPage | null = null;
    try {
      while (!batch || batch.leads.length + batch.rejected.length < minLeads) {
        const step = await source.next();
        if (step.done) break;
        const page = step.value;
        batch = batch
          ? {
              leads: batch.leads.concat(page.leads),
              rejected: batch.rejected.concat(page.rejected),
              cursor: page.cursor ?? batch.cursor,
            }
          : { leads: [...page.leads], rejected: [...page.rejected], cursor: page.cursor };
      }
    } catch (error) {
      return { batch, error };
    }
    return { batch };
  };

  try {
    for (;;) {
      const { batch, error } = await nextBatch();
      if (batch) yield batch;
      if (error) throw error;
      if (!batch) return;
    }
  } finally {
    // the caller stopped early (an error, a stop): close the source
    await source.return?.(undefined);
  }
}

/**
 * Pages larger than `size` (a Bulk API 2.0 result set holds 20,000 leads) in parts of
 * `size`: only the last part carries the page's cursor, so a run stopped in between reads
 * the page again instead of skipping what its other parts held.
 */
async function* splitPages(pages: AsyncIterable<LeadPage>, size: number): AsyncGenerator<LeadPage> {
  for await (const page of pages) {
    if (page.leads.length <= size) {
      yield page;
      continue;
    }
    for (let start = 0; start < page.leads.length; start += size) {
      const last = start + size >= page.leads.length;
      yield {
        leads: page.leads.slice(start, start + size),
        rejected: start === 0 ? page.rejected : [],
        cursor: last ? page.cursor : null,
      };
    }
  }
}
