import { createBoundedMemo } from '../../../src/enrich/createBoundedMemo';

describe('createBoundedMemo', () => {
  it('never holds more keys than its limit, however many distinct keys it is asked', () => {
    const memo = createBoundedMemo(100, (key) => key.length);
    let largest = 0;
    for (let i = 0; i < 10_000; i++) {
      expect(memo.get(`key ${i}`)).toBe(`key ${i}`.length);
      largest = Math.max(largest, memo.size);
      expect(memo.size).toBeLessThanOrEqual(100);
    }
    expect(largest).toBe(100);
  });

  it('computes a remembered key once, undefined results included', () => {
    const calls: string[] = [];
    const memo = createBoundedMemo(10, (key) => {
      calls.push(key);
      return key === 'blank' ? undefined : { key };
    });
    const first = memo.get('acme.es');
    expect(memo.get('acme.es')).toBe(first);
    expect(memo.get('blank')).toBeUndefined();
    expect(memo.get('blank')).toBeUndefined();
    expect(calls).toEqual(['acme.es', 'blank']);
  });

  it('when full, starts again from empty and still answers every key', () => {
    const calls: string[] = [];
    const memo = createBoundedMemo(2, (key) => {
      calls.push(key);
      return key.toUpperCase();
    });
    expect(['a', 'b', 'c', 'a'].map((k) => memo.get(k))).toEqual(['A', 'B', 'C', 'A']);
    // 'c' found the memo full and emptied it, so 'a' was computed again
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
    expect(memo.size).toBe(2);
  });

  it('with a limit below 1 remembers nothing', () => {
    let calls = 0;
    const memo = createBoundedMemo(0, () => ++calls);
    expect([memo.get('x'), memo.get('x')]).toEqual([1, 2]);
    expect(memo.size).toBe(0);
  });
});
