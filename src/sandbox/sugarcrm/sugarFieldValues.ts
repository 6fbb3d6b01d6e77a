import { sugarErrors } from './sugarErrors';
import { formatSugarDate, formatSugarDateTime, parseSugarDateTime } from './sugarTime';
import type { SugarFieldDef } from './sugarVardefs';

/** One entry of a record's `email` field, as Sugar's SugarFieldEmail formats it. */
export interface SugarEmailEntry {
  email_address: string;
  primary_address: boolean;
  reply_to_address: boolean;
  invalid_email: boolean;
  opt_out: boolean;
}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
// Close to SugarEmailAddress::isValidEmail: something@something.tld, no spaces.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function phpInt(value: unknown): number {
  if (typeof value === 'number') return Math.trunc(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  const parsed = Number.parseInt(String(value).replace(/,/g, ''), 10);
  return Number.isNaN(parsed) ? 0 : parsed;
}

function toBool(value: unknown): boolean {
  if (typeof value === 'string') return !['', '0', 'false', 'off', 'no'].includes(value.trim().toLowerCase());
  return Boolean(value);
}

/**
 * Converts a value a client sent into the stored form, as SugarFieldHandler's apiValidate and
 * apiSave do for each type. Callers skip `null` first: Sugar's `isset()` ignores null fields,
 * so clearing a field takes an empty string.
 */
export function toStoredValue(module: string, def: SugarFieldDef, value: unknown): unknown {
  switch (def.type) {
    case 'int': {
      if (value === '') return null;
      const number = phpInt(value);
      if (number < INT_MIN || number > INT_MAX) {
        throw sugarErrors.invalidParameter(`Invalid field value: ${def.name} in module: ${module}`);
      }
      return number;
    }
    case 'currency':
    case 'decimal': {
      if (value === '') return null;
      const number = Number(value);
      if (Number.isNaN(number))
        throw sugarErrors.invalidParameter(`Invalid field value: ${def.name} in module: ${module}`);
      return number;
    }
    case 'bool':
      return toBool(value);
    case 'datetime':
    case 'datetimecombo':
    case 'date': {
      if (value === '' || value === false || value === 0) return null;
      const ms = parseSugarDateTime(value);
      if (ms === null) {
        throw sugarErrors.invalidParameter(
          `Did not recognize ${def.name} as a date/time, it looked like ${String(value)}`,
        );
      }
      return def.type === 'date' ? formatSugarDate(ms) : ms;
    }
    case 'email':
      return toEmailEntries(value);
    default:
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

function toEmailEntries(value: unknown): SugarEmailEntry[] {
  if (!Array.isArray(value)) throw sugarErrors.invalidParameter('email must be an array');
  const entries = value.filter(
    (item) => item && typeof item === 'object' && (item as { email_address?: unknown }).email_address,
  );
  return entries.map((item: Record<string, unknown>, index) => {
    const address = String(item.email_address);
    if (!EMAIL_PATTERN.test(address)) throw sugarErrors.invalidParameter(`${address} is an invalid email address`);
    return {
      email_address: address,
      primary_address: item.primary_address === undefined ? index === 0 : toBool(item.primary_address),
      reply_to_address: toBool(item.reply_to_address ?? false),
      invalid_email: toBool(item.invalid_email ?? false),
      opt_out: toBool(item.opt_out ?? false),
    };
  });
}

/** The API form of a stored value (SugarField*::apiFormatField): '' for empty text and dates, null for empty numbers. */
export function toApiValue(def: SugarFieldDef, stored: unknown): unknown {
  switch (def.type) {
    case 'int':
      return typeof stored === 'number' ? stored : null;
    case 'bool':
      return typeof stored === 'boolean' ? stored : null;
    case 'currency':
    case 'decimal':
      // DECIMAL(26,6) columns come back as strings.
      return typeof stored === 'number' ? stored.toFixed(6) : '';
    case 'datetime':
    case 'datetimecombo':
      return typeof stored === 'number' ? formatSugarDateTime(stored) : '';
    case 'email':
      return Array.isArray(stored) ? stored.map((entry: SugarEmailEntry) => ({ ...entry })) : [];
    default:
      return stored === undefined || stored === null ? '' : stored;
  }
}
