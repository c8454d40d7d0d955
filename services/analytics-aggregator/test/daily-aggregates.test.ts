import { GetObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ScheduledEvent } from 'aws-lambda';
import { createLogger, createMetrics, DynamoDbDirtyMarkStore, DynamoDbRollupStore, localMidnightUtcMs, S3TenantDirectory, type AnalyticsEvent, type DayRollup, type TenantConfig } from '@picasso/shared';
import {
  archiveKey,
  buildDailyItems,
  dailyItemKey,
  decodeArchive,
  DynamoDbS3DailyAggregates,
  dynamoDbItemSize,
  encodeArchive,
  formsItemKey,
  MAX_SAMPLED_CONVERSATIONS,
  MAX_TOP_QUESTIONS,
} from '@picasso/shared/legacy';
import { DuckDbQueryEngine } from '@picasso/shared/duckdb';
import { buildEvent, writeLakeBatch } from '@picasso/shared/testing';
import { DEMO_TENANTS, lambdaContext } from '@picasso/local-stack';
import { createTestEnvironment, type TestEnvironment } from '@picasso/local-stack/testing';
import { DynamoDbMetricCacheWriter } from '../src/adapters/dynamodb-metric-cache';
import { createHandler } from '../src/create-handler';

const TENANT = DEMO_TENANTS[0]! as TenantConfig; // America/Chicago
const DATE = '2026-11-19';

/** A very busy local day: `sessions` conversations, every question distinct (1,200 of them 2,000 code points of 4-byte emoji), 300 forms an hour. */
function busyDay(sessions: number): DayRollup[] {
  const start = localMidnightUtcMs(DATE, TENANT.timezone) / 1000;
  const byDay = new Map<string, DayRollup>();
  for (let h = 0; h < 24; h += 1) {
    const hour = start + h * 3600;
    const day = new Date(hour * 1000).toISOString().slice(0, 10);
    const rollup = byDay.get(day) ?? { tenant_id: TENANT.tenant_id, day, hours: [], computed_at: '2026-11-20T06:00:00.000Z' };
    byDay.set(day, rollup);
    const perHour = Math.ceil(sessions / 24);
    rollup.hours.push({
      hour,
      sessions: Array.from({ length: perHour }, (_, i) => ({
        session_id: `sess_${h}_${i}_${'x'.repeat(40)}`,
        events: 5,
        widget_opens: 1,
        messages_sent: 2,
        messages_received: 2,
        forms_started: 0,
        forms_completed: 0,
        forms_abandoned: 0,
        first_message_at: hour + (i % 3600),
        response_ms_sum: 2400,
        response_count: 2,
        first_token_ms_sum: 900,
        first_token_count: 2,
      })),
      dimensions: [
        ...Array.from({ length: perHour }, (_, i) => ({ event_type: 'MESSAGE_SENT', form_id: null, form_label: null, field: null, question: i < 50 ? `${h}-${i} ${'🙂'.repeat(2000)}` : `question ${h}-${i}`, events: 1 + (i % 5), duration_sum: 0, duration_count: 0 })),
        ...Array.from({ length: 300 }, (_, f) => ({ event_type: 'FORM_COMPLETED', form_id: `form_${f}_${'y'.repeat(60)}`, form_label: 'F', field: null, question: null, events: 1, duration_sum: 60, duration_count: 1 })),
      ],
    });
  }
  return [...byDay.values()];
}

