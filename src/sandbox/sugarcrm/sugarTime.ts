/**
 * Sugar keeps datetimes in UTC with whole seconds and the API prints them as ISO-8601 with
 * an explicit offset, e.g. "2013-02-26T19:12:00+00:00" (module_filter_post_help.html).
 */

/** Rounds down to the whole second, as Sugar's DATETIME columns do. */
export function toSugarSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

export function formatSugarDateTime(ms: number): string {
  return new Date(toSugarSecond(ms)).toISOString().slice(0, 19) + '+00:00';
}

export function formatSugarDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
// ISO with T or a space (Sugar's DB format), optional fraction, optional Z or ±hh:mm / ±hhmm.
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

export function isDateOnly(value: string): boolean {
  return DATE_ONLY.test(value.trim());
}

/** Milliseconds since the epoch for a date or datetime a client sent, or null if unreadable. */
export function parseSugarDateTime(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (DATE_ONLY.test(text)) {
    const ms = Date.parse(`${text}T00:00:00Z`);
    return Number.isNaN(ms) ? null : ms;
  }
  const match = DATE_TIME.exec(text);
  if (!match) return null;
  const [, day, time, fraction = '', zone] = match;
  const offset = !zone || zone === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${day}T${time!.length === 5 ? `${time}:00` : time}${fraction}${offset}`);
  return Number.isNaN(ms) ? null : toSugarSecond(ms);
}

const DAY_MS = 86_400_000;

/** Start (00:00:00) and end (23:59:59) of the UTC day of a date-only value. */
export function dayBounds(dayStartMs: number): [number, number] {
  return [dayStartMs, dayStartMs + DAY_MS - 1000];
}

export { DAY_MS };
