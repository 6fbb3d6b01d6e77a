import readline from 'node:readline';
import { parse } from 'csv-parse';

/** One raw row of an outcomes file, with the line it came from (1-based, as an editor shows it). */
export interface RawOutcomeRow {
  line: number;
  /** Column name → value as written (CSV: strings; JSON lines: any JSON value). */
  values: Record<string, unknown>;
}

/** A row the reader could not even split into fields (a broken JSON line). */
export interface UnreadableRow {
  line: number;
  error: string;
}

export type OutcomeFileFormat = 'csv' | 'jsonl';

/** `.jsonl`, `.ndjson` and `.json` are JSON lines; everything else is CSV with a header row. */
export function outcomeFileFormat(fileName: string): OutcomeFileFormat {
  return /\.(jsonl|ndjson|json)$/i.test(fileName) ? 'jsonl' : 'csv';
}

/**
 * Streams the rows of an outcomes file without holding it in memory. CSV needs a header
 * row (lead_id, kind, occurred_at, amount, currency, reason, source_id, owner_id); a row
 * with too few or too many cells is still yielded so validation can name the field.
 */
export async function* readOutcomeRows(input: NodeJS.ReadableStream, format: OutcomeFileFormat): AsyncGenerator<RawOutcomeRow | UnreadableRow> {
  if (format === 'jsonl') {
    yield* readJsonLines(input);
    return;
  }
  const parser = input.pipe(
    parse({ columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), info: true, skip_empty_lines: true, trim: true, relax_column_count: true, bom: true }),
  );
  for await (const item of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    yield { line: item.info.lines, values: item.record };
  }
}

async function* readJsonLines(input: NodeJS.ReadableStream): AsyncGenerator<RawOutcomeRow | UnreadableRow> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      yield { line, error: `not valid JSON (${(error as Error).message})` };
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) yield { line, error: 'expected one JSON object per line' };
    else yield { line, values: value as Record<string, unknown> };
  }
}
