/**
 * One module's records, kept in a map by id and in an array sorted by (date_modified, id), so
 * that an incremental pull paging through 100k leads in modification order is a binary search
 * plus a linear walk, never a sort per page.
 *
 * Rows are stored sparse and in internal form: datetimes as epoch milliseconds (whole
 * seconds), dates as "YYYY-MM-DD", booleans and numbers as themselves; the formatter turns
 * them into Sugar's API shapes.
 */
export type SugarRow = Record<string, unknown> & { id: string; date_modified: number; date_entered: number };

function compareKey(row: SugarRow, ms: number, id: string): number {
  if (row.date_modified !== ms) return row.date_modified < ms ? -1 : 1;
  return row.id < id ? -1 : row.id > id ? 1 : 0;
}

export class SugarModuleTable {
  private readonly byId = new Map<string, SugarRow>();
  private readonly ordered: SugarRow[] = [];

  constructor(readonly module: string) {}

  get size(): number {
    return this.byId.size;
  }

  get(id: string): SugarRow | undefined {
    return this.byId.get(id);
  }

  /** Adds rows in any order (seeding); sorts the index once. Ids must be new. */
  load(rows: Iterable<SugarRow>): void {
    for (const row of rows) {
      if (this.byId.has(row.id)) throw new Error(`${this.module}: duplicate id ${row.id}`);
      this.byId.set(row.id, row);
      this.ordered.push(row);
    }
    this.ordered.sort((a, b) => compareKey(a, b.date_modified, b.id));
  }

  insert(row: SugarRow): SugarRow {
    if (this.byId.has(row.id)) throw new Error(`${this.module}: duplicate id ${row.id}`);
    this.byId.set(row.id, row);
    this.ordered.splice(this.lowerBound(row.date_modified, row.id), 0, row);
    return row;
  }

  /** Applies a patch and moves the row to its new place in modification order. */
  update(id: string, patch: Record<string, unknown>, modifiedAtMs: number): SugarRow {
    const row = this.byId.get(id);
    if (!row) throw new Error(`${this.module}: no record ${id}`);
    const at = this.lowerBound(row.date_modified, row.id);
    if (this.ordered[at] !== row) throw new Error(`${this.module}: index out of step for ${id}`);
    this.ordered.splice(at, 1);
    Object.assign(row, patch, { date_modified: modifiedAtMs });
    this.ordered.splice(this.lowerBound(row.date_modified, row.id), 0, row);
    return row;
  }

  /** Rows in (date_modified, id) order, ascending from `fromMs` or descending down to it. */
  *scan(direction: 'asc' | 'desc', fromMs = Number.NEGATIVE_INFINITY): IterableIterator<SugarRow> {
    const start = fromMs === Number.NEGATIVE_INFINITY ? 0 : this.lowerBound(fromMs, '');
    if (direction === 'asc') {
      for (let i = start; i < this.ordered.length; i += 1) yield this.ordered[i]!;
    } else {
      for (let i = this.ordered.length - 1; i >= start; i -= 1) yield this.ordered[i]!;
    }
  }

  all(): IterableIterator<SugarRow> {
    return this.scan('asc');
  }

  private lowerBound(ms: number, id: string): number {
    let low = 0;
    let high = this.ordered.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareKey(this.ordered[mid]!, ms, id) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
