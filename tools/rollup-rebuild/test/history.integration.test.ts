import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { ScheduledEvent } from 'aws-lambda';
import {
  addDays,
  AthenaQueryEngine,
  computeAllMetrics,
  createAthenaClient,
  createLogger,
  createMetrics,
  datesBetween,
  DynamoDbMetricCache,
  DynamoDbRollupStore,
  metricWindow,
  METRIC_RANGES,
  METRIC_TYPES,
  rollupDaysForAllRanges,
  S3TenantDirectory,
  toCachedMetric,
  UnknownTenantError,
  type AnalyticsEvent,
  type CachedMetric,
  type DayRollup,
  type MetricData,
  type QueryEngine,
  type TenantConfig,
} from '@picasso/shared';
import { DynamoDbDirtyMarker, DynamoDbDirtyMarkStore } from '@picasso/shared/dynamodb';
import { openDuckDbLake, startAthenaEmulator, type AthenaEmulator } from '@picasso/shared/duckdb';
import { buildEvent, goldenMetrics, writeLakeBatch } from '@picasso/shared/testing';
import { DEMO_TENANTS, lambdaContext } from '@picasso/local-stack';
import { createTestEnvironment, type TestEnvironment } from '@picasso/local-stack/testing';
import { collectTraffic, generateSessions } from '@picasso/traffic-generator';
import { createHandler, DynamoDbMetricCacheWriter } from 'analytics-aggregator';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { reportAthenaProgress } from '../src/adapters/athena-progress';
import { S3LakeInventory } from '../src/adapters/s3-lake-inventory';
import { RangeRefusedError } from '../src/plan';
import type { RebuildPorts } from '../src/ports';
import { rebuildRollups, type RebuildSummary } from '../src/rebuild';

const TENANT = DEMO_TENANTS[0]! as TenantConfig; // America/Chicago
const NOW = new Date('2026-11-20T15:00:00Z');
const TODAY = '2026-11-20';
/** The 90 UTC days the lake holds at NOW (today included). */
const FROM = addDays(TODAY, -89);
const LAKE_DAYS = datesBetween(FROM, TODAY);
const ITEMS_PER_TENANT = METRIC_TYPES.length * METRIC_RANGES.length;

/** A rollup as the aggregator wrote it before the latency sketch and the KB / first-token counts existed (shared/src/metrics/rollups.ts). */
function asBeforeTheMetric(rollup: DayRollup): DayRollup {
  return {
    ...rollup,
    hours: rollup.hours.map(({ latency: _latency, ...hour }) => ({
      ...hour,
      sessions: hour.sessions.map(({ kb_replies: _kb, first_token_under_1s: _under, first_token_over_10s: _over, ...session }) => session),
    })),
  };
}

/** A day's content without when it was computed, its rows in a fixed order (the query returns them in any order). */
const content = (rollups: DayRollup[]) =>
  rollups.map(({ computed_at: _at, ...r }) => ({
    ...r,
    hours: r.hours.map((h) => ({ ...h, sessions: [...h.sessions].sort((a, b) => a.session_id.localeCompare(b.session_id)), dimensions: h.dimensions.map((d) => JSON.stringify(d)).sort() })),
  }));

