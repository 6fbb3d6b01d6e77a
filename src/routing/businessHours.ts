import type { BusinessHours, Weekday } from './routingSchema';

const WEEKDAYS: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock time in `timeZone` at an instant. */
export function localTime(ms: number, timeZone: string): LocalTime {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts['year']),
    month: Number(parts['month']),
    day: Number(parts['day']),
    hour: Number(parts['hour']),
    minute: Number(parts['minute']),
    second: Number(parts['second']),
  };
}

/** The instant a wall-clock time happens in `timeZone` (a time skipped by a DST jump moves forward). */
export function instantOf(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const l = localTime(guess, timeZone);
    const offset = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second) - guess;
    const next = wall - offset;
    if (next === guess) break;
    guess = next;
  }
  return guess;
}

const minutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * `start` plus `hours` of business time in the team's time zone: only on its working
 * days, between its opening and closing times, skipping holidays. A lead arriving at
 * night starts the clock at the next opening.
 */
export function addBusinessHours(start: Date, hours: number, bh: BusinessHours): Date {
  let remaining = Math.round(hours * 3_600_000);
  let cursor = start.getTime();
  const open = minutes(bh.start);
  const close = minutes(bh.end);
  for (let i = 0; i < 800; i++) {
    const l = localTime(cursor, bh.timezone);
    const date = `${l.year}-${pad(l.month)}-${pad(l.day)}`;
    const weekday = WEEKDAYS[new Date(Date.UTC(l.year, l.month - 1, l.day)).getUTCDay()]!;
    if (bh.days.includes(weekday) && !bh.holidays.includes(date)) {
      const opensAt = instantOf(l.year, l.month, l.day, Math.floor(open / 60), open % 60, bh.timezone);
      const closesAt = instantOf(l.year, l.month, l.day, Math.floor(close / 60), close % 60, bh.timezone);
      const from = Math.max(cursor, opensAt);
      if (from < closesAt) {
        if (remaining <= closesAt - from) return new Date(from + remaining);
        remaining -= closesAt - from;
      }
    }
    const next = new Date(Date.UTC(l.year, l.month - 1, l.day + 1));
    cursor = instantOf(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), 0, 0, bh.timezone);
  }
  throw new Error(`no business hours in the next 800 days (${bh.days.join(', ')} ${bh.start}–${bh.end})`);
}

/** The local calendar date in the team's zone (daily caps count per local day). */
export function localDate(at: Date, timeZone: string): string {
  const l = localTime(at.getTime(), timeZone);
  return `${l.year}-${pad(l.month)}-${pad(l.day)}`;
}
