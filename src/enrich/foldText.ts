const COMBINING_MARKS = /[\u0300-\u036f]/g;

/**
 * Lower case without accents ("Ibérica" → "iberica", "España" → "espana"), for matching
 * names typed by people in English and Spanish. Keeps every other character.
 */
export function foldAccents(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase();
}

/**
 * A matching key: folded, dots inside abbreviations removed ("S.A." → "sa", "EE.UU." →
 * "eeuu"), every other run of punctuation a single space, trimmed.
 */
export function matchKey(text: string): string {
  return foldAccents(text)
    .replace(/&/g, ' and ')
    .replace(/[.'’`´]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
