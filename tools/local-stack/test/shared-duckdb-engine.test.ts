import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalyticsEvent } from '@picasso/shared/events';
import type { RollupQueryRow } from '@picasso/shared/metrics';
import { DuckDbQueryEngine } from '@picasso/shared/duckdb';
import { QueryFailedError, SHIPPED_SQL, tenantHourlyRollupQuery, type ShippedStatement } from '@picasso/shared/query';
import { buildEvent, writeLakeBatch as writeLake } from '@picasso/shared/testing';
import { createTestEnvironment, type TestEnvironment } from '../src/testing/test-environment';

const writeLakeBatch = (env: TestEnvironment, tenantId: string, events: AnalyticsEvent[]) => writeLake(env.s3, env.names.lakeBucket, tenantId, events);

/** Every statement `@picasso/shared/query` ships (its `SHIPPED_SQL`; shared's own test checks each constant has an entry). */
async function discoverShippedSql(): Promise<{ name: string; sql: string; params: ShippedStatement['params'] }[]> {
  return Object.entries(SHIPPED_SQL).map(([name, s]) => ({ name: `rollup-queries.ts:${name}`, sql: s.sql, params: s.params }));
}

function bytesUnder(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += bytesUnder(p);
    else if (e.name.endsWith('.json.gz.data')) total += statSync(p).size; // fauxqs keeps metadata files beside the data
  }
  return total;
}

const at = (iso: string, type: Parameters<typeof buildEvent>[0], over: Record<string, unknown> = {}) =>
  buildEvent(type, { server_timestamp: iso, client_timestamp: iso, ...over });

