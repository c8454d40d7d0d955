import { athenaBilledBytes, monthlyCost, type CostBreakdown, type CostInputs } from './model';
import { AWS_PRICES_US_EAST_1 as P } from './prices';
import { parseBenchLines, scheduleMinutes, simulateBatching } from './inputs';

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;
const TIB = 1024 ** 4;

/** Round numbers, so every line item below can be worked out by hand. */
const INPUTS: CostInputs = {
  traffic: { eventsPerTenantPerDay: 100, dirtyRunsPerTenantPerDay: 10, meanDayEventsAtDirtyRun: 50 },
  measured: {
    sqsBodyBytesPerEvent: 500,
    ours: {
      lakeBytesPerEvent: 50,
      processorSecondsPerEvent: 0.0001,
      marksWriteUnitsPerObject: 2,
      aggregatorScanRatio: 1,
      coldScanRatio: 1,
      writeUnitsPerDirtyTenant: 40,
      readUnitsPerDirtyTenant: 10,
      computeMsPerDirtyTenant: 100,
      idleRunMs: 50,
      idleReadUnitsPerTenant: 0.5,
    },
    seed: { lakeBytesPerEvent: 500, secondsPerObjectWrite: 0.02, computeMsPerQuery: 10, cacheWriteUnitsPerItem: 1 },
  },
  deployment: {
    processorMemoryMb: 512,
    processorBatchSize: 10_000,
    processorBatchingWindowSeconds: 30,
    aggregatorMemoryMb: 1024,
    aggregatorIntervalMinutes: 5,
    aggregatorTenantConcurrency: 4,
    rawRetentionDays: 90,
  },
  assumptions: {
    daysPerMonth: 30,
    eventsPerSendRequest: 2,
    athenaQuerySeconds: 2,
    athenaResultPutsPerQuery: 2,
    logBytesPerInvocation: 1024,
    sqsIdlePollers: 5,
    sqsLongPollSeconds: 20,
    seedPollSeconds: 1,
    seedBatchSize: 10,
    seedProcessorMemoryMb: 512,
    seedAggregatorMemoryMb: 1024,
    seedAggregatorIntervalMinutes: 60,
    seedMetricTypes: 9,
    seedRangeUtcDays: [1, 7, 30, 90],
    coldQueriesPerTenantPerMonth: 100,
    coldQueryDays: 30,
  },
};

function line(b: CostBreakdown, service: string, itemStart: string) {
  const found = b.items.filter((i) => i.service === service && i.item.startsWith(itemStart));
  if (found.length !== 1) throw new Error(`${found.length} line items ${service} "${itemStart}…" in ${b.items.map((i) => `${i.service} ${i.item}`).join('; ')}`);
  return found[0]!;
}

function expectLine(b: CostBreakdown, service: string, itemStart: string, quantity: number, usd: number) {
  const l = line(b, service, itemStart);
  expect(l.quantity).toBeCloseTo(quantity, 6);
  expect(l.usd).toBeCloseTo(usd, 9);
}

