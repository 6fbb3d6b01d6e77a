import { checkAttributes } from '../../../src/definition/checkAttributes';
import { parseDefinition } from '../../../src/definition/loadDefinition';
import { readAttribute } from '../../../src/mapping/readAttribute';
import { compileDefinition } from '../../../src/scoring/compileDefinition';
import { scoreLead } from '../../../src/scoring/scoreLead';
import type { AttributeValue } from '../../../src/domain/lead';

const base = (criteria: string) => `name: t
version: 1
fields: { required: [] }
fit:
  criteria:
${criteria}
engagement: { halfLifeDays: 30, maxPoints: 100, events: {} }
grades: { A: 70, B: 40, C: 15 }
score: { fitWeight: 1, engagementWeight: 0 }
status: { mql: { minGrade: B, minEngagement: 0, requireComplete: false } }
`;
const band = (matcher: string) =>
  `    - signal: attribute\n      attribute: a\n      bands:\n        - { code: hit, points: 10, ${matcher}, en: "x {value}", es: "x {value}" }\n`;
const now = new Date('2026-12-01T00:00:00Z');

describe('attribute criteria', () => {
  it.each<[string, AttributeValue | undefined, boolean]>([
    ['in: [Platform]', 'platform ', true],
    ['in: [Platform]', ['Training', 'Platform'], true],
    ['in: [Platform]', ['Training'], false],
    ['in: [3]', '3', true],
    ['contains: [cloud]', 'Private Cloud Hosting', true],
    ['min: 10', 12, true],
    ['min: 10', '1,200', true],
    ['min: 10', 'ten', false],
    ['max: 5', null, false],
    ['is: true', 'Yes', true],
    ['is: false', false, true],
    ['matches: "^ES-\\\\d+$"', 'es-42', true],
    ['matches: "^ES-\\\\d+$"', 'FR-42', false],
    ['present: false', undefined, true],
    ['present: false', '', true],
    ['present: false', [], true],
    ['present: true', 0, true],
    ['withinDays: 30', '2026-11-20', true],
    ['withinDays: 30', '2026-09-01T10:00:00Z', false],
    ['olderThanDays: 60', '2026-09-01T10:00:00Z', true],
    ['olderThanDays: 60', 'not a date', false],
  ])('%s on %j → %s', (matcher, value, hit) => {
    const compiled = compileDefinition(parseDefinition(base(band(matcher)), 't.yaml'));
    const lead = {
      crm: 'salesforce' as const,
      externalId: 'L1',
      modifiedAt: now.toISOString(),
      ...(value === undefined ? {} : { attributes: { a: value } }),
    };
    const codes = scoreLead(compiled, { lead, events: [], currentStatus: null, now }).reasons.map((r) => r.code);
    expect(codes.includes('hit')).toBe(hit);
  });

  it.each([
    [
      'attribute without a name',
      '    - signal: attribute\n      bands:\n        - { code: hit, points: 1, present: true, en: x, es: x }\n',
      /t\.yaml:\d+ fit\.criteria\.0\.signal: signal attribute needs `attribute: NAME`/,
    ],
    [
      'a name on another signal',
      '    - signal: city\n      attribute: a\n      bands:\n        - { code: hit, points: 1, present: true, en: x, es: x }\n',
      /fit\.criteria\.0\.attribute: attribute only goes with signal: attribute/,
    ],
    ['a broken regular expression', band('matches: "(("'), /matches: not a regular expression/],
    [
      'date age on a standard signal',
      '    - signal: city\n      bands:\n        - { code: hit, points: 1, withinDays: 3, en: x, es: x }\n',
      /withinDays\/olderThanDays apply to date attributes only/,
    ],
  ])('rejects %s with file, line and path', (_label, criteria, message) => {
    expect(() => parseDefinition(base(criteria), 't.yaml')).toThrow(
      expect.objectContaining({ problems: expect.arrayContaining([expect.stringMatching(message)]) }),
    );
  });

  it('names an attribute the mapping does not declare, with the file and line of the definition', () => {
    const text = base(band('present: true'));
    const def = parseDefinition(text, 'mine.yaml');
    expect(() =>
      checkAttributes(def, ['productInterest'], { text, fileName: 'mine.yaml', where: 'the salesforce mapping' }),
    ).toThrow(
      expect.objectContaining({
        problems: [
          'mine.yaml:7 fit.criteria.0.attribute: unknown attribute "a" (the salesforce mapping has productInterest)',
        ],
      }),
    );
    expect(() => checkAttributes(def, ['a'], { text, fileName: 'mine.yaml', where: 'x' })).not.toThrow();
  });

  it.each<[Parameters<typeof readAttribute>[0], unknown, AttributeValue]>([
    ['number', '1,250', 1250],
    ['boolean', 'true', true],
    ['date', '2026-03-04', '2026-03-04T00:00:00.000Z'],
    ['multi-picklist', 'A;B; C', ['A', 'B', 'C']],
    ['multi-picklist', '^A^,^B^', ['A', 'B']],
    ['multi-picklist', ['A', 'B'], ['A', 'B']],
    ['picklist', '  Gold ', 'Gold'],
    ['text', '', null],
  ])('reads a %s from %j', (type, raw, expected) => {
    expect(readAttribute(type, raw)).toEqual({ ok: true, value: expected });
  });

  it('a value of the wrong type is a field issue, not a crash', () => {
    expect(readAttribute('number', 'lots')).toEqual({ ok: false, message: '"lots" is not a number' });
  });
});
