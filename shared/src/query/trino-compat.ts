/**
 * The Trino (Athena engine v3) functions the project's SQL uses that DuckDB lacks, as DuckDB
 * macros with the same name and meaning, so one SQL text runs on both engines (docs/architecture.md, "Query engine port").
 * Functions both engines share (`count_if`, `bool_or`, `row_number`, `floor`, `GROUPING SETS`,
 * `grouping`, `date_trunc`, `coalesce`, `lower`, `trim`) need nothing. Timestamps are UTC: the
 * DuckDB session runs with `TimeZone = 'UTC'`, as Athena does.
 *
 * Trino references: https://trino.io/docs/current/functions/json.html,
 * https://trino.io/docs/current/functions/datetime.html
 */
export const TRINO_COMPAT_MACROS: readonly string[] = [
  // JSON: the scalar at a JSONPath as varchar (null for objects/arrays in Trino; close enough for scalars).
  `CREATE OR REPLACE MACRO json_extract_scalar(j, path) AS json_extract_string(j, path)`,
  // ISO-8601 text with any offset → timestamp with time zone.
  `CREATE OR REPLACE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)`,
  `CREATE OR REPLACE MACRO from_iso8601_date(s) AS CAST(s AS DATE)`,
  // Seconds since the epoch (double), and back.
  `CREATE OR REPLACE MACRO to_unixtime(t) AS epoch(t)`,
  `CREATE OR REPLACE MACRO from_unixtime(x) AS to_timestamp(x)`,
  `CREATE OR REPLACE MACRO to_iso8601(t) AS strftime(CAST(t AS TIMESTAMPTZ), '%Y-%m-%dT%H:%M:%S.%gZ')`,
  // The MySQL-style format subset Trino's date_format accepts: %Y %m %d %H %i %s %S %T.
  `CREATE OR REPLACE MACRO date_format(t, f) AS strftime(t, replace(replace(replace(f, '%i', '%M'), '%s', '%S'), '%T', '%H:%M:%S'))`,
  // Local wall-clock time in a zone (Trino keeps the zone; formatting it gives the same text).
  `CREATE OR REPLACE MACRO at_timezone(t, zone) AS timezone(zone, CAST(t AS TIMESTAMPTZ))`,
  `CREATE OR REPLACE MACRO regexp_like(s, pattern) AS regexp_matches(s, pattern)`,
  // Exact where Trino estimates (HyperLogLog, ~2.3 % error): local figures are the truth.
  `CREATE OR REPLACE MACRO approx_distinct(x) AS count(DISTINCT x)`,
];
