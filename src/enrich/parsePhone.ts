import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export interface ParsedPhone {
  valid: boolean;
  e164?: string;
  /** ISO alpha-2 of the number's region, when known. */
  country?: string;
  /** libphonenumber's type in lower case: mobile, fixed_line, fixed_line_or_mobile, toll_free, voip … */
  type?: string;
}

/**
 * Parses a phone number as typed in a CRM, local ("612 34 56 78") or international
 * ("+34 612…", "0034 612…"). `defaultRegion` (the lead's country) reads local numbers.
 * Uses the `max` metadata: the smaller sets cannot tell mobile from fixed lines.
 */
export function parsePhone(
  text: string | null | undefined,
  defaultRegion: string | undefined,
): ParsedPhone | undefined {
  if (!text) return undefined;
  let input = text.trim();
  if (!/\d/.test(input)) return { valid: false };
  // "0034 …" with no region to know the international prefix: read 00 as "+"
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
  // With the `max` metadata every region has type patterns, so libphonenumber's isValid() is
  // "getType() is defined": one type match answers both (isValid() is asked only when the
  // type is undefined, which also covers a region without type patterns).
  let type = parsed?.getType();
  let valid = parsed !== undefined && (type !== undefined || parsed.isValid());
  // Mexico dropped the mobile "1" after +52 in 2019; CRMs still hold "+52 1 55 …"
  if (parsed && !valid && parsed.countryCallingCode === '52' && /^1\d{10}$/.test(parsed.nationalNumber)) {
    parsed = parsePhoneNumberFromString(`+52${parsed.nationalNumber.slice(1)}`);
    type = parsed?.getType();
    valid = parsed !== undefined && (type !== undefined || parsed.isValid());
  }
  if (!parsed || !valid) return { valid: false };
  return {
    valid: true,
    e164: parsed.number,
    ...(parsed.country ? { country: parsed.country } : {}),
    ...(type ? { type: type.toLowerCase() } : {}),
  };
}
