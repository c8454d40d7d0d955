/**
 * `@picasso/shared/duckdb`: the DuckDB side of the query engine port. A native module: it is
 * kept out of the main index so it never enters a Lambda bundle.
 */
export { DuckDbQueryEngine, eventsViewSql, EVENTS_COLUMNS, lakeGlob, openDuckDbLake, type DuckDbQueryEngineOptions } from './duckdb-engine';
export { TRINO_COMPAT_MACROS } from './trino-compat';
export { fromAthenaLiteral, startAthenaEmulator, type AthenaEmulator, type AthenaEmulatorOptions } from './athena-emulator';
