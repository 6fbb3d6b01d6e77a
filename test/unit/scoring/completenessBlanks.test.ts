import type { CanonicalLead } from '../../../src/domain/lead';
import { formatReasons } from '../../../src/scoring/formatReasons';
import { scoreLead } from '../../../src/scoring/scoreLead';
import { NOW, compileTest, lead } from './fixtures';

const compiled = compileTest((d) => {
  d.status!.disqualify = undefined;
});

function score(fields: Partial<CanonicalLead>) {
  return scoreLead(compiled, { lead: lead(fields), events: [], currentStatus: null, now: NOW });
}

/** A field counts as present when it has a visible character, whatever whitespace surrounds it. */
describe('presence of text fields', () => {
  it.each<[string, string, boolean]>([
    ['plain', 'Acme', true],
    ['leading space', ' Acme', true],
    ['leading tab', '\tAcme', true],
    ['non-ASCII first letter', 'Ñandú SA', true],
    ['leading no-break space', '\u00a0Acme', true],
    ['spaces only', '   ', false],
    ['tab and newline only', '\t\n', false],
    ['no-break and ideographic spaces only', '\u00a0\u3000', false],
    ['empty', '', false],
  ])('%s (%j) present: %s', (_name, company, present) => {
    expect(score({ company }).missingRequired.includes('company')).toBe(!present);
  });
});

describe('missing-field labels', () => {
  it('are the same text on every call (translated once, then reused)', () => {
    const result = { ...score({ company: null, email: null, phone: null }), reasons: [] };
    const first = formatReasons(result, { language: 'both', maxLength: 1000 });
    expect(first).toContain('Missing: company, email or phone');
    expect(first).toContain('Faltan: empresa, correo o teléfono');
    expect(formatReasons(result, { language: 'both', maxLength: 1000 })).toBe(first);
  });
});
