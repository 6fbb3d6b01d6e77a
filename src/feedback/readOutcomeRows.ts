import readline from 'node:readline';
import { parse as parseCsv } from 'csv-parse/sync';
import { MAX_COLUMNS, MAX_RECORD_CHARS } from '../config/inputLimits';

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
 * with too few or too many cells is still yielded so validation can name the field, and a
 * row with broken quoting is reported by its line while the rows after it are read.
 */
export async function* readOutcomeRows(
  input: NodeJS.ReadableStream,
  format: OutcomeFileFormat,
): AsyncGenerator<RawOutcomeRow | UnreadableRow> {
  if (format === 'jsonl') {
    yield* readJsonLines(input);
    return;
  }
  let columns: string[] | null = null;
  for await (const record of csvRecords(input)) {
    if (record.text.length > MAX_RECORD_CHARS) {
      yield {
        line: record.line,
        error: `is longer than ${MAX_RECORD_CHARS.toLocaleString('en')} characters; not read`,
      };
      if (!columns) return;
      continue;
    }
    let cells: string[];
    try {
      cells = (parseCsv(record.text, { trim: true, relax_column_count: true }) as string[][])[0] ?? [];
    } catch (error) {
      // broken quoting spoils this row only: it is named by its line and the next rows are read
      yield {
        line: record.line,
        error: `cannot be read as CSV: ${(error as Error).message.replace(/ at line \d+/, '').replace(/, value is .*$/s, '')}`,
      };
      continue;
    }
    if (!columns) {
      if (cells.length > MAX_COLUMNS) {
        yield {
          line: record.line,
          error: `the header has ${cells.length.toLocaleString('en')} columns; at most ${MAX_COLUMNS.toLocaleString('en')} are read`,
        };
        return;
      }
      columns = cells.map((h) => h.trim().toLowerCase());
      continue;
    }
    const values: Record<string, string> = {};
    columns.forEach((name, i) => {
      if (i < cells.length) values[name] = cells[i]!;
    });
    yield { line: record.line, values };
  }
}

/**
 * The file's records as text, each with the line it starts on: physical lines are joined
 * while a quoted cell is open (an odd number of quotes so far), so quoted newlines stay
 * in their cell. An unclosed quote runs to the end of the file, as in any CSV reader.
 */
async function* csvRecords(input: NodeJS.ReadableStream): AsyncGenerator<{ line: number; text: string }> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  let pending: { line: number; text: string; quotes: number } | null = null;
  for await (const raw of lines) {
    line++;
    const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    const quotes = text.split('"').length - 1;
    if (pending) {
      pending.text += `\n${text}`;
      pending.quotes += quotes;
    } else {
      if (text.trim() === '') continue;
      pending = { line, text, quotes };
    }
    if (pending.quotes % 2 === 0) {
      yield { line: pending.line, text: pending.text };
      pending = null;
    }
  }
  if (pending) yield { line: pending.line, text: pending.text };
}

async function* readJsonLines(input: NodeJS.ReadableStream): AsyncGenerator<RawOutcomeRow | UnreadableRow> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    if (text.length > MAX_RECORD_CHARS) {
      yield { line, error: `is longer than ${MAX_RECORD_CHARS.toLocaleString('en')} characters; not read` };
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      yield { line, error: `not valid JSON (${(error as Error).message})` };
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      yield { line, error: 'expected one JSON object per line' };
    else yield { line, values: value as Record<string, unknown> };
  }
}
