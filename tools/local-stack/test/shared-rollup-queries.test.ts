import { DuckDbQueryEngine } from '@picasso/shared/duckdb';
import { tenantHourlyRollupQuery } from '@picasso/shared/query';
import { buildEvent, writeLakeBatch } from '@picasso/shared/testing';
import { createTestEnvironment, type TestEnvironment } from '../src/testing/test-environment';

describe('TENANT_HOURLY_ROLLUP_SQL', () => {
  let env: TestEnvironment;
  let engine: DuckDbQueryEngine;
  beforeAll(async () => {
    env = await createTestEnvironment('sqld');
    engine = await DuckDbQueryEngine.open({ s3StorageDir: env.s3StorageDir, lakeBucket: env.names.lakeBucket });
  });
  afterAll(() => engine.close());

  it('dedupes per tenant: a copy counts once, another tenant’s event with the same id counts for that tenant', async () => {
    // Prepare: one event id in two tenants' partitions of the same day, and a true copy in the first.
    const event = buildEvent('MESSAGE_SENT', { event_id: 'evt_shared_id', server_timestamp: '2025-12-20T10:00:00.000Z' });
    await writeLakeBatch(env.s3, env.names.lakeBucket, 'FOS402334', [event]);
    await writeLakeBatch(env.s3, env.names.lakeBucket, 'FOS402334', [event, buildEvent('WIDGET_OPENED', { server_timestamp: '2025-12-20T10:00:00.000Z' })]);
    await writeLakeBatch(env.s3, env.names.lakeBucket, 'ATL120045', [{ ...event, tenant_hash: 'at3c9d0e21b7a5' }]);

    // Act
    const sent = async (tenantId: string) => {
      const { sql, params } = tenantHourlyRollupQuery(tenantId, ['2025-12-20']);
      const { rows } = await engine.query<{ grain: string; messages_sent: number }>(sql, params);
      return rows.filter((r) => r.grain === 'session').reduce((n, r) => n + Number(r.messages_sent), 0);
    };

    // Assess
    expect(await sent('FOS402334')).toBe(1);
    expect(await sent('ATL120045')).toBe(1);
  });
});
