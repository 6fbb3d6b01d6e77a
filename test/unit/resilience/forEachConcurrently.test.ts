import { forEachConcurrently } from '../../../src/resilience/forEachConcurrently';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('forEachConcurrently', () => {
  it('keeps at most `limit` calls in flight and visits every item once', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachConcurrently([...Array(10).keys()], 3, async (item) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await tick();
      seen.push(item);
      inFlight--;
    });
    expect(peak).toBe(3);
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
  });

  it('rejects with the first error and starts nothing after it', async () => {
    const started: number[] = [];
    await expect(
      forEachConcurrently([0, 1, 2, 3, 4, 5], 2, async (item) => {
        started.push(item);
        await tick();
        if (item === 1) throw new Error('boom on 1');
      }),
    ).rejects.toThrow('boom on 1');
    expect(started).toEqual([0, 1, 2]);
  });

  it('runs one at a time with limit 1 and does nothing for no items', async () => {
    const order: string[] = [];
    await forEachConcurrently(['a', 'b'], 1, async (item) => {
      order.push(`start ${item}`);
      await tick();
      order.push(`end ${item}`);
    });
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b']);
    await expect(
      forEachConcurrently([], 3, async () => {
        throw new Error('never');
      }),
    ).resolves.toBeUndefined();
  });
});
