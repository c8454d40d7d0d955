import { ValidationError } from '../errors';

/**
 * Calendar logic in a tenant's time zone, on `Intl.DateTimeFormat` alone (no date library):
 * local dates and hours of an instant, the UTC instant of a local midnight, and the windows of
 * the dashboard ranges. Daylight-saving days are 23 or 25 hours long and are handled as such.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** Wall-clock reading of an instant in a time zone. */
export interface LocalTime {
  /** `YYYY-MM-DD` */
  date: string;
  hour: number;
  minute: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  isoWeekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        weekday: 'short',
      });
    } catch (error) {
      throw new ValidationError(`unknown time zone ${JSON.stringify(timeZone)}`, { cause: error });
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws `ValidationError` unless `timeZone` is an IANA zone this runtime knows. */
export function assertTimeZone(timeZone: string): void {
  formatter(timeZone);
}

function parts(epochMs: number, timeZone: string) {
  const out: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(epochMs))) out[p.type] = p.value;
  return out;
}

/** The local date, hour, minute and ISO weekday of an instant in `timeZone`. */
export function localTime(epochMs: number, timeZone: string): LocalTime {
  const p = parts(epochMs, timeZone);
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    hour: Number(p.hour),
    minute: Number(p.minute),
    isoWeekday: WEEKDAYS[p.weekday!]!,
  };
}

/** Offset of `timeZone` from UTC at an instant, in ms (Chicago in winter: -6 h). */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const p = parts(epochMs, timeZone);
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

function parseDate(date: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new ValidationError(`not a date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) throw new ValidationError(`not a calendar date: ${date}`);
  return [y, mo, d];
}

/** True for a real calendar date written `YYYY-MM-DD` (2025-02-30 is not). */
export function isCalendarDate(value: string): boolean {
  try {
    parseDate(value);
    return true;
  } catch {
    return false;
  }
}

/** `date` plus `days` calendar days (pure calendar arithmetic, no time zone). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = parseDate(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * The UTC instant (ms) at which the wall clock in `timeZone` shows `date` at `hour:minute:second`.
 * A time a spring-forward gap skips is read with the offset after the change (02:30 in Chicago
 * on 2026-03-08 → 07:30Z, which is 01:30 standard time): every wall time maps to some instant.
 */
export function localToUtcMs(date: string, timeZone: string, hour = 0, minute = 0, second = 0): number {
  const [y, m, d] = parseDate(date);
  const wall = Date.UTC(y, m - 1, d, hour, minute, second);
  // Two passes: the offset at the first guess may differ from the offset at the wall time
  // when a DST change falls between them.
  let t = wall - zoneOffsetMs(wall, timeZone);
  t = wall - zoneOffsetMs(t, timeZone);
  return t;
}

/** The UTC instant (ms) at which the local calendar day `date` starts in `timeZone`. */
export function localMidnightUtcMs(date: string, timeZone: string): number {
  return localToUtcMs(date, timeZone);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date, in no time zone. */
export function isoWeekdayOf(date: string): number {
  const [y, m, d] = parseDate(date);
  const w = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return w === 0 ? 7 : w;
}

/** Business hours as tenant configs state them: `HH:MM` start (inclusive) and end (exclusive), ISO weekdays. */
export interface BusinessHoursSpec {
  start: string;
  end: string;
  days: readonly number[];
}

function minutesOfDay(hm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hm);
  if (!m) throw new ValidationError(`business hours must be HH:MM, got ${JSON.stringify(hm)}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** True when a local wall-clock reading falls outside the tenant's business hours. */
export function isAfterHours(local: Pick<LocalTime, 'isoWeekday' | 'hour' | 'minute'>, hours: BusinessHoursSpec): boolean {
  const minute = local.hour * 60 + local.minute;
  return !hours.days.includes(local.isoWeekday) || minute < minutesOfDay(hours.start) || minute >= minutesOfDay(hours.end);
}

/** The local dates from `first` to `last`, inclusive. */
export function datesBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) out.push(d);
  return out;
}

/** The UTC days (`YYYY-MM-DD`) touched by the instants `[startMs, endMs)`. */
export function utcDaysCovering(startMs: number, endMs: number): string[] {
  if (endMs <= startMs) return [];
  return datesBetween(new Date(startMs).toISOString().slice(0, 10), new Date(endMs - 1).toISOString().slice(0, 10));
}
