import { randomBytes } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbMetricCache, DynamoDbRollupStore } from '@picasso/shared/dynamodb';
import { computeAllMetrics, toCachedMetric, type DayRollup } from '@picasso/shared/metrics';
import { createTestEnvironment, type TestEnvironment } from '../src/testing/test-environment';

/** A day with `sessions` sessions in one hour; random ids keep gzip from shrinking it away. */
function dayRollup(day: string, sessions: number, computedAt: string): DayRollup {
  const hour = Date.parse(`${day}T10:00:00Z`) / 1000;
  return {
    tenant_id: 'FOS402334',
    day,
    computed_at: computedAt,
    hours: [
      {
        hour,
        dimensions: [],
        sessions: Array.from({ length: sessions }, () => ({
          session_id: `sess_${randomBytes(12).toString('hex')}`,
          events: 1,
          widget_opens: 1,
          messages_sent: 0,
          messages_received: 0,
          forms_started: 0,
          forms_completed: 0,
          forms_abandoned: 0,
          first_message_at: null,
          response_ms_sum: 0,
          response_count: 0,
          first_token_ms_sum: 0,
          first_token_count: 0,
        })),
      },
    ],
  };
}

describe('DynamoDbRollupStore', () => {
  let env: TestEnvironment;
  let store: DynamoDbRollupStore;
  const parts = async (day: string) =>
    (
      await env.doc.send(
        new QueryCommand({ TableName: env.names.rollupsTable, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :d)', ExpressionAttributeValues: { ':pk': 'TENANT#FOS402334', ':d': `DAY#${day}#` } }),
      )
    ).Items ?? [];

  beforeAll(async () => {
    env = await createTestEnvironment('rs');
    store = new DynamoDbRollupStore(env.doc, env.names.rollupsTable);
  });

  it('splits a busy day over several items under the 400 KB limit and reads it back whole', async () => {
    const busy = dayRollup('2025-12-20', 40_000, '2025-12-20T11:00:00.000Z');

    await store.replaceDayRollup(busy);
    const [read] = await store.readDayRollups('FOS402334', '2025-12-20', '2025-12-20');

    expect((await parts('2025-12-20')).length).toBeGreaterThan(1);
    expect(read).toEqual(busy);
  });

  it('replaces a day wholesale: a smaller rewrite leaves no stale part behind', async () => {
    const quiet = dayRollup('2025-12-20', 3, '2025-12-20T12:00:00.000Z');

    await store.replaceDayRollup(quiet);

    expect(await parts('2025-12-20')).toHaveLength(1);
    expect(await store.readDayRollups('FOS402334', '2025-12-19', '2025-12-21')).toEqual([quiet]);
  });
});

describe('DynamoDbMetricCache', () => {
  it('returns a cached metric until its TTL passes, then nothing', async () => {
    const env = await createTestEnvironment('mc');
    const cache = new DynamoDbMetricCache(env.doc, env.names.dashboardCacheTable);
    const tenant = { timezone: 'America/Chicago', business_hours: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] } };
    const updatedAt = new Date('2025-12-20T12:00:00Z');
    const computed = computeAllMetrics([], tenant, updatedAt).filter((m) => m.metric === 'forms_summary');
    await cache.putMetrics(computed.map((m) => toCachedMetric('FOS402334', m.range, m, updatedAt)));

    const fresh = await cache.getMetric('FOS402334', 'forms_summary', '7d', new Date('2025-12-21T11:59:59Z'));
    const expired = await cache.getMetric('FOS402334', 'forms_summary', '7d', new Date('2025-12-21T12:00:00Z'));

    expect(fresh).toMatchObject({ pk: 'TENANT#FOS402334', sk: 'METRIC#forms_summary#7d', range_start: '2025-12-14', range_end: '2025-12-20', ttl: 1766318400 });
    expect(fresh!.data).toEqual({ forms_started: 0, forms_completed: 0, forms_abandoned: 0, completion_rate: null, avg_completion_seconds: null });
    expect(expired).toBeNull();
  });
});
