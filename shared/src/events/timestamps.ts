/**
 * The lake stores every timestamp in ONE form, `YYYY-MM-DDTHH:MM:SS.mmmZ` (UTC, upper-case `T`
 * and `Z`, exactly three fraction digits): what `Date.prototype.toISOString` writes, what DuckDB
 * casts and what Trino's `from_iso8601_timestamp` (Athena) parses. JSON Schema's `date-time`
 * (RFC 3339, as ajv-formats checks it) accepts more than that; `canonicalTimestampMs` maps every
 * spelling it accepts onto one instant, following docs/decisions.md §9:
 * - lower-case `t`/`z`, a space separator, any offset (`+02:00`, `+0200`, `+02`) → UTC `Z`;
 * - fewer than three fraction digits → padded; more → truncated (never rounded, so an event
 *   cannot move into the next second, or day);
 * - a leap second (`23:59:60Z`, which `Date.parse` turns into `NaN`) → `23:59:59.999Z` of the
 *   same UTC day.
 */

const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt\s](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;
const MAX_YEAR_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const MIN_YEAR_MS = -62167219200000; // 0000-01-01T00:00:00.000Z

/** True when `value` is already in the lake's canonical timestamp form. */
export function isCanonicalTimestamp(value: string): boolean {
  return CANONICAL.test(value) && canonicalTimestamp(value) === value;
}

function daysInMonth(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0); // day 0 of the next month: the last day of this one
  return d.getUTCDate();
}

const CANONICAL_LENGTH = 24; // YYYY-MM-DDTHH:MM:SS.mmmZ
/** Where the canonical form has its separators (`- - T : : . Z`); every other position is a digit. */
const SEPARATOR_AT = [4, 7, 10, 13, 16, 19, 23];
const SEPARATOR_CODE = [0x2d, 0x2d, 0x54, 0x3a, 0x3a, 0x2e, 0x5a];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number spelled by the digits at `[from, to)`, or -1 if one is not an ASCII digit. */
function digitsAt(value: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i += 1) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The fast path for what producers almost always send and the processor stores: a timestamp
 * already in the canonical form, read digit by digit with no regular expression and no `Date`
 * (the processor reads each timestamp several times per event; docs/decisions.md §31).
 * `null` sends the value down the general path: another spelling, a leap second, a year before
 * 0100 (where `Date.UTC` means 19xx), or an impossible date.
 */
function canonicalFormMs(value: string): number | null {
  if (value.length !== CANONICAL_LENGTH) return null;
  for (let i = 0; i < SEPARATOR_AT.length; i += 1) if (value.charCodeAt(SEPARATOR_AT[i]!) !== SEPARATOR_CODE[i]) return null;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 7);
  const day = digitsAt(value, 8, 10);
  const hour = digitsAt(value, 11, 13);
  const minute = digitsAt(value, 14, 16);
  const second = digitsAt(value, 17, 19);
  const millis = digitsAt(value, 20, 23);
  if (year < 100 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || millis < 0) return null;
  const leapYear = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leapYear ? 29 : DAYS_IN_MONTH[month - 1]!)) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis);
}

/**
 * The instant an RFC 3339 `date-time` names, in epoch milliseconds (fraction truncated to the
 * millisecond, a leap second held at `:59.999`), or `null` when the text is not one.
 * Never throws, whatever the input.
 */
export function canonicalTimestampMs(value: string): number | null {
  if (typeof value !== 'string' || value.length > 64) return null;
  const fast = canonicalFormMs(value);
  if (fast !== null) return fast;
  const m = RFC3339.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const fraction = m[7] ?? '';
  const offsetHours = Number(m[10] ?? 0);
  const offsetMinutes = Number(m[11] ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 60 || offsetHours > 23 || offsetMinutes > 59) return null;
  const leap = second === 60;
  const millis = leap ? 999 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  // Date.UTC maps years 0–99 onto 1900–1999, so set the full year explicitly.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, leap ? 59 : second, millis);
  const sign = m[9] === '-' ? -1 : 1;
  const ms = date.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
  // A leap second is only real at 23:59 UTC; elsewhere `:60` is not a time at all.
  if (leap && new Date(ms).getUTCHours() * 60 + new Date(ms).getUTCMinutes() !== 23 * 60 + 59) return null;
  return Number.isFinite(ms) ? ms : null;
}

/**
 * `value` in the canonical form, or `null` when it is not an RFC 3339 `date-time` or names an
 * instant outside years 0000–9999 (which no four-digit year can spell). Never throws.
 */
export function canonicalTimestamp(value: string): string | null {
  // Already canonical (years 0100–9999, inside the bounds below): the value is its own answer.
  if (typeof value === 'string' && canonicalFormMs(value) !== null) return value;
  const ms = canonicalTimestampMs(value);
  if (ms === null || ms < MIN_YEAR_MS || ms > MAX_YEAR_MS) return null;
  return new Date(ms).toISOString();
}
