import type { Cursor, LeadPage } from '../../src/domain/connector';
import type { CanonicalLead } from '../../src/domain/lead';
import { batchPages } from '../../src/sync/batchPages';

const cursorAt = (n: number): Cursor => ({
  version: 1,
  modifiedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
  id: `L${n}`,
});
const page = (from: number, size: number): LeadPage => ({
  leads: Array.from({ length: size }, (_, i) => ({ externalId: `L${from + i}` }) as CanonicalLead),
  rejected: from === 0 ? [{ externalId: 'bad', issues: [] }] : [],
  cursor: cursorAt(from + size - 1),
});

/** A source of `sizes` pages that records when each page was read; fails at page `failAt`. */
function source(sizes: number[], failAt = -1) {
  const reads: number[] = [];
  let closed = false;
  async function* pages(): AsyncGenerator<LeadPage> {
    try {
      let from = 0;
      for (let i = 0; i < sizes.length; i++) {
        await new Promise((r) => setImmediate(r));
        if (i === failAt) throw new Error(`page ${i} failed`);
        reads.push(i);
        yield page(from, sizes[i]!);
        from += sizes[i]!;
      }
    } finally {
      closed = true;
    }
  }
  return { pages: pages(), reads, closed: () => closed };
}

describe('batchPages', () => {
  it('joins pages into batches of at least minLeads, each with its last page’s cursor, nothing lost', async () => {
    const s = source([200, 200, 200, 200, 200, 50]);
    const batches: LeadPage[] = [];
    for await (const b of batchPages(s.pages, 400)) batches.push(b);
    expect(batches.map((b) => b.leads.length)).toEqual([400, 400, 250]);
    expect(batches.map((b) => b.cursor?.id)).toEqual(['L399', 'L799', 'L1049']);
    expect(batches.flatMap((b) => b.leads.map((l) => l.externalId))).toEqual(
      Array.from({ length: 1050 }, (_, i) => `L${i}`),
    );
    expect(batches[0]!.rejected).toEqual([{ externalId: 'bad', issues: [] }]);
  });

  it('cuts a page larger than a batch into batches; only the last part moves the cursor', async () => {
    const s = source([100, 2_500, 100]);
    const batches: LeadPage[] = [];
    for await (const b of batchPages(s.pages, 1_000)) batches.push(b);
    // page 0 (100) + the first 1,000 of page 1; then 1,000; then the last 500 of page 1 + page 2
    expect(batches.map((b) => b.leads.length)).toEqual([1_100, 1_000, 600]);
    expect(batches.map((b) => b.cursor?.id ?? null)).toEqual(['L99', null, 'L2699']);
    expect(batches.flatMap((b) => b.leads.map((l) => l.externalId))).toEqual(
      Array.from({ length: 2_700 }, (_, i) => `L${i}`),
    );
  });

  it('hands over the pages read before a failure, then throws it', async () => {
    const s = source([100, 100, 100], 2);
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const b of batchPages(s.pages, 1_000)) got.push(b.leads.length);
      })(),
    ).rejects.toThrow('page 2 failed');
    expect(got).toEqual([200]);
  });

  it('closes the source when the caller stops early, reading nothing more', async () => {
    const s = source([100, 100, 100, 100]);
    await expect(
      (async () => {
        for await (const b of batchPages(s.pages, 100)) {
          void b;
          throw new Error('the CRM refused the write');
        }
      })(),
    ).rejects.toThrow('the CRM refused the write');
    expect(s.closed()).toBe(true);
    expect(s.reads).toEqual([0]);
  });
});
