import { Readable } from 'node:stream';
import { readOutcomeRows } from '../../../src/feedback/readOutcomeRows';

const rows = async (text: string, format: 'csv' | 'jsonl') => {
  const out: unknown[] = [];
  for await (const row of readOutcomeRows(Readable.from([text]), format)) out.push(row);
  return out;
};

/** Issue 24, item 9: a record-size and a column cap on outcome files. */
describe('outcome file caps', () => {
  it.each([
    [
      'a header of too many columns',
      `${Array.from({ length: 3000 }, (_, i) => `c${i}`).join(',')}\nx\n`,
      'csv',
      [{ line: 1, error: 'the header has 3,000 columns; at most 2,000 are read' }],
    ],
    [
      'an over-long CSV row between good ones',
      `lead_id,kind\nL1,won\n${'y'.repeat(1_000_001)},won\nL3,lost\n`,
      'csv',
      [
        { line: 2, values: { lead_id: 'L1', kind: 'won' } },
        { line: 3, error: 'is longer than 1,000,000 characters; not read' },
        { line: 4, values: { lead_id: 'L3', kind: 'lost' } },
      ],
    ],
    [
      'an over-long JSON line',
      `{"lead_id":"L1"}\n{"x":"${'y'.repeat(1_000_001)}"}\n`,
      'jsonl',
      [
        { line: 1, values: { lead_id: 'L1' } },
        { line: 2, error: 'is longer than 1,000,000 characters; not read' },
      ],
    ],
  ] as const)('%s', async (_what, text, format, expected) => {
    expect(await rows(text, format)).toEqual(expected);
  });
});
