import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/**
 * The lake as DuckDB sees it: fauxqs stores each S3 object as `<key>.data` under
 * `<s3StorageDir>/buckets/<bucket>/objects/`, so the Hive partitions of the lake are plain
 * folders DuckDB can read with `hive_partitioning`. The view `events` has the Athena table's
 * columns (DESIGN §3, §5), partition columns last.
 */
export function lakeGlob(s3StorageDir: string, lakeBucket: string): string {
  return join(s3StorageDir, 'buckets', lakeBucket, 'objects', 'analytics', '*', '*', '*', '*', '*.json.gz.data');
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

/** SQL of the `events` view over a glob of lake files (an empty relation when none exist yet). */
export function eventsViewSql(glob: string, hasFiles: boolean): string {
  if (!hasFiles) return `CREATE OR REPLACE VIEW events AS ${EMPTY_EVENTS_SQL}`;
  const columns = `{${Object.entries(EVENTS_COLUMNS)
    .map(([c, t]) => `'${c}': '${t}'`)
    .join(', ')}}`;
  return `CREATE OR REPLACE VIEW events AS
    SELECT ${Object.keys(EVENTS_COLUMNS).join(', ')}, tenant_id,
           CAST(year AS INTEGER) AS year, CAST(month AS INTEGER) AS month, CAST(day AS INTEGER) AS day
    FROM read_json('${glob.replace(/'/g, "''")}', format = 'newline_delimited', compression = 'gzip',
                   columns = ${columns}, hive_partitioning = true, hive_types_autocast = false)`;
}

/** Opens an in-memory DuckDB with the `events` view over a local lake. */
export async function openDuckDbLake(s3StorageDir: string, lakeBucket: string): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const hasFiles = existsSync(join(s3StorageDir, 'buckets', lakeBucket, 'objects', 'analytics'));
  await connection.run(eventsViewSql(lakeGlob(s3StorageDir, lakeBucket), hasFiles));
  return connection;
}
