import type { BusinessHours } from '@picasso/shared';

/**
 * Wall-clock arithmetic in a tenant's IANA time zone with nothing but `Intl` (no tz library):
 * the offset at an instant is read from `formatToParts`, so daylight-saving days are right.
 */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
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
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The wall-clock time in `timeZone` at the instant `epochMs`. */
export function toLocal(epochMs: number, timeZone: string): LocalDateTime {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(epochMs))) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday!]!,
  };
}

function offsetMs(epochMs: number, timeZone: string): number {
  const l = toLocal(epochMs, timeZone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `timeZone` shows the given local time. A time skipped
 * by a spring-forward gap maps to the instant one offset later, as clocks do.
 */
export function fromLocal(year: number, month: number, day: number, hour: number, minute: number, second: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  let guess = wall - offsetMs(wall, timeZone);
  const second_ = offsetMs(guess, timeZone);
  if (wall - second_ !== guess) guess = wall - second_;
  return guess;
}

/** ISO weekday of a calendar date (independent of any time zone). */
export function weekdayOf(year: number, month: number, day: number): number {
  const d = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return d === 0 ? 7 : d;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/** True when the local time falls inside the tenant's business hours (start inclusive, end exclusive). */
export function isBusinessHours(local: Pick<LocalDateTime, 'hour' | 'minute' | 'weekday'>, hours: BusinessHours): boolean {
  if (!hours.days.includes(local.weekday)) return false;
  const m = local.hour * 60 + local.minute;
  return m >= minutesOf(hours.start) && m < minutesOf(hours.end);
}

/** The `days` calendar dates ending with `endDate` (`YYYY-MM-DD`), oldest first. */
export function calendarDays(endDate: string, days: number): { year: number; month: number; day: number; iso: string }[] {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(endDate) || Number.isNaN(Date.parse(endDate))) throw new RangeError(`end date ${JSON.stringify(endDate)} is not YYYY-MM-DD`);
  const end = Date.parse(`${endDate}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => {
    const d = new Date(end - (days - 1 - i) * 86_400_000);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), iso: d.toISOString().slice(0, 10) };
  });
}
