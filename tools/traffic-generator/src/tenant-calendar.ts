/**
 * The generator's calendar: the days it fills. Wall-clock arithmetic in a tenant's time zone is the
 * metrics library's (`@picasso/shared/metrics`: `localTime`, `localToUtcMs`, `isAfterHours`), so the
 * traffic and the figures computed from it use one definition of a local day and of business hours.
 */

import { isCalendarDate } from '@picasso/shared/metrics';

/** The `days` calendar dates ending with `endDate` (`YYYY-MM-DD`), oldest first. */
export function calendarDays(endDate: string, days: number): { year: number; month: number; day: number; iso: string }[] {
  if (!isCalendarDate(endDate)) throw new RangeError(`end date ${JSON.stringify(endDate)} is not YYYY-MM-DD`);
  const end = Date.parse(`${endDate}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => {
    const d = new Date(end - (days - 1 - i) * 86_400_000);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), iso: d.toISOString().slice(0, 10) };
  });
}
