/**
 * Numbers in the viewer's locale, dates and times in the tenant's time zone.
 * The metric contract already gives local calendar periods (`YYYY-MM-DD`, `YYYY-MM-DDTHH:00`);
 * those are formatted as calendar values (no time-zone shift). Instants (`updated_at`,
 * `submitted_at`) are converted to the tenant's zone.
 */
export interface Formatters {
  locale: string;
  count(value: number): string;
  /** A 0–100 percentage; `null` (nothing to divide by) reads as "n/a". */
  percent(value: number | null): string;
  /** Seconds as a short duration ("1.3 s", "2 min 5 s"); `null` reads as "n/a". */
  duration(value: number | null): string;
  /** An amount in US dollars ("$12.35"; under $1 to four decimals, "$0.0042", under a cent to six); `null` reads as "n/a". */
  money(value: number | null): string;
  /** How old the data is, in words ("5 minutes ago"). */
  age(ageSeconds: number): string;
  /** An instant in the given time zone (falls back to the viewer's when unknown or invalid). */
  instant(iso: string, timeZone?: string): string;
  /** A local calendar day `YYYY-MM-DD` ("Mon, Nov 24"). */
  day(localDate: string): string;
  /** A local hour period `YYYY-MM-DDTHH:00` ("Nov 24, 14:00"). */
  hour(localPeriod: string): string;
  /** An inclusive range of local days ("Nov 19 – 25, 2026"). */
  dayRange(start: string, end: string): string;
  /** Hour of day 0–23 ("14:00"). */
  hourOfDay(hour: number): string;
  /** ISO weekday 1 (Monday) … 7 (Sunday), short ("Mon"). */
  weekday(isoDay: number): string;
}

export const NOT_AVAILABLE = 'n/a';

function safeTimeZone(timeZone: string | undefined): string | undefined {
  if (!timeZone) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return undefined;
  }
}

/** Builds the formatters for a locale (the app passes `navigator.language`). */
export function createFormatters(locale: string): Formatters {
  const counts = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const percents = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const seconds = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  // Token costs are often fractions of a cent: below $1 four decimals, below a cent six (the API's
  // precision), so a small cost does not read as $0.00.
  const dollars = new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const cents = new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 4 });
  const fractionsOfACent = new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 6 });
  // Calendar values are rendered in UTC: they are already local to the tenant.
  const dayFormat = new Intl.DateTimeFormat(locale, { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' });
  const hourFormat = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  const hourOfDayFormat = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  const weekdayFormat = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
  const rangeFormat = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });

  return {
    locale,
    count: (value) => counts.format(value),
    percent: (value) => (value === null ? NOT_AVAILABLE : percents.format(value / 100)),
    duration: (value) => {
      if (value === null) return NOT_AVAILABLE;
      if (value < 60) return `${seconds.format(value)} s`;
      const minutes = Math.floor(value / 60);
      return `${counts.format(minutes)} min ${counts.format(Math.round(value - minutes * 60))} s`;
    },
    money: (value) => {
      if (value === null) return NOT_AVAILABLE;
      const magnitude = Math.abs(value);
      return (magnitude === 0 || magnitude >= 1 ? dollars : magnitude >= 0.01 ? cents : fractionsOfACent).format(value);
    },
    age: (ageSeconds) => {
      const s = Math.max(0, Math.round(ageSeconds));
      if (s < 60) return relative.format(-s, 'second');
      if (s < 3600) return relative.format(-Math.floor(s / 60), 'minute');
      if (s < 86400) return relative.format(-Math.floor(s / 3600), 'hour');
      return relative.format(-Math.floor(s / 86400), 'day');
    },
    instant: (iso, timeZone) => {
      const date = new Date(iso);
      if (Number.isNaN(date.getTime())) return iso;
      return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: safeTimeZone(timeZone) }).format(date);
    },
    day: (localDate) => {
      const date = new Date(`${localDate}T00:00:00Z`);
      return Number.isNaN(date.getTime()) ? localDate : dayFormat.format(date);
    },
    hour: (localPeriod) => {
      const date = new Date(`${localPeriod.slice(0, 13)}:00:00Z`);
      return Number.isNaN(date.getTime()) ? localPeriod : hourFormat.format(date);
    },
    dayRange: (start, end) => {
      const [from, to] = [new Date(`${start}T00:00:00Z`), new Date(`${end}T00:00:00Z`)];
      if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return `${start} – ${end}`;
      return start === end ? rangeFormat.format(from) : rangeFormat.formatRange(from, to);
    },
    hourOfDay: (hour) => hourOfDayFormat.format(Date.UTC(2024, 0, 1, hour)),
    // 2024-01-01 was a Monday (ISO day 1).
    weekday: (isoDay) => weekdayFormat.format(Date.UTC(2024, 0, isoDay)),
  };
}
