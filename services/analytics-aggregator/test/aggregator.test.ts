import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { ScheduledEvent } from 'aws-lambda';
import {
  AthenaQueryEngine,
  createAthenaClient,
  createLogger,
  createMetrics,
  DynamoDbRollupStore,
  metricWindow,
  METRIC_RANGES,
  METRIC_TYPES,
  S3TenantDirectory,
  TenantResolver,
  type AnalyticsEvent,
  type CachedMetric,
  type MetricData,
  type QueryEngine,
  type TenantConfig,
} from '@picasso/shared';
import { DuckDbQueryEngine, openDuckDbLake, startAthenaEmulator } from '@picasso/shared/duckdb';
import { buildEvent } from '@picasso/shared/testing';
import { DEMO_TENANTS, lambdaContext, localAggregatorEnvironment } from '@picasso/local-stack';
import { collectTraffic, generateSessions } from '@picasso/traffic-generator';
import { createTestEnvironment, type TestEnvironment } from '@picasso/local-stack/testing';
import { DynamoDbDirtyMarker, DynamoDbDirtyMarkStore } from '@picasso/shared/dynamodb';
import { EventBatchProcessor, S3EventStore } from 'analytics-event-processor';
import { DynamoDbMetricCacheWriter } from '../src/adapters/dynamodb-metric-cache';
import { createHandler } from '../src/create-handler';
import type { DirtyMarkStore } from '../src/ports';
import { goldenMetrics, qualityTraffic } from '@picasso/shared/testing';

/** The local pipeline: the real processor writing the lake and marks, the real aggregator reading them. */
class Pipeline {
  readonly processor: EventBatchProcessor;
  readonly marker: DynamoDbDirtyMarker;
  /** The processor bounds server timestamps by its clock: every fixture day here is within 90 days of this one. */
  processorClock = new Date('2025-12-21T00:00:00Z');
  private batch = 0;

  private constructor(
    readonly env: TestEnvironment,
    readonly engine: DuckDbQueryEngine,
  ) {
    const events = new S3EventStore(env.s3, env.names.lakeBucket);
    this.marker = new DynamoDbDirtyMarker(env.doc, env.names.dirtyPartitionsTable);
    this.processor = new EventBatchProcessor({
      tenants: new TenantResolver(new S3TenantDirectory(env.s3, env.names.configBucket)),
      lake: events,
      quarantine: events,
      dirty: this.marker,
      now: () => this.processorClock,
    });
  }

  static async create(prefix: string): Promise<Pipeline> {
    const env = await createTestEnvironment(prefix);
    return new Pipeline(env, await DuckDbQueryEngine.open({ s3StorageDir: env.s3StorageDir, lakeBucket: env.names.lakeBucket }));
  }

  /** Sends events through the processor in SQS-sized batches of 10. */
  async send(events: readonly AnalyticsEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += 10) {
      const report = await this.processor.processBatch(
        events.slice(i, i + 10).map((e) => ({ messageId: `m-${(this.batch += 1)}-${e.event_id}`, body: JSON.stringify(e) })),
      );
      expect(report.failed).toBe(0);
    }
  }

  /** One scheduled invocation of the aggregator handler at `now`. */
  async aggregate(now: Date, engine: QueryEngine = this.engine, marks: DirtyMarkStore = new DynamoDbDirtyMarkStore(this.env.doc, this.env.names.dirtyPartitionsTable)) {
    const handler = createHandler({
      logger: createLogger('analytics-aggregator'),
      metrics: createMetrics('analytics-aggregator'),
      engine,
      marks,
      tenants: new S3TenantDirectory(this.env.s3, this.env.names.configBucket),
      rollups: new DynamoDbRollupStore(this.env.doc, this.env.names.rollupsTable),
      cache: new DynamoDbMetricCacheWriter(this.env.doc, this.env.names.dashboardCacheTable),
      now: () => now,
    });
    const event = { 'detail-type': 'Scheduled Event', source: 'aws.events', time: now.toISOString() } as unknown as ScheduledEvent;
    return handler(event, lambdaContext(this.env.names.functions['analytics-aggregator'], 300_000));
  }

  async scan(table: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.env.doc.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }));
      items.push(...(res.Items ?? []));
      start = res.LastEvaluatedKey;
    } while (start);
    return items.sort((a, b) => `${a.pk}${a.sk}`.localeCompare(`${b.pk}${b.sk}`));
  }

  async cacheItem(tenantId: string, metric: string, range: string): Promise<CachedMetric> {
    const items = await this.scan(this.env.names.dashboardCacheTable);
    return items.find((i) => i.pk === `TENANT#${tenantId}` && i.sk === `METRIC#${metric}#${range}`) as unknown as CachedMetric;
  }

  async golden(tenant: TenantConfig, range: (typeof METRIC_RANGES)[number], now: Date) {
    const conn = await openDuckDbLake(this.env.s3StorageDir, this.env.names.lakeBucket);
    try {
      return await goldenMetrics(conn, tenant, metricWindow(range, tenant.timezone, now), now);
    } finally {
      conn.closeSync();
    }
  }
}

