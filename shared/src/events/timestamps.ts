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

/**
 * The instant an RFC 3339 `date-time` names, in epoch milliseconds (fraction truncated to the
 * millisecond, a leap second held at `:59.999`), or `null` when the text is not one.
 * Never throws, whatever the input.
 */
export function canonicalTimestampMs(value: string): number | null {
  if (typeof value !== 'string' || value.length > 64) return null;
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
  const ms = canonicalTimestampMs(value);
  if (ms === null || ms < MIN_YEAR_MS || ms > MAX_YEAR_MS) return null;
  return new Date(ms).toISOString();
}