describe('rebuilding a tenant’s rollups from the lake after a new metric is deployed', () => {
  let env: TestEnvironment;
  let athena: AthenaEmulator;
  let rollupStore: DynamoDbRollupStore;
  let marks: DynamoDbDirtyMarkStore;
  let marker: DynamoDbDirtyMarker;
  let traffic: AnalyticsEvent[];
  const athenaProgress: string[] = [];
  let engine: QueryEngine;

  const ports = (over: Partial<RebuildPorts> = {}): RebuildPorts => ({
    tenants: new S3TenantDirectory(env.s3, env.names.configBucket),
    lake: new S3LakeInventory(env.s3, env.names.lakeBucket),
    engine,
    rollups: rollupStore,
    cache: new DynamoDbMetricCache(env.doc, env.names.dashboardCacheTable),
    marks: { listMarks: () => marks.listMarks(), markDirty: (p, at) => marker.markDirty(p, at) },
    ...over,
  });

  const rebuild = async (dryRun: boolean, over: Partial<RebuildPorts> = {}, range = { from: FROM, to: TODAY }) => {
    const progress: string[] = [];
    const summary = await rebuildRollups({ tenantId: TENANT.tenant_id, ...range, dryRun, now: NOW }, ports(over), { progress: (l) => progress.push(l) });
    return { summary, progress };
  };

  /** One scheduled run of the real aggregator handler at `now`, with optional wrappers around its ports. */
  const aggregate = async (now: Date, over: { rollups?: DynamoDbRollupStore; cache?: DynamoDbMetricCacheWriter } = {}) => {
    const handler = createHandler({
      logger: createLogger('analytics-aggregator'),
      metrics: createMetrics('analytics-aggregator'),
      engine,
      marks,
      tenants: new S3TenantDirectory(env.s3, env.names.configBucket),
      rollups: over.rollups ?? rollupStore,
      cache: over.cache ?? new DynamoDbMetricCacheWriter(env.doc, env.names.dashboardCacheTable),
      now: () => now,
    });
    const event = { 'detail-type': 'Scheduled Event', source: 'aws.events', time: now.toISOString() } as unknown as ScheduledEvent;
    return handler(event, lambdaContext(env.names.functions['analytics-aggregator'], 300_000));
  };

  const scan = async (table: string) => {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await env.doc.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }));
      items.push(...(res.Items ?? []));
      start = res.LastEvaluatedKey;
    } while (start);
    return items.sort((a, b) => `${a.pk}${a.sk}`.localeCompare(`${b.pk}${b.sk}`));
  };
  const tables = async () => Promise.all([scan(env.names.rollupsTable), scan(env.names.dashboardCacheTable), scan(env.names.dirtyPartitionsTable)]);
  const cached = async (metric: string, range: string) =>
    (await scan(env.names.dashboardCacheTable)).find((i) => i.pk === `TENANT#${TENANT.tenant_id}` && i.sk === `METRIC#${metric}#${range}`) as unknown as CachedMetric;
  const golden = async (range: (typeof METRIC_RANGES)[number], now = NOW): Promise<MetricData> => {
    const conn = await openDuckDbLake(env.s3StorageDir, env.names.lakeBucket);
    try {
      return await goldenMetrics(conn, TENANT, metricWindow(range, TENANT.timezone, now), now);
    } finally {
      conn.closeSync();
    }
  };
  const expectCacheEqualsSqlOverTheLake = async (now = NOW) => {
    for (const range of METRIC_RANGES) {
      const expected = await golden(range, now);
      for (const metric of METRIC_TYPES) {
        expect({ metric, range, data: (await cached(metric, range)).data }).toEqual({ metric, range, data: expected[metric] });
      }
    }
  };

  beforeAll(async () => {
    // Prepare: 90 days of chat traffic in the lake, laid out as the processor writes it …
    env = await createTestEnvironment('rr');
    rollupStore = new DynamoDbRollupStore(env.doc, env.names.rollupsTable);
    marks = new DynamoDbDirtyMarkStore(env.doc, env.names.dirtyPartitionsTable);
    marker = new DynamoDbDirtyMarker(env.doc, env.names.dirtyPartitionsTable);
    traffic = collectTraffic(generateSessions({ tenants: [TENANT], days: 92, endDate: TODAY, seed: 20261120, sessionsPerDay: 3, environment: 'test', notAfter: NOW.getTime() })).events.filter(
      (e) => e.server_timestamp >= `${FROM}T00:00:00.000Z`,
    );
    await writeLakeBatch(env.s3, env.names.lakeBucket, TENANT.tenant_id, traffic);
    athena = await startAthenaEmulator({ s3StorageDir: env.s3StorageDir, lakeBucket: env.names.lakeBucket });
    const client = reportAthenaProgress(createAthenaClient({ ...process.env, AWS_ENDPOINT_URL_ATHENA: athena.url }), (l) => athenaProgress.push(l));
    engine = new AthenaQueryEngine(client, { workgroup: env.names.athenaWorkgroup, database: env.names.glueDatabase, initialPollMs: 20, maxPollMs: 200 });

    // … rolled up by the aggregator as the days went by, before the latency sketch and the
    // knowledge-base counts existed: rollups without them, and the cache the deployed code
    // computes from such rollups.
    for (const day of LAKE_DAYS) await marker.markDirty({ tenantId: TENANT.tenant_id, day }, NOW);
    await aggregate(NOW);
    for (const rollup of await rollupStore.readDayRollups(TENANT.tenant_id, FROM, TODAY)) await rollupStore.replaceDayRollup(asBeforeTheMetric(rollup));
    const needed = rollupDaysForAllRanges(TENANT.timezone, NOW);
    const old = await rollupStore.readDayRollups(TENANT.tenant_id, needed[0]!, needed.at(-1)!);
    await new DynamoDbMetricCache(env.doc, env.names.dashboardCacheTable).putMetrics(computeAllMetrics(old, TENANT, NOW).map((m) => toCachedMetric(TENANT.tenant_id, m.range, m, NOW)));
  });
  afterAll(async () => {
    await athena?.stop();
  });

  it('starts from history without the new metric: the 90-day latency and knowledge-base figures are empty or wrong', async () => {
    const expected = await golden('90d');
    const latency = (await cached('response_latency', '90d')).data as MetricData['response_latency'];
    const kb = (await cached('knowledge_base_summary', '90d')).data as MetricData['knowledge_base_summary'];

    expect(traffic.length).toBeGreaterThan(500);
    expect(expected.response_latency.first_token.p50_seconds).toEqual(expect.any(Number));
    expect(expected.knowledge_base_summary.knowledge_base_replies).toBeGreaterThan(0);
    expect(latency.first_token).toEqual({ p50_seconds: null, p95_seconds: null });
    expect(latency).not.toEqual(expected.response_latency);
    expect(kb.knowledge_base_replies).toBe(0);
    expect(kb).not.toEqual(expected.knowledge_base_summary);
    const stored = await rollupStore.readDayRollups(TENANT.tenant_id, FROM, TODAY);
    expect(stored).toHaveLength(90);
    expect(stored.flatMap((r) => r.hours).some((h) => h.latency !== undefined)).toBe(false);
  });

  it('shows in a dry run the 90 partitions, their objects and bytes and the one query, and writes nothing', async () => {
    // Prepare
    const before = await tables();
    const listed = (await env.s3.send(new ListObjectsV2Command({ Bucket: env.names.lakeBucket, Prefix: `analytics/tenant_id=${TENANT.tenant_id}/` }))).Contents ?? [];

    // Act
    const { summary, progress } = await rebuild(true);

    // Assess
    expect(summary).toMatchObject({
      tenant_id: TENANT.tenant_id,
      dry_run: true,
      days: 90,
      first_day: FROM,
      last_day: TODAY,
      skipped_before_retention: null,
      skipped_future: null,
      objects: listed.length,
      lake_bytes: listed.reduce((s, o) => s + (o.Size ?? 0), 0),
      queries_planned: 1,
      queries_run: 0,
      rollups_written: 0,
      cache_items_written: 0,
      handed_to_aggregator: [],
    });
    expect(summary.partitions_with_objects).toBeGreaterThan(80);
    expect(progress.filter((l) => /^dry run: \d{4}-\d{2}-\d{2} objects=\d+ bytes=\d+$/.test(l))).toHaveLength(90);
    expect(progress[0]).toBe(`dry run: tenant ${TENANT.tenant_id} (America/Chicago): UTC days ${FROM} … ${TODAY} (90 days), 1 query`);
    expect(await tables()).toEqual(before);
  });

  it('rebuilds the 90 days with one query, after which every figure of every range equals plain SQL over the lake', async () => {
    const { summary, progress } = await rebuild(false);

    expect(summary).toMatchObject({ days: 90, queries_planned: 1, queries_run: 1, rollups_written: 90, cache_items_written: ITEMS_PER_TENANT });
    // The dry run's bytes are what the query scanned.
    expect(summary.bytes_scanned).toBe(summary.lake_bytes);
    expect(progress).toEqual(
      expect.arrayContaining([
        `query 1/1 submitted: ${FROM} … ${TODAY} (90 partitions)`,
        expect.stringMatching(/^query 1\/1 succeeded \(.+\): \d+ bytes scanned, \d+ rows$/),
        `rollups written 90/90 (${TODAY})`,
        expect.stringMatching(new RegExp(`^cache refreshed: ${ITEMS_PER_TENANT} items`)),
      ]),
    );
    expect(athenaProgress).toEqual(expect.arrayContaining([expect.stringMatching(/accepted$/), expect.stringMatching(/ SUCCEEDED, [1-9]\d* bytes scanned$/)]));
    await expectCacheEqualsSqlOverTheLake();
    const stored = await rollupStore.readDayRollups(TENANT.tenant_id, FROM, TODAY);
    expect(stored.flatMap((r) => r.hours).every((h) => h.latency !== undefined)).toBe(true);
  });

  it('changes nothing but timestamps when run again', async () => {
    const rollups = content(await rollupStore.readDayRollups(TENANT.tenant_id, FROM, TODAY));
    const cache = (await scan(env.names.dashboardCacheTable)).map((i) => i.data);

    const { summary } = await rebuild(false);

    expect(summary).toMatchObject({ queries_run: 1, rollups_written: 90 });
    expect(content(await rollupStore.readDayRollups(TENANT.tenant_id, FROM, TODAY))).toEqual(rollups);
    expect((await scan(env.names.dashboardCacheTable)).map((i) => i.data)).toEqual(cache);
  });

  it('hands its last day to the aggregator, whose next run keeps every figure', async () => {
    const dirty = (await marks.listMarks()).map((m) => m.day);

    const run = await aggregate(new Date(NOW.getTime() + 60_000));

    expect(dirty).toEqual([TODAY]);
    expect(run).toMatchObject({ queriesRun: 1, tenantDaysProcessed: 1, marksKept: 0 });
    expect(await marks.listMarks()).toEqual([]);
    await expectCacheEqualsSqlOverTheLake(new Date(NOW.getTime() + 60_000));
  });

  it('hands a day whose object arrived while it queried to the aggregator, so the aggregator’s figures are not overwritten for good', async () => {
    // Prepare: while the rebuild's query runs, the processor writes a late conversation on a
    // day in the range (mark, object, mark) and an aggregator run rolls it up and clears the mark:
    // the rollup the rebuild then writes for that day lacks it.
    const day = addDays(TODAY, -30);
    const t = `${day}T18:00:00.000Z`;
    const late = [
      buildEvent('MESSAGE_SENT', { session_id: 'sess_during_rebuild', tenant_hash: TENANT.tenant_hash, server_timestamp: t, client_timestamp: t }),
      buildEvent('MESSAGE_RECEIVED', { session_id: 'sess_during_rebuild', tenant_hash: TENANT.tenant_hash, server_timestamp: t.replace('18:00:00', '18:00:03'), client_timestamp: t }),
    ] as AnalyticsEvent[];
    const racing: QueryEngine = {
      query: async (sql, params) => {
        const result = await engine.query(sql, params);
        await marker.markDirty({ tenantId: TENANT.tenant_id, day }, NOW);
        await writeLakeBatch(env.s3, env.names.lakeBucket, TENANT.tenant_id, late);
        await marker.markDirty({ tenantId: TENANT.tenant_id, day }, NOW);
        expect(await aggregate(new Date(NOW.getTime() + 120_000))).toMatchObject({ queriesRun: 1, marksKept: 0 });
        return result as never;
      },
    };

    // Act
    const { summary } = await rebuild(false, { engine: racing });
    const later = new Date(NOW.getTime() + 180_000);
    const staleDay = (await rollupStore.readDayRollups(TENANT.tenant_id, day, day))[0]!;
    const next = await aggregate(later);

    // Assess: the rebuild wrote the day without the late conversation but marked it dirty again;
    // the aggregator's next run reads it, and every figure matches the lake.
    expect(summary.handed_to_aggregator).toEqual([day, TODAY]);
    expect(staleDay.hours.flatMap((h) => h.sessions).some((s) => s.session_id === 'sess_during_rebuild')).toBe(false);
    expect(next).toMatchObject({ queriesRun: 1, tenantDaysProcessed: 2 });
    const fixed = (await rollupStore.readDayRollups(TENANT.tenant_id, day, day))[0]!;
    expect(fixed.hours.flatMap((h) => h.sessions).some((s) => s.session_id === 'sess_during_rebuild')).toBe(true);
    await expectCacheEqualsSqlOverTheLake(later);
  });

  /** History without the metric again (as before the first rebuild). */
  const forgetTheMetric = async () => {
    for (const rollup of await rollupStore.readDayRollups(TENANT.tenant_id, FROM, TODAY)) await rollupStore.replaceDayRollup(asBeforeTheMetric(rollup));
  };
  /** A promise and the function that settles it: the test's hand on the order of two concurrent runs. */
  const gate = () => {
    let open!: () => void;
    const opened = new Promise<void>((r) => (open = r));
    return { open, opened };
  };

  it('leaves no stale cache behind an aggregator run that read the old rollups and writes its cache after the rebuild', async () => {
    // Prepare: history without the metric, nothing dirty, and a cache 13 hours old, so the next
    // aggregator run refreshes the tenant from rollups (no query) …
    await forgetTheMetric();
    const at = new Date(NOW.getTime() + 13 * 3_600_000);
    const aggregatorHasRead = gate();
    const rebuildDone = gate();
    // … and holds its cache write until the rebuild has finished.
    const readingRollups = Object.assign(Object.create(rollupStore) as DynamoDbRollupStore, {
      readDayRollups: async (...args: Parameters<DynamoDbRollupStore['readDayRollups']>) => {
        const read = await rollupStore.readDayRollups(...args);
        aggregatorHasRead.open();
        return read;
      },
    });
    const cacheWriter = new DynamoDbMetricCacheWriter(env.doc, env.names.dashboardCacheTable);
    const lateCache = Object.assign(Object.create(cacheWriter) as DynamoDbMetricCacheWriter, {
      putMetrics: async (items: CachedMetric[]) => {
        await rebuildDone.opened;
        await cacheWriter.putMetrics(items);
      },
    });

    // Act: the aggregator reads the old rollups, the rebuild runs to its end, then the aggregator writes its cache.
    const racingRun = aggregate(at, { rollups: readingRollups, cache: lateCache });
    await aggregatorHasRead.opened;
    const { summary } = await rebuild(false);
    rebuildDone.open();
    expect(await racingRun).toMatchObject({ queriesRun: 0, tenantsRefreshed: 1 });
    const afterRace = (await cached('response_latency', '90d')).data;
    const next = await aggregate(new Date(at.getTime() + 60_000));

    // Assess: the racing run left the figures of the old rollups; the rebuild had handed its last
    // day to the aggregator, whose next run puts the lake's figures back.
    expect(summary.handed_to_aggregator).toEqual([TODAY]);
    expect(afterRace).not.toEqual((await golden('90d', at)).response_latency);
    expect(next).toMatchObject({ queriesRun: 1, tenantDaysProcessed: 1 });
    await expectCacheEqualsSqlOverTheLake(new Date(at.getTime() + 60_000));
  });

  it('hands a day an aggregator run was still rolling up with the code before the deployment to the next run', async () => {
    // Prepare: history without the metric, a dirty day, and an aggregator run of the code
    // before the metric that writes that day's rollup (without the metric) after the rebuild.
    await forgetTheMetric();
    const day = addDays(TODAY, -2);
    await marker.markDirty({ tenantId: TENANT.tenant_id, day }, NOW);
    const aggregatorIsWriting = gate();
    const rebuildDone = gate();
    const oldCode = Object.assign(Object.create(rollupStore) as DynamoDbRollupStore, {
      replaceDayRollup: async (rollup: DayRollup) => {
        aggregatorIsWriting.open();
        await rebuildDone.opened;
        await rollupStore.replaceDayRollup(asBeforeTheMetric(rollup));
      },
    });
    const at = new Date(NOW.getTime() + 14 * 3_600_000);

    // Act
    const racingRun = aggregate(at, { rollups: oldCode });
    await aggregatorIsWriting.opened;
    const { summary } = await rebuild(false);
    rebuildDone.open();
    const raced = await racingRun;
    const overwritten = (await rollupStore.readDayRollups(TENANT.tenant_id, day, day))[0]!;
    const next = await aggregate(new Date(at.getTime() + 60_000));

    // Assess: the old run overwrote the day, but could not clear the mark the rebuild set again,
    // so the next run rolls the day up with the metric.
    expect(summary.handed_to_aggregator).toEqual([day, TODAY]);
    expect(raced).toMatchObject({ queriesRun: 1, marksKept: 1 });
    expect(overwritten.hours.some((h) => h.latency !== undefined)).toBe(false);
    expect(next).toMatchObject({ queriesRun: 1, tenantDaysProcessed: 2 });
    await expectCacheEqualsSqlOverTheLake(new Date(at.getTime() + 60_000));
  });

  it('refuses a range the lake no longer holds, a range in the future and an unknown tenant, writing nothing', async () => {
    const before = await tables();

    await expect(rebuild(false, {}, { from: '2026-01-01', to: addDays(FROM, -1) })).rejects.toThrow(RangeRefusedError);
    await expect(rebuild(false, {}, { from: addDays(TODAY, 1), to: addDays(TODAY, 5) })).rejects.toThrow(/entirely in the future/);
    await expect(
      rebuildRollups({ tenantId: 'NOSUCH0001', from: FROM, to: TODAY, dryRun: false, now: NOW }, ports(), { progress: () => undefined }),
    ).rejects.toThrow(UnknownTenantError);

    expect(await tables()).toEqual(before);
  });

  it('skips the days of a range before the retention or after today, and rebuilds the rest', async () => {
    const { summary } = await rebuild(true, {}, { from: '2026-01-01', to: addDays(TODAY, 3) });

    expect(summary).toMatchObject<Partial<RebuildSummary>>({
      days: 90,
      first_day: FROM,
      last_day: TODAY,
      skipped_before_retention: { first: '2026-01-01', last: addDays(FROM, -1), count: datesBetween('2026-01-01', addDays(FROM, -1)).length },
      skipped_future: { first: addDays(TODAY, 1), last: addDays(TODAY, 3), count: 3 },
    });
  });
});
