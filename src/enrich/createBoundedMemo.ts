/**
 * A function's results for at most `limit` distinct keys, for pure functions called with
 * values that repeat across a CRM's leads (e-mail domains, websites, companies, phones,
 * titles). When full it is emptied rather than evicting one entry at a time: a lookup stays
 * one Map read, memory stays bounded on a sync of millions of distinct values, and the
 * values that do repeat are learnt again within a few pages. A `limit` below 1 remembers
 * nothing (every call computes).
 */
export interface BoundedMemo<V> {
  /** `compute(key)`, remembered. */
  get(key: string): V;
  /** Keys remembered now (never more than the limit). */
  readonly size: number;
}

/** Stands for a remembered `undefined`, so a miss costs one Map read, not two. */
const UNDEFINED = Symbol('undefined');

export function createBoundedMemo<V>(limit: number, compute: (key: string) => V): BoundedMemo<V> {
  const memo = new Map<string, V | typeof UNDEFINED>();
  return {
    get(key) {
      const hit = memo.get(key);
      if (hit !== undefined) return hit === UNDEFINED ? (undefined as V) : hit;
      const value = compute(key);
      if (limit >= 1) {
        if (memo.size >= limit) memo.clear();
        memo.set(key, value === undefined ? UNDEFINED : value);
      }
      return value;
    },
    get size() {
      return memo.size;
    },
  };
}
