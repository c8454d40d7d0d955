import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import {
  createLogger,
  createMetrics,
  DynamoDbRollupStore,
  expandSlot,
  METRIC_RANGES,
  METRIC_TYPES,
  metricWindow,
  partitionPrefix,
  resourceNames,
  S3TenantDirectory,
  utcDaysCovering,
  type AnalyticsEvent,
  type QueryParam,
  type TenantConfig,
} from '@picasso/shared';
import { DuckDbQueryEngine } from '@picasso/shared/duckdb';
import { lambdaContext, provisionEnvironment, seedTenants } from '@picasso/local-stack';
import { collectTraffic, generateSessions, resolveTenants } from '@picasso/traffic-generator';
import type { ScheduledEvent } from 'aws-lambda';
import { DynamoDbDirtyMarkStore } from '@picasso/shared/dynamodb';
import { createHandler, DynamoDbMetricCacheWriter } from 'analytics-aggregator';
import type { Benchmark, BenchContext } from '../bench-context';
import { createProcessorHandler, invokeProcessor, toSqsEvent } from '../processor-under-test';

/** 30 days × 20 tenants of generator traffic; the run measured follows one new hour of it. */
const TRAFFIC = { seed: 20251220, tenants: 20, days: 30, endDate: '2025-12-20', sessionsPerDay: 12 } as const;
const NEW_HOUR_START = Date.parse('2025-12-20T19:00:00Z');
const NOW = new Date(NEW_HOUR_START + 3_600_000);

/**
 * The seed's aggregator (Diagram 2): every hour, for every tenant, every metric and every range,
 * one Athena query over the range's partitions. Each is stood in for by a query that reads
 * exactly those partitions (pruned as partition projection would), so its bytes are what
 * Athena would bill; its SELECT list does not change what is read.
 */
const SEED_STYLE_SQL = `SELECT event_type, count(*) AS events FROM events WHERE tenant_id = ? AND ({{partitions}}) GROUP BY event_type`;

function seedStyleQuery(tenantId: string, days: string[]): { sql: string; params: QueryParam[] } {
  const params: QueryParam[] = [tenantId];
  for (const d of days) params.push(...d.split('-').map(Number));
  return { sql: expandSlot(SEED_STYLE_SQL, 'partitions', '(year = ? AND month = ? AND day = ?)', days.length, ' OR '), params };
}

async function partitionBytes(ctx: BenchContext, bucket: string, tenantId: string, day: string): Promise<number> {
  let bytes = 0;
  let token: string | undefined;
  do {
    const page = await ctx.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: partitionPrefix({ tenantId, day }), ContinuationToken: token }));
    for (const o of page.Contents ?? []) bytes += o.Size ?? 0;
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return bytes;
}

async function push(ctx: BenchContext, handler: ReturnType<typeof createProcessorHandler>, queueArn: string, events: AnalyticsEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 1000) await invokeProcessor(handler, toSqsEvent(events.slice(i, i + 1000), queueArn, i));
}

/**
 * One aggregator run after one new hour of traffic on 30 days × 20 tenants, in its own
 * environment: the history is pushed through the real processor and aggregated once (backfill);
 * then the hour 19:00–20:00 UTC of the last day is pushed, and the measured run follows. Ours:
 * SQL queries run and lake bytes read (DuckDB file-system log) by the real aggregator handler.
 * Baseline: the seed's design on the same lake, every metric × range × tenant rescanned.
 * Targets: queries ≤ 2 × dirty tenants; bytes ≤ 1.5 × the bytes of the dirty tenant-days.
 */