/** Cache items per tenant: every metric type × every range. */
const ITEMS_PER_TENANT = METRIC_TYPES.length * METRIC_RANGES.length;

const at = (iso: string, type: Parameters<typeof buildEvent>[0], over: Record<string, unknown> = {}) =>
  buildEvent(type, { server_timestamp: iso, client_timestamp: iso, ...over }) as AnalyticsEvent;

describe('analytics aggregator over the local pipeline', () => {
  // Ten days of generated traffic for the three demo tenants, across the US fall-back (2025-11-02).
  const NOW = new Date('2025-11-05T23:30:00Z');
  let p: Pipeline;
  let firstRun: Awaited<ReturnType<Pipeline['aggregate']>>;
  let traffic: AnalyticsEvent[];

  beforeAll(async () => {
    p = await Pipeline.create('ag');
    traffic = [
      ...collectTraffic(generateSessions({ tenants: DEMO_TENANTS, days: 10, endDate: '2025-11-05', seed: 20251105, sessionsPerDay: 12, environment: 'test' })).events,
      // Outcomes, feedback and tokens (the generator sends 1.0.0 replies and no feedback).
      ...qualityTraffic({ tenants: DEMO_TENANTS, endDate: '2025-11-05', days: 10, notAfter: NOW.getTime(), environment: 'test' }),
    ].filter((e) => Date.parse(e.server_timestamp) < NOW.getTime());
    await p.send(traffic);
    firstRun = await p.aggregate(NOW);
  });
  afterAll(() => p.engine.close());

  it('queries each dirty tenant once and caches every metric type × four ranges per tenant', async () => {
    const marks = new Set(traffic.map((e) => `${e.tenant_hash}:${e.server_timestamp.slice(0, 10)}`));

    expect(firstRun).toMatchObject({ queriesRun: 3, tenantDaysProcessed: marks.size, tenantsRefreshed: 3, cacheItemsWritten: 3 * ITEMS_PER_TENANT, marksKept: 0, oldestCacheAgeSeconds: 0 });
    expect(firstRun.bytesScanned).toBeGreaterThan(0);
    expect(await p.scan(p.env.names.dirtyPartitionsTable)).toEqual([]);
    const cache = await p.scan(p.env.names.dashboardCacheTable);
    expect(cache).toHaveLength(3 * ITEMS_PER_TENANT);
    for (const item of cache) {
      expect(item.updated_at).toBe(NOW.toISOString());
      expect(item.ttl).toBe(Math.floor(NOW.getTime() / 1000) + 24 * 3600);
    }
  });

  it.each(DEMO_TENANTS.map((t) => [t.tenant_id, t] as const))('caches for %s exactly what plain SQL over the raw lake computes, for every metric and range', async (_id, tenant) => {
    for (const range of METRIC_RANGES) {
      const expected = await p.golden(tenant, range, NOW);
      const window = metricWindow(range, tenant.timezone, NOW);
      for (const metric of METRIC_TYPES) {
        const item = await p.cacheItem(tenant.tenant_id, metric, range);
        expect({ metric, range, range_start: item.range_start, range_end: item.range_end, data: item.data }).toEqual({
          metric,
          range,
          range_start: window.range_start,
          range_end: window.range_end,
          data: expected[metric],
        });
      }
    }
    // The data is not trivial: conversations, forms and questions all appear.
    const summary = await p.cacheItem(tenant.tenant_id, 'analytics_summary', '7d');
    expect(summary.data).toMatchObject({ conversations: expect.any(Number), forms_completed: expect.any(Number) });
    expect((summary.data as { conversations: number }).conversations).toBeGreaterThan(0);
    // Outcomes, feedback and tokens are not trivial either: every kind appears over 7 days.
    const outcomes = (await p.cacheItem(tenant.tenant_id, 'conversation_outcomes', '7d')).data as MetricData['conversation_outcomes'];
    const feedback = (await p.cacheItem(tenant.tenant_id, 'answer_feedback', '7d')).data as MetricData['answer_feedback'];
    const tokens = (await p.cacheItem(tenant.tenant_id, 'token_usage', '7d')).data as MetricData['token_usage'];
    expect({
      outcomes: outcomes.pending > 0 && outcomes.resolved > outcomes.confirmed_resolved && outcomes.confirmed_resolved > 0 && outcomes.abandoned > 0 && outcomes.decided > outcomes.resolved + outcomes.abandoned,
      feedback: feedback.helpful > 0 && feedback.not_helpful > 0 && feedback.comments.length > 0,
      tokens: tokens.replies_with_tokens > 0 && tokens.replies_without_tokens > 0 && tokens.unpriced_replies > 0 && tokens.cost !== null,
    }).toEqual({ outcomes: true, feedback: true, tokens: true });
  });

  it('changes nothing and runs no query when run again with no new events', async () => {
    const before = [await p.scan(p.env.names.rollupsTable), await p.scan(p.env.names.dashboardCacheTable)];

    const second = await p.aggregate(new Date(NOW.getTime() + 60_000));

    expect(second).toMatchObject({ queriesRun: 0, bytesScanned: 0, tenantDaysProcessed: 0, cacheItemsWritten: 0 });
    // Nothing refreshed: the oldest cache (CacheAgeSeconds) is the first run's, one minute old.
    expect(second.oldestCacheAgeSeconds).toBe(60);
    expect([await p.scan(p.env.names.rollupsTable), await p.scan(p.env.names.dashboardCacheTable)]).toEqual(before);
  });

  it('recomputes only the late event’s day, and counts a duplicated event once', async () => {
    // Prepare: a late conversation on 2025-10-30 (Chicago), sent twice by its producer.
    const tenant = DEMO_TENANTS[0]!;
    const rollupsBefore = await p.scan(p.env.names.rollupsTable);
    const trendBefore = (await p.cacheItem(tenant.tenant_id, 'conversations_trend', '30d')).data as { points: { period: string; conversations: number; messages: number }[] };
    const late = at('2025-10-30T16:00:00Z', 'MESSAGE_SENT', { session_id: 'sess_late_visitor' });
    const reply = at('2025-10-30T16:00:04Z', 'MESSAGE_RECEIVED', { session_id: 'sess_late_visitor' });
    const later = new Date(NOW.getTime() + 120_000);

    // Act: the producer sends the message again in a later batch, so the lake holds it twice.
    await p.send([late]);
    await p.send([late, reply]);
    const run = await p.aggregate(later);

    // Assess
    expect(run).toMatchObject({ queriesRun: 1, tenantDaysProcessed: 1 });
    const rollupsAfter = await p.scan(p.env.names.rollupsTable);
    const changed = rollupsAfter.filter((a) => {
      const b = rollupsBefore.find((x) => x.pk === a.pk && x.sk === a.sk);
      return !b || b.computed_at !== a.computed_at;
    });
    expect(changed.map((c) => `${c.pk} ${c.day}`)).toEqual([`TENANT#${tenant.tenant_id} 2025-10-30`]);
    const trendAfter = (await p.cacheItem(tenant.tenant_id, 'conversations_trend', '30d')).data as typeof trendBefore;
    const diff = trendAfter.points.flatMap((pt, i) =>
      pt.conversations === trendBefore.points[i]!.conversations && pt.messages === trendBefore.points[i]!.messages
        ? []
        : [{ period: pt.period, conversations: pt.conversations - trendBefore.points[i]!.conversations, messages: pt.messages - trendBefore.points[i]!.messages }],
    );
    expect(diff).toEqual([{ period: '2025-10-30', conversations: 1, messages: 2 }]);
    const lake = await openDuckDbLake(p.env.s3StorageDir, p.env.names.lakeBucket);
    const copies = (await lake.runAndReadAll('SELECT count(*) AS n FROM events WHERE event_id = $1', [late.event_id])).getRowObjectsJS()[0]!.n;
    lake.closeSync();
    expect(Number(copies)).toBe(2);
    const expected = await p.golden(tenant, '30d', later);
    expect(trendAfter).toEqual(expected.conversations_trend);
  });
});

