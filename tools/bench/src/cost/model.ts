/**
 * The cost model of docs/cost.md: pure arithmetic from measured figures (make bench), the
 * deployed configuration (terraform), a traffic profile (the traffic generator's defaults) and
 * stated assumptions, to a monthly bill per line item for our design and for the seed's.
 * No I/O here: `inputs.ts` gathers the numbers, `render.ts` writes the page.
 */
import type { AwsPrices } from './prices';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
/** Athena bills per TB scanned in binary units, rounded up to the MB (its pricing FAQ). */
const TIB = 1024 ** 4;

/** One tenant's traffic, from the traffic generator (`inputs.ts`, `trafficProfile`). */
export interface TrafficProfile {
  eventsPerTenantPerDay: number;
  /** Aggregator runs per tenant-day that find the tenant dirty (≥ 1 new event since the last run). */
  dirtyRunsPerTenantPerDay: number;
  /** Mean events already in the tenant's UTC day partition when a dirty run re-reads it. */
  meanDayEventsAtDirtyRun: number;
}

/** How the processor's event source batches this traffic (`inputs.ts`, `simulateBatching`). */
export interface Batching {
  eventsPerInvocation: number;
  /** Lake objects per invocation: the distinct (tenant, UTC day) partitions in a batch. */
  objectsPerInvocation: number;
}

/** Figures measured by `make bench` (the JSON lines named in `inputs.ts`). */
export interface MeasuredFigures {
  sqsBodyBytesPerEvent: number;
  ours: {
    lakeBytesPerEvent: number;
    /** Processor handler time per event in a 1,000-record batch (processor_throughput). */
    processorSecondsPerEvent: number;
    /** Dirty-mark write units per lake object (processor_dynamodb_per_object). */
    marksWriteUnitsPerObject: number;
    /** Bytes an aggregator query scans per byte of the dirty tenant-days it reads. */
    aggregatorScanRatio: number;
    /** Bytes a dashboard cold-path query scans per byte of the tenant's lake in its range. */
    coldScanRatio: number;
    writeUnitsPerDirtyTenant: number;
    readUnitsPerDirtyTenant: number;
    /** Aggregator compute per dirty tenant beyond an idle run (local query engine, not Athena's wait). */
    computeMsPerDirtyTenant: number;
    idleRunMs: number;
    /** Read units an idle run spends per tenant (listing marks and cache states). */
    idleReadUnitsPerTenant: number;
  };
  seed: {
    lakeBytesPerEvent: number;
    /** One seed writer invocation of a 10-record batch: tenant lookup + one PutObject (processor_throughput baseline). */
    secondsPerObjectWrite: number;
    /** Seed aggregator compute per query on the local engine. */
    computeMsPerQuery: number;
    /** Write units per cache item (ours, measured; the seed caches the same 36 items). */
    cacheWriteUnitsPerItem: number;
  };
}

/** What terraform deploys (terraform/main.tf, variables.tf, workspaces/*.tfvars). */
export interface Deployment {
  processorMemoryMb: number;
  processorBatchSize: number;
  processorBatchingWindowSeconds: number;
  aggregatorMemoryMb: number;
  aggregatorIntervalMinutes: number;
  aggregatorTenantConcurrency: number;
  rawRetentionDays: number;
}

/** Stated, not measured: docs/cost.md prints each with its reason. */
export interface Assumptions {
  daysPerMonth: number;
  /** Events per SendMessageBatch from the producers (a chat turn emits MESSAGE_SENT + MESSAGE_RECEIVED). */
  eventsPerSendRequest: number;
  /** Seconds one Athena query keeps the aggregator waiting (queueing + execution). */
  athenaQuerySeconds: number;
  /** Result PUTs Athena writes per query (results + metadata). */
  athenaResultPutsPerQuery: number;
  /** CloudWatch Logs bytes per invocation (START/END/REPORT plus one summary line). */
  logBytesPerInvocation: number;
  /** Concurrent long polls the SQS event source keeps open, each a ReceiveMessage per `sqsLongPollSeconds`. */
  sqsIdlePollers: number;
  sqsLongPollSeconds: number;
  /** Seconds of arrivals one seed poll gathers (no batching window: it returns what is there). */
  seedPollSeconds: number;
  seedBatchSize: number;
  seedProcessorMemoryMb: number;
  seedAggregatorMemoryMb: number;
  seedAggregatorIntervalMinutes: number;
  seedMetricTypes: number;
  /** UTC day partitions each seed range query reads (1d, 7d, 30d, 90d). */
  seedRangeUtcDays: readonly number[];
  coldQueriesPerTenantPerMonth: number;
  /** Days of lake one cold (custom range) query reads. */
  coldQueryDays: number;
}