describe('cost model, ours: 10 tenants × 100 events/day, 5 events and 2 objects per invocation', () => {
  // Prepare: 30,000 events a month, 6,000 invocations, 12,000 objects.
  const b = monthlyCost('ours', 10, { eventsPerInvocation: 5, objectsPerInvocation: 2 }, INPUTS, P);

  it('bills SQS: 15,000 sends of 2, 6,000 receives and 6,000 deletes of 5, 648,000 idle long polls', () => {
    expectLine(b, 'SQS', 'requests', 675_000, 0.675 * 0.4);
  });

  it('bills the processor: 6,000 invocations × (5 × 0.1 ms + 2 objects × 20 ms) at 0.5 GB', () => {
    expectLine(b, 'Lambda', 'processor compute', 121.5, 121.5 * 0.0000133334);
    expectLine(b, 'Lambda', 'processor requests', 6000, 0.006 * 0.2);
  });

  it('bills one PUT per object and two dirty-mark write units per object', () => {
    expectLine(b, 'S3', 'lake PUTs', 12_000, 12 * 0.005);
    expectLine(b, 'DynamoDB', 'dirty marks', 24_000, 0.024 * 0.625);
  });

  it('bills 90 days of lake at 50 B/event', () => {
    const gb = (10 * 100 * 90 * 50) / GIB;
    expectLine(b, 'S3', 'storage', gb, gb * 0.023);
  });

  it('bills 3,000 aggregator queries (one per dirty tenant-run) at the 10 MB minimum, and what Athena reads and writes in S3', () => {
    expectLine(b, 'Athena', '3000 queries', (3000 * 10 * MIB) / TIB, ((3000 * 10 * MIB) / TIB) * 5);
    // 50 events in the partition, 0.4 objects per event: 20 GETs per query.
    expectLine(b, 'S3', 'GETs of lake objects by Athena', 60_000, 60 * 0.0004);
    // One LIST (one partition) and two result PUTs per query.
    expectLine(b, 'S3', 'LISTs', 9000, 9 * 0.005);
  });

  it('bills 8,640 aggregator runs of (50 ms + 0.347 dirty tenants × (100 ms + 2 s ÷ 4)) at 1 GB', () => {
    // (50 + 3000/8640 × 100) ms + 3000/8640 × 2 s / 4 = 0.258333 s per run.
    expectLine(b, 'Lambda', 'aggregator compute', 2232, 2232 * 0.0000133334);
    expectLine(b, 'Lambda', 'aggregator requests', 8640, 0.00864 * 0.2);
    expectLine(b, 'EventBridge', 'scheduled rule', 8640, 0);
  });

  it('bills DynamoDB: 40 WRU and 10 RRU per dirty tenant-run, 0.5 RRU per tenant per run listed', () => {
    expectLine(b, 'DynamoDB', 'rollups', 120_000, 0.12 * 0.625);
    expectLine(b, 'DynamoDB', 'marks and cache states', 30_000 + 43_200, 0.0732 * 0.125);
  });

  it('bills 1 KB of logs per invocation, processor and aggregator', () => {
    const gb = ((6000 + 8640) * 1024) / GIB;
    expectLine(b, 'CloudWatch Logs', 'ingestion', gb, gb * 0.5);
  });

  it('bills 1,000 cold queries over 30 days at the 10 MB minimum and 1,200 GETs each', () => {
    expectLine(b, 'Athena', '1000 cold queries', (1000 * 10 * MIB) / TIB, ((1000 * 10 * MIB) / TIB) * 5);
    expectLine(b, 'S3', 'GETs of lake objects by cold queries', 1_200_000, 1200 * 0.0004);
  });

  it('totals the line items and divides by tenants and by million events', () => {
    const total = b.items.reduce((n, i) => n + i.usd, 0);
    expect(b.totalUsd).toBeCloseTo(total, 12);
    expect(b.perTenantUsd).toBeCloseTo(total / 10, 12);
    expect(b.perMillionEventsUsd).toBeCloseTo(total / 0.03, 9);
    expect(b.eventsPerMonth).toBe(30_000);
    expect(b.athenaQueriesPerMonth).toBe(4000);
  });
});