describe('a dirty mark set while the aggregator runs', () => {
  it('survives the run and is processed by the next one', async () => {
    // Prepare: an engine that lets the processor mark the day again while the query runs.
    const p = await Pipeline.create('am');
    const now = new Date('2025-12-20T18:00:00Z');
    await p.send([at('2025-12-20T15:00:00Z', 'WIDGET_OPENED', { session_id: 's1' })]);
    const racing: QueryEngine = {
      query: async (sql, params) => {
        const result = await p.engine.query(sql, params);
        await p.send([at('2025-12-20T15:05:00Z', 'MESSAGE_SENT', { session_id: 's1' })]);
        return result as never;
      },
    };

    // Act
    const first = await p.aggregate(now, racing);
    const marksAfterFirst = await p.scan(p.env.names.dirtyPartitionsTable);
    const second = await p.aggregate(new Date(now.getTime() + 60_000));

    // Assess
    expect(first).toMatchObject({ queriesRun: 1, marksKept: 1 });
    // Each batch marks the day twice (before and after its write): read at 2, now 4.
    expect(marksAfterFirst).toMatchObject([{ pk: 'TENANT#FOS402334', sk: 'DAY#2025-12-20', version: 4 }]);
    expect(second).toMatchObject({ queriesRun: 1, marksKept: 0 });
    expect(await p.scan(p.env.names.dirtyPartitionsTable)).toEqual([]);
    expect((await p.cacheItem('FOS402334', 'analytics_summary', '1d')).data).toMatchObject({ sessions: 1, widget_opens: 1, messages: 1, conversations: 1 });
    p.engine.close();
  });
});

