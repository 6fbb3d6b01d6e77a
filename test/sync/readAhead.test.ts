import { readAhead } from '../../src/sync/readAhead';

describe('readAhead', () => {
  it('reads the next item while the caller handles the current one, and yields all in order', async () => {
    const reads: number[] = [];
    async function* source() {
      for (let i = 0; i < 4; i++) {
        await new Promise((r) => setImmediate(r));
        reads.push(i);
        yield i;
      }
    }
    const seen: [number, number[]][] = [];
    for await (const item of readAhead(source())) {
      await new Promise((r) => setTimeout(r, 10)); // the caller stores the item
      seen.push([item, [...reads]]);
    }
    expect(seen.map(([item]) => item)).toEqual([0, 1, 2, 3]);
    expect(seen[0]![1]).toEqual([0, 1]); // item 1 was read while item 0 was handled
  });

  it('throws a failed read when its item is asked for, after the items before it', async () => {
    async function* source() {
      yield 'a';
      throw new Error('the CRM dropped the connection');
    }
    const got: string[] = [];
    await expect(
      (async () => {
        for await (const item of readAhead(source())) got.push(item);
      })(),
    ).rejects.toThrow('the CRM dropped the connection');
    expect(got).toEqual(['a']);
  });

  it('closes the source when the caller stops early', async () => {
    let closed = false;
    async function* source() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closed = true;
      }
    }
    for await (const item of readAhead(source())) if (item === 2) break;
    expect(closed).toBe(true);
  });
});
