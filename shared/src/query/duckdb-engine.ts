import { randomUUID } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBInstance,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  type DuckDBConnection,
  type DuckDBValue,
} from '@duckdb/node-api';
import { QueryFailedError, type QueryEngine, type QueryParam, type QueryResult, type QueryValue } from './query-engine';
import { TRINO_COMPAT_MACROS } from './trino-compat';

/**
 * The lake as DuckDB sees it: fauxqs stores each S3 object as `<key>.data` under
 * `<s3StorageDir>/buckets/<bucket>/objects/`, so the Hive partitions of the lake are plain
 * folders DuckDB reads with `hive_partitioning`. The view `events` has the Athena table's
 * columns (docs/architecture.md, "Lake layout", "Query engine port"), partition columns last (`tenant_id` varchar; `year`, `month`, `day`
 * integers, as the Athena table's projected partitions).
 */
export function lakeGlob(s3StorageDir: string, lakeBucket: string): string {
  return join(lakeRoot(s3StorageDir, lakeBucket), '*', '*', '*', '*', '*.json.gz.data');
}

function lakeRoot(s3StorageDir: string, lakeBucket: string): string {
  return join(s3StorageDir, 'buckets', lakeBucket, 'objects', 'analytics');
}

export const EVENTS_COLUMNS = {
  event_id: 'VARCHAR',
  schema_version: 'VARCHAR',
  session_id: 'VARCHAR',
  tenant_hash: 'VARCHAR',
  step_number: 'INTEGER',
  event_type: 'VARCHAR',
  event_payload: 'VARCHAR',
  client_timestamp: 'VARCHAR',
  server_timestamp: 'VARCHAR',
  ga_client_id: 'VARCHAR',
  environment: 'VARCHAR',
} as const;

const EMPTY_EVENTS_SQL = `SELECT ${Object.entries(EVENTS_COLUMNS)
  .map(([c, t]) => `CAST(NULL AS ${t}) AS ${c}`)
  .join(', ')}, CAST(NULL AS VARCHAR) AS tenant_id, CAST(NULL AS INTEGER) AS year, CAST(NULL AS INTEGER) AS month, CAST(NULL AS INTEGER) AS day WHERE false`;

/**
 * SQL of the `events` view over a glob of lake files (an empty relation when none exist yet).
 * Partition types are declared with `hive_types` rather than cast in the view: a cast hides the
 * columns from DuckDB's partition pruning, and every query would then open every file.
 */
export function eventsViewSql(glob: string, hasFiles: boolean): string {
  if (!hasFiles) return `CREATE OR REPLACE VIEW events AS ${EMPTY_EVENTS_SQL}`;
  const columns = `{${Object.entries(EVENTS_COLUMNS)
    .map(([c, t]) => `'${c}': '${t}'`)
    .join(', ')}}`;
  return `CREATE OR REPLACE VIEW events AS
    SELECT ${Object.keys(EVENTS_COLUMNS).join(', ')}, tenant_id, year, month, day
    FROM read_json('${glob.replace(/'/g, "''")}', format = 'newline_delimited', compression = 'gzip',
                   columns = ${columns}, hive_partitioning = true,
                   hive_types = {'tenant_id': 'VARCHAR', 'year': 'INTEGER', 'month': 'INTEGER', 'day': 'INTEGER'})`;
}

/** True when at least one lake object exists (DuckDB refuses a glob that matches nothing). */
function lakeHasFiles(root: string): boolean {
  const walk = (dir: string, depth: number): boolean => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return false;
    }
    for (const e of entries) {
      if (depth === 4 && e.isFile() && e.name.endsWith('.json.gz.data')) return true;
      if (depth < 4 && e.isDirectory() && walk(join(dir, e.name), depth + 1)) return true;
    }
    return false;
  };
  return walk(root, 0);
}