describe('cost model, seed: the same traffic, one event and one object per invocation', () => {
  const b = monthlyCost('seed', 10, { eventsPerInvocation: 1, objectsPerInvocation: 1 }, INPUTS, P);

  it('bills SQS with receives and deletes of one message', () => {
    expectLine(b, 'SQS', 'requests', 15_000 + 30_000 + 30_000 + 648_000, 0.723 * 0.4);
  });

  it('bills 30,000 invocations of one 20 ms object write, and no dirty marks', () => {
    expectLine(b, 'Lambda', 'processor compute', 300, 300 * 0.0000133334);
    expectLine(b, 'S3', 'lake PUTs', 30_000, 30 * 0.005);
    expect(b.items.some((i) => i.item.startsWith('dirty marks'))).toBe(false);
  });

  it('bills 720 hourly runs × 10 tenants × 9 metrics × 4 ranges, each reading all its days', () => {
    // Every query is under 10 MB (90 days × 100 events × 500 B = 4.5 MB): 259,200 billed at 10 MB.
    expectLine(b, 'Athena', '259200 queries', (259_200 * 10 * MIB) / TIB, ((259_200 * 10 * MIB) / TIB) * 5);
    // 64,800 queries per range, 100 objects per day read: 64,800 × 100 × (1 + 7 + 30 + 90).
    expectLine(b, 'S3', 'GETs of lake objects by Athena', 829_440_000, 829_440 * 0.0004);
    expectLine(b, 'S3', 'LISTs', 64_800 * 128 + 259_200 * 2, ((64_800 * 128 + 259_200 * 2) / 1000) * 0.005);
  });

  it('bills the seed aggregator for its queries in sequence: 360 × 2.01 s per run', () => {
    expectLine(b, 'Lambda', 'aggregator compute', 720 * 723.6, 720 * 723.6 * 0.0000133334);
    expect(b.aggregatorRunSeconds).toBeCloseTo(723.6, 9);
    expectLine(b, 'DynamoDB', 'cache items', 259_200, 0.2592 * 0.625);
  });

  it('bills 90 days of the raw lake at 500 B/event', () => {
    const gb = (10 * 100 * 90 * 500) / GIB;
    expectLine(b, 'S3', 'storage', gb, gb * 0.023);
  });
});

describe('cost model inputs', () => {
  it('bills Athena at least 10 MB per query, rounded up to the MB', () => {
    expect(athenaBilledBytes(0, P)).toBe(10 * MIB);
    expect(athenaBilledBytes(10 * MIB + 1, P)).toBe(11 * MIB);
    expect(athenaBilledBytes(25 * MIB, P)).toBe(25 * MIB);
  });

  it('closes a batch when its window has passed or it is full, one object per tenant-day in it', () => {
    // Prepare: three events in the first 30 s (two tenants), one 40 s later, then 3 at once.
    const arrivals = [
      { atMs: 0, partition: 'a|d1' },
      { atMs: 10_000, partition: 'b|d1' },
      { atMs: 30_000, partition: 'a|d1' },
      { atMs: 70_000, partition: 'a|d1' },
      { atMs: 200_000, partition: 'a|d1' },
      { atMs: 200_000, partition: 'b|d1' },
      { atMs: 200_000, partition: 'c|d1' },
    ];

    // Act
    const windowed = simulateBatching(arrivals, 30, 10_000);
    const capped = simulateBatching(arrivals, 30, 2);

    // Assess: batches {0,10,30 s}, {70 s}, {200 s ×3} → 3 invocations, 2 + 1 + 3 objects.
    expect(windowed).toEqual({ eventsPerInvocation: 7 / 3, objectsPerInvocation: 6 / 3 });
    // With at most 2 per batch: {0,10}, {30}, {70}, {200,200}, {200} → 5 invocations, 2+1+1+2+1 objects.
    expect(capped).toEqual({ eventsPerInvocation: 7 / 5, objectsPerInvocation: 7 / 5 });
  });

  it('reads the aggregator schedule as minutes and refuses what it cannot model', () => {
    expect(scheduleMinutes('rate(5 minutes)')).toBe(5);
    expect(scheduleMinutes('rate(1 hour)')).toBe(60);
    expect(() => scheduleMinutes('cron(0 * * * ? *)')).toThrow(/only rate/);
  });

  it('skips non-JSON lines of make bench output and refuses a failed benchmark', () => {
    expect(parseBenchLines('tsx tools/bench/src/run.ts\n{"bench":"x","value":1,"baseline":2}\n')).toEqual([{ bench: 'x', value: 1, baseline: 2 }]);
    expect(() => parseBenchLines('{"bench":"lake_footprint","error":"boom","pass":false}')).toThrow(/lake_footprint failed: boom/);
  });
});
