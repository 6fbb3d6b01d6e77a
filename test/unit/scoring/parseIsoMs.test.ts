import fc from 'fast-check';
import { parseIsoMs } from '../../../src/scoring/parseIsoMs';

describe('parseIsoMs', () => {
  it.each([
    ['2026-03-01T12:00:00.000Z', Date.UTC(2026, 2, 1, 12)],
    ['2026-03-01T12:00:00Z', Date.UTC(2026, 2, 1, 12)],
    ['2026-11-20T10:00:00.000+0000', Date.UTC(2026, 10, 20, 10)],
    ['2026-11-20T10:00:00.123-05:00', Date.UTC(2026, 10, 20, 15, 0, 0, 123)],
    ['2024-02-29T23:59:59.5+01:30', Date.UTC(2024, 1, 29, 22, 29, 59, 500)],
    ['1969-12-31T23:59:59.999999Z', Date.UTC(1969, 11, 31, 23, 59, 59, 999)],
  ])('%s', (text, expected) => {
    expect(parseIsoMs(text)).toBe(expected);
  });

  it.each(['yesterday', '', '2026-13-01T00:00:00Z', '2026-03-01T12:00:00.000Zjunk', '2026-0a-01T00:00:00Z'])(
    '%p is NaN like Date.parse',
    (text) => {
      expect(parseIsoMs(text)).toBeNaN();
    },
  );

  it('agrees with Date.parse on any toISOString output', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }), (d) => {
        expect(parseIsoMs(d.toISOString())).toBe(d.getTime());
      }),
    );
  });
});