describe('legacy daily items', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await createTestEnvironment('dl');
  });

  it('keeps a day with 20,000 conversations far below 400 KB, and DynamoDB stores it', async () => {
    // Prepare
    const rollups = busyDay(20_000);
    // Act
    const { daily, forms } = buildDailyItems(TENANT.tenant_id, DATE, rollups, TENANT);
    await new DynamoDbS3DailyAggregates(env.doc, env.names.dailyAggregatesTable, env.s3, env.names.archiveBucket).writeDay({ daily, forms });
    // Assess
    expect(daily.conversation_count).toBeGreaterThanOrEqual(20_000);
    expect(dynamoDbItemSize(daily as unknown as Record<string, unknown>)).toBeLessThan(100_000);
    expect(dynamoDbItemSize(forms as unknown as Record<string, unknown>)).toBeLessThan(100_000);
    expect(daily.conversations).toHaveLength(MAX_SAMPLED_CONVERSATIONS);
    expect(daily.top_questions).toHaveLength(MAX_TOP_QUESTIONS);
    expect(forms.total_submissions).toBe(300 * 24);
    const stored = await env.doc.send(new GetCommand({ TableName: env.names.dailyAggregatesTable, Key: dailyItemKey(TENANT.tenant_id, DATE), ConsistentRead: true }));
    expect(stored.Item).toEqual(daily);
  });

  it('rewrites a day identically (items and archive bytes) whenever it is rebuilt', () => {
    const first = buildDailyItems(TENANT.tenant_id, DATE, busyDay(3000), TENANT);
    const again = buildDailyItems(TENANT.tenant_id, DATE, busyDay(3000).map((r) => ({ ...r, computed_at: '2027-01-01T00:00:00.000Z' })).reverse(), TENANT);
    expect(again).toEqual(first);
    expect(encodeArchive(again).equals(encodeArchive(first))).toBe(true);
  });

  it('the aggregator writes the finished local day once after local midnight, its archive too, and again after late events', async () => {
    // Prepare: a day of traffic in the lake, marked dirty as the processor would.
    const engine = await DuckDbQueryEngine.open({ s3StorageDir: env.s3StorageDir, lakeBucket: env.names.lakeBucket });
    const at = (iso: string, type: Parameters<typeof buildEvent>[0], session: string) =>
      buildEvent(type, { tenant_id: TENANT.tenant_id, tenant_hash: TENANT.tenant_hash, session_id: session, server_timestamp: iso, client_timestamp: iso }) as AnalyticsEvent;
    const mark = async (day: string) =>
      env.doc.send(new PutCommand({ TableName: env.names.dirtyPartitionsTable, Item: { pk: `TENANT#${TENANT.tenant_id}`, sk: `DAY#${day}`, tenant_id: TENANT.tenant_id, day, version: Date.now() } }));
    await writeLakeBatch(env.s3, env.names.lakeBucket, TENANT.tenant_id, [at('2026-11-18T15:00:00.000Z', 'MESSAGE_SENT', 's1'), at('2026-11-18T15:00:02.000Z', 'MESSAGE_RECEIVED', 's1')]);
    await mark('2026-11-18');
    const daily = new DynamoDbS3DailyAggregates(env.doc, env.names.dailyAggregatesTable, env.s3, env.names.archiveBucket);
    const run = (now: Date) =>
      createHandler({
        logger: createLogger('analytics-aggregator'),
        metrics: createMetrics('analytics-aggregator'),
        engine,
        marks: new DynamoDbDirtyMarkStore(env.doc, env.names.dirtyPartitionsTable),
        tenants: new S3TenantDirectory(env.s3, env.names.configBucket),
        rollups: new DynamoDbRollupStore(env.doc, env.names.rollupsTable),
        cache: new DynamoDbMetricCacheWriter(env.doc, env.names.dashboardCacheTable),
        daily,
        now: () => now,
      })({ time: now.toISOString() } as unknown as ScheduledEvent, lambdaContext('agg', 300_000));
    const item = async (date: string) => (await env.doc.send(new GetCommand({ TableName: env.names.dailyAggregatesTable, Key: dailyItemKey(TENANT.tenant_id, date), ConsistentRead: true }))).Item;

    // Act: a run during the day, then the first run after Chicago's midnight, then another.
    const during = await run(new Date('2026-11-18T20:00:00Z'));
    const after = await run(new Date('2026-11-19T06:05:00Z'));
    const next = await run(new Date('2026-11-19T06:10:00Z'));
    // Assess
    expect(during.dailyDaysWritten).toBe(1); // 2026-11-17, the day before, had no item yet
    expect(after.dailyDaysWritten).toBe(1);
    expect(next.dailyDaysWritten).toBe(0);
    expect((await item('2026-11-18'))?.conversation_count).toBe(1);
    const forms = await env.doc.send(new GetCommand({ TableName: env.names.dailyAggregatesTable, Key: formsItemKey(TENANT.tenant_id, '2026-11-18'), ConsistentRead: true }));
    expect(forms.Item?.total_submissions).toBe(0);
    const archived = await env.s3.send(new GetObjectCommand({ Bucket: env.names.archiveBucket, Key: archiveKey(TENANT.tenant_id, '2026-11-18') }));
    const { ttl: _ttl, ...withoutTtl } = (await item('2026-11-18'))!;
    expect(decodeArchive(await archived.Body!.transformToByteArray(), { tenantId: TENANT.tenant_id, date: '2026-11-18' }).daily).toEqual(withoutTtl);

    // Act: a late event for the finished day.
    await writeLakeBatch(env.s3, env.names.lakeBucket, TENANT.tenant_id, [at('2026-11-18T16:00:00.000Z', 'MESSAGE_SENT', 's2')]);
    await mark('2026-11-18');
    const late = await run(new Date('2026-11-19T06:15:00Z'));
    // Assess
    // UTC 2026-11-18 is Chicago's 17th from 18:00 and 18th until 18:00: both local days are rebuilt.
    expect(late.dailyDaysWritten).toBe(2);
    expect((await item('2026-11-18'))?.conversation_count).toBe(2);
    engine.close();
  }, 60_000);
});
