import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parseDefinition } from '../../src/definition/loadDefinition';
import { parseMapping } from '../../src/mapping/loadMapping';

const DEFINITION = fs.readFileSync(path.join(__dirname, '../../definitions/default.yaml'), 'utf8');
const MAPPING = fs.readFileSync(path.join(__dirname, '../../mappings/sugarcrm.yaml'), 'utf8');

/** A valid file with one line cut, duplicated, or replaced: the realistic ways a hand-edited YAML breaks. */
function mutatedLines(text: string) {
  const lines = text.split('\n');
  return fc
    .tuple(fc.nat(lines.length - 1), fc.constantFrom('cut', 'dup', 'replace', 'indent'), fc.string({ maxLength: 40 }))
    .map(([at, how, junk]) => {
      const copy = [...lines];
      if (how === 'cut') copy.splice(at, 1);
      else if (how === 'dup') copy.splice(at, 0, copy[at]!);
      else if (how === 'replace') copy[at] = junk;
      else copy[at] = `   ${copy[at]}`;
      return copy.join('\n');
    });
}

/** Outcome of a parse: fine, or an Error naming the file. Anything else (a crash, a nameless error) is a bug. */
function parsesOrNamesFile(parse: (text: string, file: string) => unknown, text: string, file: string): void {
  try {
    parse(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(file);
  }
}

/** Issue 13 / B4, B5: malformed definition and mapping files get an error naming the file, never a crash. */
describe.each([
  ['lead definition', parseDefinition, DEFINITION, 'definitions/broken.yaml'],
  ['sugarcrm mapping', parseMapping, MAPPING, 'mappings/broken.yaml'],
] as const)('a malformed %s', (_what, parse, valid, file) => {
  it('parses the shipped file', () => {
    expect(() => parse(valid, file)).not.toThrow();
  });

  it('parses or is refused with the file named, for any line cut, duplicated, replaced or re-indented', () => {
    fc.assert(
      fc.property(mutatedLines(valid), (text) => parsesOrNamesFile(parse, text, file)),
      { seed: 1313, numRuns: 100 },
    );
  });

  it('parses or is refused with the file named, for arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => parsesOrNamesFile(parse, text, file)),
      { seed: 1314, numRuns: 200 },
    );
  });

  it.each([
    ['empty', ''],
    ['a list', '- a\n- b\n'],
    ['a tab-indented map', 'a:\n\tb: 1\n'],
    ['an unclosed quote', 'name: "unterminated\n'],
    ['a 100 KB string', `name: ${'x'.repeat(100_000)}\n`],
    ['control characters and emoji', 'name: "\u0000\u0007 \u{1F600} \u202E"\n'],
    ['quotes and backslashes', "name: 'O''Brien \\\\ \" ; DROP'\n"],
  ])('is refused with the file named, for %s', (_case, text) => {
    expect(() => parse(text, file)).toThrow(file);
  });
});
