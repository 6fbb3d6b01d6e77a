import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { ConfigurationError } from '../../../src/domain/errors';
import { definitionHash } from '../../../src/definition/definitionHash';
import {
  definitionsDir,
  loadDefinitionFile,
  loadShippedDefinition,
  parseDefinition,
} from '../../../src/definition/loadDefinition';
import { compileDefinition } from '../../../src/scoring/compileDefinition';
import { testDefinitionInput } from '../scoring/fixtures';

const GOOD = stringify(testDefinitionInput());

function problems(yamlText: string): string[] {
  try {
    parseDefinition(yamlText, 'defs/broken.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as ConfigurationError).problems;
  }
  throw new Error('expected the definition to be rejected');
}

/** The test definition with one line replaced. */
function patched(from: string, to: string): string {
  expect(GOOD).toContain(from);
  return GOOD.replace(from, to);
}

describe('shipped definitions', () => {
  it.each(['default', 'consultoria-es'])('%s loads and compiles', (name) => {
    const compiled = compileDefinition(loadShippedDefinition(name));
    expect(compiled.version).toMatch(new RegExp(`^${name}@\\d+#[0-9a-f]{8}$`));
  });

  it('default fit criteria add up to 100 points, so points read as fit', () => {
    expect(compileDefinition(loadShippedDefinition('default')).maxFitPoints).toBe(100);
  });
});

describe('broken definitions: every problem named with file, line and path', () => {
  it.each<[string, string, string, RegExp]>([
    ['unknown signal', 'signal: industry', 'signal: sector', /^defs\/broken\.yaml:\d+ fit\.criteria\.1\.signal: /],
    ['unknown required field', '- lastName', '- surname', /fields\.required\.0: /],
    [
      'two matchers in one band',
      'contains:',
      'in: [x]\n          contains:',
      /fit\.criteria\.1\.bands\.0: give exactly one of/,
    ],
    ['min on a text signal', 'contains:', 'min: 3\n          contains_:', /fit\.criteria\.1\.bands\.0/],
    [
      'an unknown seniority value',
      '- c_level',
      '- boss',
      /fit\.criteria\.3\.bands\.0\.in\.0: "boss" is not a seniority/,
    ],
    ['an undefined region', '- core\n', '- mars\n', /in\.0: unknown region "mars"/],
    [
      'a duplicated code',
      'code: size_tiny',
      'code: size_core',
      /fit\.criteria\.0\.bands\.1\.code: code "size_core" is already used/,
    ],
    [
      'a code that is not snake_case',
      'code: size_tiny',
      'code: Size-Tiny',
      /fit\.criteria\.0\.bands\.1\.code: a code is lower_snake_case/,
    ],
    [
      'a positive negative rule',
      'points: -20',
      'points: 20',
      /negative\.0\.bands\.0\.points: a negative rule cannot add points/,
    ],
    ['grades out of order', 'A: 75', 'A: 40', /grades: grade thresholds must fall/],
    ['an unknown engagement type', 'demo_request:', 'demo_requested:', /engagement\.events/],
    [
      'an unknown key',
      'halfLifeDays: 10',
      'halfLifeDays: 10\n  halflife: 3',
      /engagement\.halflife: unknown key "halflife"/,
    ],
    ['a missing reason text', 'es: demo es {count}', 'foo: 1', /engagement\.events\.demo_request\.(es|foo)/],
  ])('%s', (_name, from, to, pattern) => {
    const found = problems(patched(from, to));
    expect(found.some((p) => pattern.test(p))).toBe(true);
  });

  it('lists every problem at once, each with its own line', () => {
    const text = patched('signal: industry', 'signal: sector').replace('- lastName', '- surname');
    const found = problems(text);
    const line = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(found).toEqual([
      expect.stringContaining(`defs/broken.yaml:${line('surname')} fields.required.0`),
      expect.stringContaining(`defs/broken.yaml:${line('signal: sector')} fit.criteria.1.signal`),
    ]);
  });

  it('lists every consistency problem at once (checked once the structure is valid)', () => {
    const found = problems(
      patched('A: 75', 'A: 40').replace('code: size_tiny', 'code: size_core').replace('points: -20', 'points: 20'),
    );
    expect(found).toHaveLength(3);
  });

  it('reports YAML syntax errors with the line', () => {
    expect(problems('name: x\nfit: [a\n')[0]).toMatch(/^defs\/broken\.yaml:\d+/);
  });

  it('names a file that does not exist', () => {
    expect(() => loadDefinitionFile('/nonexistent/def.yaml')).toThrow(/\/nonexistent\/def\.yaml does not exist/);
  });
});

describe('definitionHash', () => {
  it('ignores comments, key order and the version number, not content', () => {
    const base = parseDefinition(GOOD, 'a.yaml');
    const reordered = parseDefinition(
      `# a comment\n${stringify({ ...testDefinitionInput(), version: 9 }, { sortMapEntries: true })}`,
      'b.yaml',
    );
    expect(definitionHash(reordered)).toBe(definitionHash(base));
    expect(definitionHash(parseDefinition(patched('points: -20', 'points: -15'), 'c.yaml'))).not.toBe(
      definitionHash(base),
    );
  });

  it('loads from a file', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'def-')), 'd.yaml');
    fs.writeFileSync(file, GOOD);
    expect(loadDefinitionFile(file).name).toBe('test');
  });
});

describe('engagement events of a definition', () => {
  it.each(['outbound_call', 'sales_email'])(
    "refuses to score %s, a rep's own activity, as the lead's engagement",
    (type) => {
      const yaml = fs
        .readFileSync(path.join(definitionsDir(), 'default.yaml'), 'utf8')
        .replace(
          '    meeting: { points: 25',
          `    ${type}: { points: 5, en: "x", es: "x" }\n    meeting: { points: 25`,
        );
      expect(() => parseDefinition(yaml, 'sales.yaml')).toThrow(/not the lead's engagement/);
    },
  );
});