export const aggregatorIncremental: Benchmark = {
  name: 'aggregator_incremental',
  description: 'queries and lake bytes of one aggregator run after one new hour (30 days × 20 tenants), ours vs the seed design',
  async run(ctx) {
    const tenantCount = ctx.quick ? 5 : TRAFFIC.tenants;
    const days = ctx.quick ? 7 : TRAFFIC.days;
    const tenants: TenantConfig[] = resolveTenants(tenantCount);
    const environment = await provisionEnvironment(resourceNames('bench-agg'), { s3: ctx.s3, sqs: ctx.sqs, dynamoDb: ctx.dynamoDb });
    const { names } = environment;
    await seedTenants(ctx.s3, names.configBucket, tenants);

    const events = collectTraffic(
      generateSessions({ tenants, days, endDate: TRAFFIC.endDate, seed: TRAFFIC.seed, sessionsPerDay: TRAFFIC.sessionsPerDay, environment: 'bench' }),
    ).events.filter((e) => Date.parse(e.server_timestamp) < NOW.getTime());
    const history = events.filter((e) => Date.parse(e.server_timestamp) < NEW_HOUR_START);
    const newHour = events.filter((e) => Date.parse(e.server_timestamp) >= NEW_HOUR_START);
    ctx.log(`aggregator_incremental: ${history.length} history events, ${newHour.length} in the new hour, ${tenantCount} tenants × ${days} days`);

    const processor = createProcessorHandler({ s3: ctx.s3, doc: ctx.doc, lakeBucket: names.lakeBucket, configBucket: names.configBucket, dirtyTable: names.dirtyPartitionsTable });
    const engine = await DuckDbQueryEngine.open({ s3StorageDir: ctx.s3StorageDir, lakeBucket: names.lakeBucket });
    const aggregate = (now: Date) =>
      createHandler({
        logger: createLogger('analytics-aggregator'),
        metrics: createMetrics('analytics-aggregator'),
        engine,
        marks: new DynamoDbDirtyMarkStore(ctx.doc, names.dirtyPartitionsTable),
        tenants: new S3TenantDirectory(ctx.s3, names.configBucket),
        rollups: new DynamoDbRollupStore(ctx.doc, names.rollupsTable),
        cache: new DynamoDbMetricCacheWriter(ctx.doc, names.dashboardCacheTable),
        now: () => now,
      })({ source: 'aws.events', time: now.toISOString() } as unknown as ScheduledEvent, lambdaContext('bench-analytics-aggregator', 900_000));

    try {
      await push(ctx, processor, environment.queueArn, history);
      const backfill = await aggregate(new Date(NEW_HOUR_START));
      ctx.log(`aggregator_incremental: backfill run ${backfill.queriesRun} queries over ${backfill.tenantDaysProcessed} tenant-days`);

      await push(ctx, processor, environment.queueArn, newHour);
      const dirtyPartitions = [...new Set(newHour.map((e) => `${tenants.find((t) => t.tenant_hash === e.tenant_hash)!.tenant_id}|${e.server_timestamp.slice(0, 10)}`))];
      const dirtyTenants = new Set(dirtyPartitions.map((p) => p.split('|')[0])).size;
      let dirtyBytes = 0;
      for (const p of dirtyPartitions) {
        const [tenantId, day] = p.split('|') as [string, string];
        dirtyBytes += await partitionBytes(ctx, names.lakeBucket, tenantId, day);
      }
      const started = process.hrtime.bigint();
      const ours = await aggregate(NOW);
      const oursMs = Number(process.hrtime.bigint() - started) / 1e6;

      // The seed's design on the same lake, at the same moment.
      let seedQueries = 0;
      let seedBytes = 0;
      const seedStarted = process.hrtime.bigint();
      for (const tenant of tenants) {
        for (const range of METRIC_RANGES) {
          // The nine metric queries of one (tenant, range) read the same partitions: one is run,
          // and it is counted for all nine.
          const w = metricWindow(range, tenant.timezone, NOW);
          const { sql, params } = seedStyleQuery(tenant.tenant_id, utcDaysCovering(w.startMs, w.endMs));
          seedBytes += METRIC_TYPES.length * (await engine.query(sql, params)).bytesScanned;
          seedQueries += METRIC_TYPES.length;
        }
      }
      const seedMs = Number(process.hrtime.bigint() - seedStarted) / 1e6;

      const detail = { tenants: tenantCount, days, dirty_tenants: dirtyTenants, dirty_tenant_days: dirtyPartitions.length, new_hour_events: newHour.length };
      return [
        {
          bench: 'aggregator_incremental_queries',
          unit: 'queries',
          value: ours.queriesRun,
          baseline: seedQueries,
          target: `<=${2 * dirtyTenants} (2 x dirty tenants)`,
          pass: ours.queriesRun <= 2 * dirtyTenants,
          ...detail,
        },
        {
          bench: 'aggregator_incremental_bytes',
          unit: 'bytes',
          value: ours.bytesScanned,
          baseline: seedBytes,
          target: `<=${Math.floor(1.5 * dirtyBytes)} (1.5 x dirty-day bytes)`,
          pass: ours.bytesScanned <= 1.5 * dirtyBytes,
          dirty_day_bytes: dirtyBytes,
          ...detail,
        },
        {
          bench: 'aggregator_incremental_duration',
          unit: 'ms',
          value: oursMs,
          baseline: seedMs,
          target: 'informational (baseline: one run per tenant x range, not x 9)',
          pass: true,
          cache_items_written: ours.cacheItemsWritten,
          ...detail,
        },
      ];
    } finally {
      engine.close();
    }
  },
};
