import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { parsePhone } from '../../../src/enrich/parsePhone';

describe('parsePhone', () => {
  it.each([
    // Spain
    ['612 34 56 78', 'ES', '+34612345678', 'ES', 'mobile'],
    ['91 123 45 67', 'ES', '+34911234567', 'ES', 'fixed_line'],
    ['+34 912 345 678', undefined, '+34912345678', 'ES', 'fixed_line'],
    ['0034 612345678', undefined, '+34612345678', 'ES', 'mobile'],
    ['+34 612 34 56 78 ext. 12', undefined, '+34612345678', 'ES', 'mobile'],
    // Mexico: an international number wins over the default region
    ['0034 612345678', 'MX', '+34612345678', 'ES', 'mobile'],
    ['55 1234 5678', 'MX', '+525512345678', 'MX', 'fixed_line_or_mobile'],
    ['+52 1 55 1234 5678', undefined, '+525512345678', 'MX', 'fixed_line_or_mobile'],
    ['800 123 4567', 'MX', '+528001234567', 'MX', 'toll_free'],
    // Argentina: mobile "15" prefix
    ['011 4123-4567', 'AR', '+541141234567', 'AR', 'fixed_line'],
    ['011 15 2345-6789', 'AR', '+5491123456789', 'AR', 'mobile'],
    ['+54 9 11 2345-6789', undefined, '+5491123456789', 'AR', 'mobile'],
    // Colombia
    ['601 2345678', 'CO', '+576012345678', 'CO', 'fixed_line'],
    ['300 1234567', 'CO', '+573001234567', 'CO', 'mobile'],
    ['+57 300 123 4567', undefined, '+573001234567', 'CO', 'mobile'],
    // Chile
    ['9 6123 4567', 'CL', '+56961234567', 'CL', 'fixed_line_or_mobile'],
    ['+56 2 2123 4567', undefined, '+56221234567', 'CL', 'fixed_line_or_mobile'],
    // United States
    ['(201) 555-0123', 'US', '+12015550123', 'US', 'fixed_line_or_mobile'],
    ['+1 201-555-0123', undefined, '+12015550123', 'US', 'fixed_line_or_mobile'],
    ['1-800-555-0199', 'US', '+18005550199', 'US', 'toll_free'],
  ])('%p (region %p) → %s %s %s', (text, region, e164, country, type) => {
    expect(parsePhone(text, region)).toEqual({ valid: true, e164, country, type });
  });

  it.each([
    ['12345', 'ES'],
    ['n/a', 'ES'],
    ['612 34 56 78', undefined],
    ['+34 000', undefined],
  ])('%p (region %p) is invalid', (text, region) => {
    expect(parsePhone(text, region)).toEqual({ valid: false });
  });

  it.each([[null], [undefined], ['']])('%p is absent', (text) => {
    expect(parsePhone(text, 'ES')).toBeUndefined();
  });
});

/** parsePhone before it asked libphonenumber for the type once (isValid() then getType()): the reference. */
function parsePhoneReference(text: string | null | undefined, defaultRegion: string | undefined) {
  if (!text) return undefined;
  let input = text.trim();
  if (!/\d/.test(input)) return { valid: false };
  if (!defaultRegion && /^00[1-9]/.test(input.replace(/[\s().-]/g, ''))) input = `+${input.replace(/^\s*00/, '')}`;
  let parsed;
  try {
    parsed = parsePhoneNumberFromString(
      input,
      defaultRegion ? { defaultCountry: defaultRegion as CountryCode } : undefined,
    );
  } catch {
    return { valid: false };
  }
  if (parsed && !parsed.isValid() && parsed.countryCallingCode === '52' && /^1\d{10}$/.test(parsed.nationalNumber)) {
    parsed = parsePhoneNumberFromString(`+52${parsed.nationalNumber.slice(1)}`);
  }
  if (!parsed || !parsed.isValid()) return { valid: false };
  const type = parsed.getType();
  return {
    valid: true,
    e164: parsed.number,
    ...(parsed.country ? { country: parsed.country } : {}),
    ...(type ? { type: type.toLowerCase() } : {}),
  };
}

describe('parsePhone against the previous implementation', () => {
  it('gives the same answer for 5,000 seeded numbers in many regions and shapes', () => {
    let a = 26;
    const rnd = () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');
    const regions = [undefined, 'ES', 'MX', 'AR', 'CO', 'CL', 'US', 'GB', 'DE', 'BR', 'FR', 'PE', 'IN', 'AU'];
    const prefixes = ['', '+', '00', '0', '+52 1 ', '+34 ', '+1 ', '+44 ', '(', '+800 '];
    for (let i = 0; i < 5_000; i++) {
      const body = digits(4 + Math.floor(rnd() * 10));
      const spaced = rnd() < 0.5 ? body : body.replace(/(\d{3})/g, '$1 ').trim();
      const text = `${pick(prefixes)}${spaced}${rnd() < 0.05 ? ' ext. 12' : ''}`;
      const region = pick(regions);
      expect({ text, region, parsed: parsePhone(text, region) }).toEqual({
        text,
        region,
        parsed: parsePhoneReference(text, region),
      });
    }
  });
});