export interface CostInputs {
  traffic: TrafficProfile;
  measured: MeasuredFigures;
  deployment: Deployment;
  assumptions: Assumptions;
}

export type Design = 'ours' | 'seed';

export interface LineItem {
  stage: 'ingest' | 'lake' | 'aggregation' | 'dashboard';
  service: string;
  item: string;
  quantity: number;
  unit: string;
  usd: number;
}

export interface CostBreakdown {
  design: Design;
  tenants: number;
  eventsPerMonth: number;
  /** Events the processor receives per invocation. */
  eventsPerInvocation: number;
  lakeObjectsPerMonth: number;
  athenaQueriesPerMonth: number;
  /** The longest aggregator run, seconds (Lambda stops at 900). */
  aggregatorRunSeconds: number;
  items: LineItem[];
  totalUsd: number;
  perTenantUsd: number;
  perMillionEventsUsd: number;
}

/** Bytes Athena bills for a query that scans `bytes`: rounded up to the MB, at least the minimum. */
export function athenaBilledBytes(bytes: number, prices: AwsPrices): number {
  return Math.max(prices.athenaMinimumBytesPerQuery, Math.ceil(bytes / MIB) * MIB);
}

/** SQS requests to move `messages` messages in calls of `perCall`: one per call per started 64 KB. */
function sqsRequests(messages: number, perCall: number, bodyBytes: number, prices: AwsPrices): number {
  return (messages / perCall) * Math.ceil((perCall * bodyBytes) / prices.sqsBytesPerBilledRequest);
}

