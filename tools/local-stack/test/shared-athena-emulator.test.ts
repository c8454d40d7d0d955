import { createAthenaClient } from '@picasso/shared/aws/athena';
import { DuckDbQueryEngine, startAthenaEmulator, type AthenaEmulator } from '@picasso/shared/duckdb';
import type { AnalyticsEvent } from '@picasso/shared/events';
import { AthenaQueryEngine, QueryFailedError, tenantHourlyRollupQuery } from '@picasso/shared/query';
import { buildEvent, writeLakeBatch } from '@picasso/shared/testing';
import { createTestEnvironment, type TestEnvironment } from '../src/testing/test-environment';

const at = (iso: string, type: Parameters<typeof buildEvent>[0], over: Record<string, unknown> = {}) =>
  buildEvent(type, { server_timestamp: iso, client_timestamp: iso, ...over }) as AnalyticsEvent;

const sortRows = (rows: Record<string, unknown>[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('the local Athena emulator', () => {
  let env: TestEnvironment;
  let emulator: AthenaEmulator;
  let athena: AthenaQueryEngine;
  let duckdb: DuckDbQueryEngine;

  beforeAll(async () => {
    env = await createTestEnvironment('ae');
    emulator = await startAthenaEmulator({ s3StorageDir: env.s3StorageDir, lakeBucket: env.names.lakeBucket });
    // The real adapter over the real SDK client, pointed at the emulator the standard way.
    athena = new AthenaQueryEngine(createAthenaClient({ ...process.env, AWS_ENDPOINT_URL_ATHENA: emulator.url }), {
      workgroup: env.names.athenaWorkgroup,
      database: env.names.glueDatabase,
      initialPollMs: 5,
      timeoutMs: 30_000,
    });
    duckdb = await DuckDbQueryEngine.open({ s3StorageDir: env.s3StorageDir, lakeBucket: env.names.lakeBucket });
  });
  afterAll(async () => {
    await emulator.stop();
    duckdb.close();
  });

  it('lets the Athena adapter run the rollup SQL with the same rows and bytes as DuckDB directly', async () => {
    // Prepare
    await writeLakeBatch(env.s3, env.names.lakeBucket, 'FOS402334', [
      at('2025-12-20T14:00:00Z', 'WIDGET_OPENED', { session_id: "o'hara" }),
      at('2025-12-20T14:01:00Z', 'MESSAGE_SENT', { session_id: "o'hara" }),
      at('2025-12-20T14:01:02Z', 'MESSAGE_RECEIVED', { session_id: "o'hara" }),
      at('2025-12-20T16:00:00Z', 'FORM_ABANDONED', { session_id: 'b' }),
    ]);
    const { sql, params } = tenantHourlyRollupQuery('FOS402334', ['2025-12-20']);

    // Act
    const viaAthena = await athena.query(sql, params);
    const direct = await duckdb.query(sql, params);

    // Assess
    expect(viaAthena.rows.length).toBeGreaterThan(0);
    expect(sortRows(viaAthena.rows)).toEqual(sortRows(direct.rows));
    expect(viaAthena.bytesScanned).toBe(direct.bytesScanned);
  });

  it('pages a large result through GetQueryResults', async () => {
    const result = await athena.query<{ n: number }>('SELECT n FROM range(2500) AS t(n) WHERE n >= ?', [0]);

    expect(result.rows).toHaveLength(2500);
    expect(result.rows[2499]).toEqual({ n: 2499 });
  });

  it('reports a failing statement as FAILED with its reason', async () => {
    await expect(athena.query('SELECT nope FROM events')).rejects.toThrow(QueryFailedError);
    await expect(athena.query('SELECT nope FROM events')).rejects.toThrow(/nope/);
  });
});