describe('DuckDbQueryEngine over the local lake', () => {
  let env: TestEnvironment;
  let engine: DuckDbQueryEngine;

  beforeAll(async () => {
    env = await createTestEnvironment('dq');
    engine = await DuckDbQueryEngine.open({ s3StorageDir: env.s3StorageDir, lakeBucket: env.names.lakeBucket });
  });
  afterAll(() => engine.close());

  it('answers from an empty lake with no rows and no bytes', async () => {
    const { sql, params } = tenantHourlyRollupQuery('FOS402334', ['2025-12-20']);

    const result = await engine.query(sql, params);

    expect(result).toMatchObject({ rows: [], bytesScanned: 0 });
  });

  it('runs every SQL statement the project ships', async () => {
    // Prepare: a little of every event type on the days the representative parameters name.
    await writeLakeBatch(env, 'FOS402334', [
      at('2025-12-20T14:00:00Z', 'WIDGET_OPENED'),
      at('2025-12-20T14:01:00Z', 'MESSAGE_SENT'),
      at('2025-12-20T14:01:02Z', 'MESSAGE_RECEIVED'),
      at('2025-12-21T09:00:00Z', 'FORM_STARTED'),
      at('2025-12-21T09:02:00Z', 'FORM_COMPLETED'),
      at('2025-12-21T09:03:00Z', 'FORM_ABANDONED'),
    ]);
    const statements = await discoverShippedSql();
    expect(statements.length).toBeGreaterThan(0);

    for (const { name, sql, params } of statements) {
      // Act
      const result = await engine.query(sql, params);
      // Assess: every statement parses, binds its parameters and reads the lake.
      expect({ name, rows: result.rows.length > 0, bytes: result.bytesScanned > 0 }).toEqual({ name, rows: true, bytes: true });
    }
  });

  it('rolls a tenant-day up by hour with each event counted once, as plain SQL over the lake counts it', async () => {
    // Prepare: two sessions on 2025-12-22; one event delivered twice (in two objects).
    const sent = at('2025-12-22T10:15:00Z', 'MESSAGE_SENT', { session_id: 'a' });
    const events = [
      at('2025-12-22T10:00:00Z', 'WIDGET_OPENED', { session_id: 'a' }),
      sent,
      at('2025-12-22T10:15:03Z', 'MESSAGE_RECEIVED', { session_id: 'a' }),
      at('2025-12-22T11:30:00Z', 'MESSAGE_SENT', { session_id: 'a' }),
      at('2025-12-22T11:40:00Z', 'WIDGET_OPENED', { session_id: 'b' }),
    ];
    await writeLakeBatch(env, 'FOS402334', events);
    await writeLakeBatch(env, 'FOS402334', [sent]);
    const { sql, params } = tenantHourlyRollupQuery('FOS402334', ['2025-12-22']);

    // Act
    const { rows } = await engine.query<RollupQueryRow>(sql, params);
    const plain = await engine.query<{ n: number }>(
      `SELECT count(DISTINCT event_id) AS n FROM events WHERE tenant_id = 'FOS402334' AND year = 2025 AND month = 12 AND day = 22`,
    );

    // Assess
    const sessions = rows.filter((r) => r.grain === 'session').sort((x, y) => x.hour_start - y.hour_start || String(x.session_id).localeCompare(String(y.session_id)));
    expect(sessions.map((r) => [new Date(r.hour_start * 1000).toISOString(), r.session_id, r.events, r.messages_sent, r.widget_opens])).toEqual([
      ['2025-12-22T10:00:00.000Z', 'a', 3, 1, 1],
      ['2025-12-22T11:00:00.000Z', 'a', 1, 1, 0],
      ['2025-12-22T11:00:00.000Z', 'b', 1, 0, 1],
    ]);
    expect(sessions.reduce((a, r) => a + r.events, 0)).toBe(plain.rows[0]!.n);
    expect(sessions[0]!.first_message_at).toBe(Date.parse('2025-12-22T10:15:00Z') / 1000);
    expect(sessions[0]).toMatchObject({ response_ms_sum: 1200, response_count: 1, first_token_ms_sum: 800, first_token_count: 1 });
    const questions = rows.filter((r) => r.grain === 'dimension' && r.event_type === 'MESSAGE_SENT');
    expect(questions.map((r) => [r.question, r.events])).toEqual([['What are your hours?', 1], ['What are your hours?', 1]]);
  });

  it('reads only the partitions a query names: bytes scanned are the bytes of that day', async () => {
    // Prepare: another tenant and another day hold data that must not be read.
    await writeLakeBatch(env, 'ATL120045', [at('2025-12-23T08:00:00Z', 'WIDGET_OPENED', { tenant_id: 'ATL120045' })]);
    await writeLakeBatch(env, 'FOS402334', [at('2025-12-23T08:00:00Z', 'WIDGET_OPENED')]);
    const dayDir = join(env.s3StorageDir, 'buckets', env.names.lakeBucket, 'objects', 'analytics', 'tenant_id=FOS402334', 'year=2025', 'month=12', 'day=22');
    const { sql, params } = tenantHourlyRollupQuery('FOS402334', ['2025-12-22']);

    // Act
    const result = await engine.query(sql, params);

    // Assess
    expect(result.bytesScanned).toBe(bytesUnder(dayDir));
  });

  it('sees an object written after the previous query', async () => {
    const { sql, params } = tenantHourlyRollupQuery('SEA778812', ['2025-12-24']);
    const before = await engine.query(sql, params);
    await writeLakeBatch(env, 'SEA778812', [at('2025-12-24T18:00:00Z', 'WIDGET_OPENED', { tenant_id: 'SEA778812' })]);

    const after = await engine.query(sql, params);

    expect(before.rows).toHaveLength(0);
    expect(after.rows.filter((r) => r.grain === 'session')).toHaveLength(1);
  });

  it('turns a bad statement into a QueryFailedError naming the problem', async () => {
    await expect(engine.query('SELECT no_such_column FROM events')).rejects.toThrow(QueryFailedError);
    await expect(engine.query('SELECT no_such_column FROM events')).rejects.toThrow(/no_such_column/);
  });
});
