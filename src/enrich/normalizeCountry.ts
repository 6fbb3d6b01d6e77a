import { getCountries } from 'libphonenumber-js/max';
import { matchKey } from './foldText';

/**
 * Names people type that are not an ISO short name in English or Spanish (those come
 * from ICU through Intl.DisplayNames, so they are not hand-typed).
 */
const ALIASES: Record<string, string> = {
  usa: 'US',
  us: 'US',
  eeuu: 'US',
  'ee uu': 'US',
  'estados unidos de america': 'US',
  'united states of america': 'US',
  america: 'US',
  'u s': 'US',
  uk: 'GB',
  'great britain': 'GB',
  'gran bretana': 'GB',
  england: 'GB',
  inglaterra: 'GB',
  scotland: 'GB',
  escocia: 'GB',
  wales: 'GB',
  gales: 'GB',
  'northern ireland': 'GB',
  'the netherlands': 'NL',
  holland: 'NL',
  holanda: 'NL',
  'paises bajos': 'NL',
  mejico: 'MX',
  brasil: 'BR',
  'czech republic': 'CZ',
  'republica checa': 'CZ',
  'south korea': 'KR',
  korea: 'KR',
  'corea del sur': 'KR',
  russia: 'RU',
  rusia: 'RU',
  uae: 'AE',
  eau: 'AE',
  'emiratos arabes': 'AE',
  'the bahamas': 'BS',
  'the philippines': 'PH',
  'viet nam': 'VN',
  'cote divoire': 'CI',
  'ivory coast': 'CI',
  'costa de marfil': 'CI',
  'republica argentina': 'AR',
  'estados unidos mexicanos': 'MX',
  'reino de espana': 'ES',
  'republica de colombia': 'CO',
  'republica de chile': 'CL',
  'republica del peru': 'PE',
  'puerto rico usa': 'PR',
  turkey: 'TR',
  turquia: 'TR',
  // ISO alpha-3 codes CRMs often hold
  esp: 'ES',
  mex: 'MX',
  arg: 'AR',
  col: 'CO',
  chl: 'CL',
  per: 'PE',
  ecu: 'EC',
  ury: 'UY',
  pry: 'PY',
  bol: 'BO',
  ven: 'VE',
  gtm: 'GT',
  cri: 'CR',
  pan: 'PA',
  dom: 'DO',
  bra: 'BR',
  prt: 'PT',
  gbr: 'GB',
  deu: 'DE',
  fra: 'FR',
  ita: 'IT',
  can: 'CA',
  nld: 'NL',
  bel: 'BE',
  che: 'CH',
  irl: 'IE',
  aus: 'AU',
};

export interface CountryIndex {
  /** ISO-3166 alpha-2 for a free-text country ("España", "Spain", "MX", "EE.UU."), or undefined. */
  normalize(text: string | null | undefined): string | undefined;
  /** Every alpha-2 code the index knows. */
  codes: ReadonlySet<string>;
}

/** Builds the name index once: every region's English and Spanish names, its code, and the aliases. */
export function createCountryIndex(): CountryIndex {
  const codes = new Set<string>(getCountries());
  const byKey = new Map<string, string>();
  const displays = ['en', 'es'].map((locale) => new Intl.DisplayNames([locale], { type: 'region' }));
  for (const code of codes) {
    byKey.set(code.toLowerCase(), code);
    for (const display of displays) {
      const name = display.of(code);
      if (!name || name === code) continue;
      const key = matchKey(name);
      byKey.set(key, code);
      // "Colombia (la)"-style or "Hong Kong SAR China" variants: index the part before a comma/paren too
      const short = matchKey(name.split(/[(,]/)[0]!);
      if (short && !byKey.has(short)) byKey.set(short, code);
    }
  }
  for (const [alias, code] of Object.entries(ALIASES)) byKey.set(alias, code);
  const memo = new Map<string, string | undefined>();

  return {
    codes,
    normalize(text) {
      if (!text) return undefined;
      const cached = memo.get(text);
      if (cached !== undefined || memo.has(text)) return cached;
      let key = matchKey(text);
      if (key.startsWith('the ')) key = key.slice(4);
      const found = byKey.get(key) ?? byKey.get(key.replace(/^(el|la|los|las) /, ''));
      // CRM country picklists have few distinct values; bound the memo anyway
      if (memo.size < 10_000) memo.set(text, found);
      return found;
    },
  };
}