/** Monthly cost of one design for `tenants` tenants of the profile's traffic, batched as `batching` says. */
export function monthlyCost(design: Design, tenants: number, batching: Batching, inputs: CostInputs, prices: AwsPrices): CostBreakdown {
  const { traffic, measured, deployment: dep, assumptions: a } = inputs;
  const seed = design === 'seed';
  const days = a.daysPerMonth;
  const events = tenants * traffic.eventsPerTenantPerDay * days;
  const batch = batching.eventsPerInvocation;
  const invocations = events / batch;
  const objectsPerInvocation = batching.objectsPerInvocation;
  const objects = invocations * objectsPerInvocation;
  const lakeBytesPerEvent = seed ? measured.seed.lakeBytesPerEvent : measured.ours.lakeBytesPerEvent;
  /** Objects a query reads per event it covers: the tenant's events are spread over its objects. */
  const objectsPerEvent = objects / events;
  const items: LineItem[] = [];
  const add = (stage: LineItem['stage'], service: string, item: string, quantity: number, unit: string, usd: number) => items.push({ stage, service, item, quantity, unit, usd });

  // Ingest: producers → SQS → processor → lake objects (+ dirty marks for ours).
  const perReceive = Math.min(10, batch);
  const sends = sqsRequests(events, a.eventsPerSendRequest, measured.sqsBodyBytesPerEvent, prices);
  const receives = sqsRequests(events, perReceive, measured.sqsBodyBytesPerEvent, prices);
  const deletes = events / perReceive;
  const idlePolls = (a.sqsIdlePollers * days * 86_400) / a.sqsLongPollSeconds;
  const sqs = sends + receives + deletes + idlePolls;
  add('ingest', 'SQS', `requests: SendMessageBatch of ${a.eventsPerSendRequest}, ReceiveMessage and DeleteMessageBatch of up to ${round(perReceive)}, idle long polls`, sqs, 'requests', (sqs / 1e6) * prices.sqsStandardPerMillionRequests);
  const processorSeconds = seed ? objectsPerInvocation * measured.seed.secondsPerObjectWrite : batch * measured.ours.processorSecondsPerEvent + objectsPerInvocation * measured.seed.secondsPerObjectWrite;
  const processorMemoryGb = (seed ? a.seedProcessorMemoryMb : dep.processorMemoryMb) / 1024;
  const processorGbSeconds = invocations * processorSeconds * processorMemoryGb;
  add('ingest', 'Lambda', `processor compute (${round(batch)} events/invocation, ${round(processorSeconds * 1000)} ms at ${processorMemoryGb * 1024} MB)`, processorGbSeconds, 'GB-s', processorGbSeconds * prices.lambdaArmPerGbSecond);
  add('ingest', 'Lambda', 'processor requests', invocations, 'invocations', (invocations / 1e6) * prices.lambdaPerMillionRequests);
  add('ingest', 'S3', `lake PUTs (${round(objectsPerInvocation)} objects/invocation)`, objects, 'PUT', (objects / 1000) * prices.s3PutPer1000);
  if (!seed) {
    const markUnits = objects * measured.ours.marksWriteUnitsPerObject;
    add('ingest', 'DynamoDB', 'dirty marks (before and after each object)', markUnits, 'WRU', (markUnits / 1e6) * prices.dynamoDbPerMillionWriteUnits);
  }

  // Lake: steady state of `rawRetentionDays` of events (the lifecycle rule expires older ones).
  const storedGb = (tenants * traffic.eventsPerTenantPerDay * dep.rawRetentionDays * lakeBytesPerEvent) / GIB;
  add('lake', 'S3', `storage, ${dep.rawRetentionDays} days kept (${round(lakeBytesPerEvent)} B/event)`, storedGb, 'GB-month', storedGb * prices.s3StandardPerGbMonth);

  // Aggregation.
  const queries: { count: number; bytes: number; partitions: number; objects: number }[] = [];
  let aggregatorRuns: number;
  let aggregatorGbSeconds: number;
  let aggregatorRunSeconds: number;
  if (seed) {
    aggregatorRuns = (days * 1440) / a.seedAggregatorIntervalMinutes;
    for (const rangeDays of a.seedRangeUtcDays) {
      const covered = traffic.eventsPerTenantPerDay * rangeDays;
      queries.push({ count: aggregatorRuns * tenants * a.seedMetricTypes, bytes: measured.ours.aggregatorScanRatio * lakeBytesPerEvent * covered, partitions: rangeDays, objects: covered * objectsPerEvent });
    }
    // The seed's loop waits for each of its queries in turn.
    aggregatorRunSeconds = tenants * a.seedMetricTypes * a.seedRangeUtcDays.length * (a.athenaQuerySeconds + measured.seed.computeMsPerQuery / 1000);
    aggregatorGbSeconds = aggregatorRuns * aggregatorRunSeconds * (a.seedAggregatorMemoryMb / 1024);
    const cacheUnits = aggregatorRuns * tenants * a.seedMetricTypes * a.seedRangeUtcDays.length * measured.seed.cacheWriteUnitsPerItem;
    add('aggregation', 'DynamoDB', 'cache items (36 per tenant per run)', cacheUnits, 'WRU', (cacheUnits / 1e6) * prices.dynamoDbPerMillionWriteUnits);
  } else {
    aggregatorRuns = (days * 1440) / dep.aggregatorIntervalMinutes;
    const dirtyTenantRuns = tenants * traffic.dirtyRunsPerTenantPerDay * days;
    queries.push({ count: dirtyTenantRuns, bytes: measured.ours.aggregatorScanRatio * lakeBytesPerEvent * traffic.meanDayEventsAtDirtyRun, partitions: 1, objects: traffic.meanDayEventsAtDirtyRun * objectsPerEvent });
    const dirtyPerRun = dirtyTenantRuns / aggregatorRuns;
    aggregatorRunSeconds = (measured.ours.idleRunMs + dirtyPerRun * measured.ours.computeMsPerDirtyTenant) / 1000 + (dirtyPerRun * a.athenaQuerySeconds) / dep.aggregatorTenantConcurrency;
    aggregatorGbSeconds = aggregatorRuns * aggregatorRunSeconds * (dep.aggregatorMemoryMb / 1024);
    const writeUnits = dirtyTenantRuns * measured.ours.writeUnitsPerDirtyTenant;
    const readUnits = dirtyTenantRuns * measured.ours.readUnitsPerDirtyTenant + aggregatorRuns * tenants * measured.ours.idleReadUnitsPerTenant;
    add('aggregation', 'DynamoDB', 'rollups, cache items, mark deletes', writeUnits, 'WRU', (writeUnits / 1e6) * prices.dynamoDbPerMillionWriteUnits);
    add('aggregation', 'DynamoDB', 'marks and cache states listed every run, rollups read per dirty tenant', readUnits, 'RRU', (readUnits / 1e6) * prices.dynamoDbPerMillionReadUnits);
  }
  const queryCount = queries.reduce((n, q) => n + q.count, 0);
  const billedBytes = queries.reduce((n, q) => n + q.count * athenaBilledBytes(q.bytes, prices), 0);
  const scannedBytes = queries.reduce((n, q) => n + q.count * q.bytes, 0);
  add('aggregation', 'Athena', `${round(queryCount)} queries, ${round(scannedBytes / GIB)} GB scanned, billed at ≥ 10 MB each`, billedBytes / TIB, 'TB billed', (billedBytes / TIB) * prices.athenaPerTbScanned);
  const gets = queries.reduce((n, q) => n + q.count * q.objects, 0);
  add('aggregation', 'S3', 'GETs of lake objects by Athena', gets, 'GET', (gets / 1000) * prices.s3GetPer1000);
  const lists = queries.reduce((n, q) => n + q.count * q.partitions, 0);
  const resultPuts = queryCount * a.athenaResultPutsPerQuery;
  add('aggregation', 'S3', 'LISTs of partitions and result PUTs by Athena', lists + resultPuts, 'requests', ((lists + resultPuts) / 1000) * prices.s3ListPer1000);
  add('aggregation', 'Lambda', `aggregator compute (${round(aggregatorRunSeconds)} s/run, ${round(aggregatorRuns)} runs)`, aggregatorGbSeconds, 'GB-s', aggregatorGbSeconds * prices.lambdaArmPerGbSecond);
  add('aggregation', 'Lambda', 'aggregator requests', aggregatorRuns, 'invocations', (aggregatorRuns / 1e6) * prices.lambdaPerMillionRequests);
  add('aggregation', 'EventBridge', 'scheduled rule firings (default bus: free)', aggregatorRuns, 'invocations', (aggregatorRuns / 1e6) * prices.eventBridgeScheduledRulePerMillion);
  const logGb = ((invocations + aggregatorRuns) * a.logBytesPerInvocation) / GIB;
  add('ingest', 'CloudWatch Logs', 'ingestion, processor and aggregator', logGb, 'GB', logGb * prices.cloudWatchLogsIngestionPerGb);

  // Dashboard cold path: custom ranges read the lake through Athena.
  const coldQueries = tenants * a.coldQueriesPerTenantPerMonth;
  const coldEvents = traffic.eventsPerTenantPerDay * a.coldQueryDays;
  const coldBilled = coldQueries * athenaBilledBytes(measured.ours.coldScanRatio * lakeBytesPerEvent * coldEvents, prices);
  add('dashboard', 'Athena', `${coldQueries} cold queries over ${a.coldQueryDays} days`, coldBilled / TIB, 'TB billed', (coldBilled / TIB) * prices.athenaPerTbScanned);
  const coldGets = coldQueries * coldEvents * objectsPerEvent;
  add('dashboard', 'S3', 'GETs of lake objects by cold queries', coldGets, 'GET', (coldGets / 1000) * prices.s3GetPer1000);

  const totalUsd = items.reduce((n, i) => n + i.usd, 0);
  return {
    design,
    tenants,
    eventsPerMonth: events,
    eventsPerInvocation: batch,
    lakeObjectsPerMonth: objects,
    athenaQueriesPerMonth: queryCount + coldQueries,
    aggregatorRunSeconds,
    items,
    totalUsd,
    perTenantUsd: totalUsd / tenants,
    perMillionEventsUsd: totalUsd / (events / 1e6),
  };
}

function round(value: number): number {
  return value >= 100 ? Math.round(value) : Math.round(value * 100) / 100;
}