describe('the processor writing while an aggregator run lists, queries and clears its mark', () => {
  // Ports with hooks let each interleaving happen deterministically against the real adapters.
  const now = new Date('2025-12-20T18:00:00Z');
  const message = () => at('2025-12-20T15:00:00Z', 'MESSAGE_SENT', { session_id: 'race' });

  function hookedProcessor(p: Pipeline, hooks: { afterMark?: () => void; beforeWrite: () => Promise<void> }) {
    const events = new S3EventStore(p.env.s3, p.env.names.lakeBucket);
    return new EventBatchProcessor({
      tenants: new TenantResolver(new S3TenantDirectory(p.env.s3, p.env.names.configBucket)),
      lake: { putLakeObject: async (key, body) => { await hooks.beforeWrite(); await events.putLakeObject(key, body); } },
      quarantine: events,
      dirty: { markDirty: async (partition, at) => { await p.marker.markDirty(partition, at); hooks.afterMark?.(); } },
      now: () => new Date('2025-12-21T00:00:00Z'),
    });
  }

  it('rolls the object up on the next run when a whole run falls between the mark and the write', async () => {
    // Prepare
    const p = await Pipeline.create('rw');
    let between: Awaited<ReturnType<Pipeline['aggregate']>> | undefined;
    const processor = hookedProcessor(p, { beforeWrite: async () => { between ??= await p.aggregate(now); } });

    // Act: mark → [list, query (nothing yet), clear] → write → …; then the next scheduled run.
    const report = await processor.processBatch([{ messageId: 'm1', body: JSON.stringify(message()) }]);
    const next = await p.aggregate(new Date(now.getTime() + 60_000));

    // Assess
    expect(report.written).toBe(1);
    expect(between).toMatchObject({ queriesRun: 1, marksKept: 0 });
    expect(next).toMatchObject({ queriesRun: 1, marksKept: 0 });
    expect((await p.cacheItem('FOS402334', 'analytics_summary', '1d')).data).toMatchObject({ messages: 1 });
    expect(await p.scan(p.env.names.dirtyPartitionsTable)).toEqual([]);
    p.engine.close();
  });

  it('keeps the mark when the object is written after the run queried and before it clears', async () => {
    // Prepare: the write waits until the run is about to clear the mark it read.
    const p = await Pipeline.create('rc');
    let marked!: () => void;
    const firstMark = new Promise<void>((resolve) => (marked = resolve));
    let allowWrite!: () => void;
    const writeAllowed = new Promise<void>((resolve) => (allowWrite = resolve));
    const processor = hookedProcessor(p, { afterMark: () => marked(), beforeWrite: () => writeAllowed });
    const real = new DynamoDbDirtyMarkStore(p.env.doc, p.env.names.dirtyPartitionsTable);

    // Act: mark → [list, query (nothing yet)] → write → … → [clear]; then the next scheduled run.
    const processing = processor.processBatch([{ messageId: 'm1', body: JSON.stringify(message()) }]);
    await firstMark;
    const racing = await p.aggregate(now, p.engine, {
      listMarks: () => real.listMarks(),
      clearMark: async (mark) => {
        allowWrite();
        await processing;
        return real.clearMark(mark);
      },
    });
    const report = await processing;
    const next = await p.aggregate(new Date(now.getTime() + 60_000));

    // Assess
    expect(report.written).toBe(1);
    expect(racing).toMatchObject({ queriesRun: 1, marksKept: 1 });
    expect(next).toMatchObject({ queriesRun: 1, marksKept: 0 });
    expect((await p.cacheItem('FOS402334', 'analytics_summary', '1d')).data).toMatchObject({ messages: 1 });
    p.engine.close();
  });
});

