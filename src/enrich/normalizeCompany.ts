import { matchKey } from './foldText';

/**
 * Legal-form suffixes as they read after `matchKey` (lower case, no accents, dots
 * dropped): Spanish, Latin American, English, German, French, Italian, Dutch, Nordic.
 * Longest first, so "sa de cv" is removed whole before "sa" would be.
 */
const LEGAL_SUFFIXES: string[][] = [
  's de rl de cv',
  'sapi de cv',
  'sab de cv',
  'sa de cv',
  's en c',
  'sa de rl',
  's de rl',
  'soc ltda',
  'sociedad anonima',
  'sociedad limitada',
  'sl unipersonal',
  'spa',
  'sas',
  'sa',
  'sl',
  'slu',
  'sau',
  'sll',
  'slne',
  'srl',
  'sac',
  'saa',
  'saic',
  'sca',
  'scp',
  'sc',
  'eirl',
  'ltda',
  'limitada',
  'cia ltda',
  'y cia',
  'and cia',
  'cia',
  'lda',
  'ac',
  'ca',
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'llc',
  'llp',
  'lp',
  'ltd',
  'limited',
  'plc',
  'pty ltd',
  'pvt ltd',
  'pty',
  'and co',
  'co',
  'gmbh and co kg',
  'gmbh',
  'ag',
  'kg',
  'ug',
  'sarl',
  'sasu',
  'bv',
  'nv',
  'oy',
  'ab',
  'as',
  'aps',
  'kk',
  'spa',
  'srls',
  'se',
]
  .map((s) => s.split(' '))
  .sort((a, b) => b.length - a.length);

const CONJUNCTIONS = new Set(['y', 'and', 'e']);

export interface NormalizedCompany {
  /** The name without its legal form, as written: "Acme Ibérica, S.L." → "Acme Ibérica". For searches (GLEIF). */
  display: string;
  /** Folded matching key: "acme iberica". For matching accounts, dedup and cache keys. */
  key: string;
}

function stripSuffixes(tokens: string[]): number {
  let end = tokens.length;
  let removed = true;
  while (removed && end > 1) {
    removed = false;
    for (const suffix of LEGAL_SUFFIXES) {
      if (suffix.length >= end) continue;
      const start = end - suffix.length;
      if (suffix.every((t, i) => tokens[start + i] === t)) {
        end = start;
        // "Pérez y Cía. Ltda.": the conjunction belonged to the legal form
        if (end > 1 && CONJUNCTIONS.has(tokens[end - 1]!)) end -= 1;
        removed = true;
        break;
      }
    }
  }
  return end;
}

/**
 * Removes legal-form suffixes ("S.A. de C.V.", "S.L.", "Ltda.", "Inc.", "GmbH", "LLC" …)
 * from a company name. A name that is only a legal form is kept as it is. Undefined for
 * blank input.
 */
export function normalizeCompany(name: string | null | undefined): NormalizedCompany | undefined {
  if (!name) return undefined;
  const trimmed = name.trim().replace(/\s+/g, ' ');
  const fullKey = matchKey(trimmed);
  if (!fullKey) return undefined;
  const tokens = fullKey.split(' ');
  const end = stripSuffixes(tokens);
  const key = tokens.slice(0, end).join(' ');
  if (end === tokens.length) return { display: trimmed, key };
  return { display: cutDisplay(trimmed, end), key };
}

/** The display text holding the first `keep` key tokens, without trailing punctuation. */
function cutDisplay(text: string, keep: number): string {
  // walk the original text token by token with the same splitting rule as matchKey
  const re = /&|[^\s,;:()&\-/]+/g;
  let count = 0;
  let cutAt = text.length;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (matchKey(m[0]) === '') continue;
    count += matchKey(m[0]).split(' ').length;
    if (count >= keep) {
      cutAt = m.index + m[0].length;
      break;
    }
  }
  return text.slice(0, cutAt).replace(/[\s,;:.\-&]+$/, '');
}

/** The matching key alone, for callers that compare names (account matching, routing). */
export function companyMatchKey(name: string | null | undefined): string | undefined {
  return normalizeCompany(name)?.key;
}