/** Size of a lake file DuckDB read (0 if it has gone since: a racing overwrite). */
function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** DuckDB values → the port's typed values (see `QueryEngine`). */
function toQueryValue(v: DuckDBValue): QueryValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof DuckDBTimestampTZValue || v instanceof DuckDBTimestampValue) return new Date(Number(v.micros / 1000n)).toISOString();
  if (v instanceof DuckDBDateValue) return v.toString();
  if (v instanceof DuckDBDecimalValue) return v.toDouble();
  return String(v);
}

export interface DuckDbQueryEngineOptions {
  /** fauxqs' `s3StorageDir`. */
  s3StorageDir: string;
  lakeBucket: string;
}

/**
 * The DuckDB adapter of the query engine port: the project's Trino SQL over the local lake
 * files. The `events` view is re-created before every query so objects written since the last
 * one are seen. Bytes scanned are the sizes of the distinct lake files DuckDB read, taken from
 * its file-system log (https://duckdb.org/docs/stable/operations_manual/logging/overview), the
 * way Athena bills the objects of the partitions it scans: a query that prunes reads less.
 */
export class DuckDbQueryEngine implements QueryEngine {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly options: DuckDbQueryEngineOptions,
  ) {}

  static async open(options: DuckDbQueryEngineOptions): Promise<DuckDbQueryEngine> {
    const connection = await openCompatConnection();
    await connection.run(`CALL enable_logging('FileSystem')`);
    return new DuckDbQueryEngine(connection, options);
  }

  /** Runs one statement; queries are serialised (one connection, one file-system log). */
  query<T = Record<string, QueryValue>>(sql: string, params: readonly QueryParam[] = []): Promise<QueryResult<T>> {
    const run = this.queue.then(() => this.runOne<T>(sql, params));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runOne<T>(sql: string, params: readonly QueryParam[]): Promise<QueryResult<T>> {
    const queryId = randomUUID();
    const root = lakeRoot(this.options.s3StorageDir, this.options.lakeBucket);
    await this.connection.run(eventsViewSql(lakeGlob(this.options.s3StorageDir, this.options.lakeBucket), lakeHasFiles(root)));
    await this.connection.run(`CALL truncate_duckdb_logs()`);
    let reader;
    try {
      reader = await this.connection.runAndReadAll(sql, [...params]);
    } catch (error) {
      const reason = (error as Error).message;
      throw new QueryFailedError(`DuckDB query ${queryId} failed: ${reason}`, queryId, reason, { cause: error });
    }
    const rows = reader.getRowObjects().map((r) => {
      const out: Record<string, QueryValue> = {};
      for (const [k, v] of Object.entries(r)) out[k] = toQueryValue(v);
      return out as T;
    });
    const log = await this.connection.runAndReadAll(
      `SELECT DISTINCT json_extract_string(message, '$.path') AS path
       FROM duckdb_logs
       WHERE type = 'FileSystem' AND json_extract_string(message, '$.op') = 'READ'
         AND starts_with(json_extract_string(message, '$.path'), ?)`,
      [root],
    );
    let bytesScanned = 0;
    for (const { path } of log.getRowObjects()) bytesScanned += sizeOf(String(path));
    return { rows, bytesScanned, queryId };
  }

  close(): void {
    this.connection.closeSync();
  }
}

/** An in-memory DuckDB connection in UTC with the Trino compatibility macros installed. */
async function openCompatConnection(): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`SET TimeZone = 'UTC'`);
  for (const macro of TRINO_COMPAT_MACROS) await connection.run(macro);
  return connection;
}

/**
 * Opens an in-memory DuckDB with the `events` view over a local lake (and the Trino macros).
 * The view is fixed at open time; use `DuckDbQueryEngine` to see objects written later.
 */
export async function openDuckDbLake(s3StorageDir: string, lakeBucket: string): Promise<DuckDBConnection> {
  const connection = await openCompatConnection();
  await connection.run(eventsViewSql(lakeGlob(s3StorageDir, lakeBucket), lakeHasFiles(lakeRoot(s3StorageDir, lakeBucket))));
  return connection;
}