describe('a daylight-saving day in America/Chicago', () => {
  it('has 24 distinct local hours on the 25-hour day, both 01:00 hours in one period, as plain SQL says', async () => {
    // Prepare: 2025-11-02, clocks go back at 02:00 CDT; conversations at 01:30 CDT, 01:30 CST and 23:30 CST.
    const p = await Pipeline.create('ad');
    const tenant = DEMO_TENANTS[0]!;
    const now = new Date('2025-11-03T05:50:00Z'); // 23:50 CST, still 2025-11-02 locally
    await p.send([
      at('2025-11-02T06:30:00Z', 'MESSAGE_SENT', { session_id: 'cdt' }),
      at('2025-11-02T07:30:00Z', 'MESSAGE_SENT', { session_id: 'cst' }),
      at('2025-11-03T05:30:00Z', 'MESSAGE_SENT', { session_id: 'late_evening' }),
      at('2025-11-02T04:30:00Z', 'MESSAGE_SENT', { session_id: 'saturday_night' }), // 23:30 CDT on 2025-11-01
    ]);

    // Act
    await p.aggregate(now);

    // Assess
    const trend = (await p.cacheItem(tenant.tenant_id, 'conversations_trend', '1d')).data as { points: { period: string; conversations: number }[] };
    const heatmap = (await p.cacheItem(tenant.tenant_id, 'conversations_heatmap', '1d')).data;
    const golden = await p.golden(tenant, '1d', now);
    expect(trend.points.map((pt) => pt.period)).toHaveLength(24);
    expect(trend.points.filter((pt) => pt.conversations > 0)).toEqual([
      { period: '2025-11-02T01:00', conversations: 2, messages: 2 },
      { period: '2025-11-02T23:00', conversations: 1, messages: 1 },
    ]);
    expect(heatmap).toEqual({ timezone: 'America/Chicago', cells: [{ day_of_week: 7, hour: 1, conversations: 2 }, { day_of_week: 7, hour: 23, conversations: 1 }] });
    expect(trend).toEqual(golden.conversations_trend);
    expect(heatmap).toEqual(golden.conversations_heatmap);
    p.engine.close();
  });
});

describe('the aggregator through the real Athena adapter', () => {
  it('caches the same figures when the Athena API is the local emulator', async () => {
    // Prepare: the handler's production engine (AthenaQueryEngine over the SDK), pointed at the emulator.
    const p = await Pipeline.create('aa');
    const tenant = DEMO_TENANTS[1]!;
    const now = new Date('2025-12-20T18:00:00Z');
    const emulator = await startAthenaEmulator({ s3StorageDir: p.env.s3StorageDir, lakeBucket: p.env.names.lakeBucket });
    const athena = new AthenaQueryEngine(createAthenaClient({ ...process.env, AWS_ENDPOINT_URL_ATHENA: emulator.url }), {
      workgroup: p.env.names.athenaWorkgroup,
      database: p.env.names.glueDatabase,
      initialPollMs: 5,
    });
    const hash = tenant.tenant_hash;
    await p.send([
      at('2025-12-19T10:00:00Z', 'WIDGET_OPENED', { tenant_hash: hash, session_id: 'x' }),
      at('2025-12-19T10:01:00Z', 'MESSAGE_SENT', { tenant_hash: hash, session_id: 'x' }),
      at('2025-12-20T09:00:00Z', 'FORM_STARTED', { tenant_hash: hash, session_id: 'y' }),
      at('2025-12-20T09:04:00Z', 'FORM_COMPLETED', { tenant_hash: hash, session_id: 'y' }),
      // The outcome, feedback and token columns through the emulator's wire format too.
      ...qualityTraffic({ tenants: [tenant], endDate: '2025-12-19', days: 2, notAfter: now.getTime(), environment: 'test' }),
    ]);

    // Act
    try {
      const run = await p.aggregate(now, athena);

      // Assess
      expect(run).toMatchObject({ queriesRun: 1, tenantDaysProcessed: 4 });
      expect(run.bytesScanned).toBeGreaterThan(0);
      const golden = await p.golden(tenant, '7d', now);
      for (const metric of METRIC_TYPES) expect((await p.cacheItem(tenant.tenant_id, metric, '7d')).data).toEqual(golden[metric]);
    } finally {
      await emulator.stop();
      p.engine.close();
    }
  });
});

describe('a tenant whose query fails', () => {
  it('keeps its marks for the next run while the other tenants are cached, and the run reports the failure', async () => {
    // Prepare: two tenants dirty; the engine refuses the Atlas tenant's query.
    const p = await Pipeline.create('af');
    const now = new Date('2025-12-20T18:00:00Z');
    await p.send([
      at('2025-12-20T10:00:00Z', 'WIDGET_OPENED', { session_id: 'f1' }),
      at('2025-12-20T10:00:00Z', 'WIDGET_OPENED', { session_id: 'a1', tenant_hash: DEMO_TENANTS[1]!.tenant_hash }),
    ]);
    const failing: QueryEngine = {
      query: async (sql, params) => {
        if (params?.[0] === 'ATL120045') throw new Error('Athena is having a bad day');
        return p.engine.query(sql, params) as never;
      },
    };

    // Act
    const failed = p.aggregate(now, failing);

    // Assess
    await expect(failed).rejects.toThrow(/1 tenant\(s\) failed: ATL120045/);
    expect((await p.scan(p.env.names.dirtyPartitionsTable)).map((m) => m.pk)).toEqual(['TENANT#ATL120045']);
    expect((await p.cacheItem('FOS402334', 'analytics_summary', '1d')).data).toMatchObject({ sessions: 1 });
    const retry = await p.aggregate(new Date(now.getTime() + 60_000));
    expect(retry).toMatchObject({ queriesRun: 1, marksKept: 0 });
    expect((await p.cacheItem('ATL120045', 'analytics_summary', '1d')).data).toMatchObject({ sessions: 1 });
    p.engine.close();
  });
});

describe('the cold-start handler (handler.ts)', () => {
  it('wires itself from its environment and aggregates through the Athena endpoint it is given', async () => {
    // Prepare: the environment make dev gives the bundle, with the local Athena emulator.
    const p = await Pipeline.create('ah');
    const emulator = await startAthenaEmulator({ s3StorageDir: p.env.s3StorageDir, lakeBucket: p.env.names.lakeBucket });
    const vars = localAggregatorEnvironment(p.env.names, emulator.url);
    const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
    Object.assign(process.env, vars);
    p.processorClock = new Date();
    await p.send([at(new Date(Date.now() - 60_000).toISOString(), 'WIDGET_OPENED', { session_id: 'cold' })]);

    try {
      // Act
      const { handler } = await import('../src/handler');
      const report = await handler({ source: 'aws.events' } as unknown as ScheduledEvent, lambdaContext(p.env.names.functions['analytics-aggregator'], 300_000));

      // Assess
      expect(report).toMatchObject({ queriesRun: 1, tenantDaysProcessed: 1, cacheItemsWritten: ITEMS_PER_TENANT });
      expect((await p.cacheItem('FOS402334', 'analytics_summary', '1d')).data).toMatchObject({ sessions: 1, widget_opens: 1 });
    } finally {
      // process.env is shared with later test files in this worker: leave it as it was.
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await emulator.stop();
      p.engine.close();
    }
  });
});
