/**
 * Gathers the cost model's inputs: the bench's JSON lines, what terraform deploys, and the
 * traffic generator's default traffic. Everything here reads; `model.ts` computes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { METRIC_RANGES, metricWindow, utcDaysCovering } from '@picasso/shared';
import { collectTraffic, generateSessions, resolveTenants } from '@picasso/traffic-generator';
import type { Assumptions, Batching, Deployment, MeasuredFigures, TrafficProfile } from './model';

/** The benchmarks whose figures the model needs (`make bench --only …`). */
export const COST_BENCHMARKS = ['processor_throughput', 'lake_footprint', 'dashboard_hot_path', 'aggregator_incremental'] as const;

type Line = { bench: string; value: number; baseline: number; [detail: string]: unknown };

/** Parses `make bench` output (non-JSON lines, e.g. make's own, are skipped). */
export function parseBenchLines(text: string): Line[] {
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    const s = raw.trim();
    if (!s.startsWith('{')) continue;
    const parsed = JSON.parse(s) as Line & { error?: string };
    if (parsed.error) throw new Error(`benchmark ${parsed.bench} failed: ${parsed.error}`);
    lines.push(parsed);
  }
  return lines;
}

function figure(lines: Line[], bench: string, where: (l: Line) => boolean = () => true): Line {
  const found = lines.find((l) => l.bench === bench && where(l));
  if (!found) throw new Error(`the bench output has no "${bench}" line${where.length ? ' with the expected batch size' : ''}: run make bench with ${COST_BENCHMARKS.join(', ')}`);
  return found;
}

const num = (l: Line, key: string): number => {
  const v = l[key];
  if (typeof v !== 'number') throw new Error(`"${l.bench}" has no numeric "${key}"`);
  return v;
};

/** The measured figures the model uses, each from the named JSON line (see docs/cost.md, Inputs). */
export function measuredFigures(lines: Line[]): MeasuredFigures {
  const throughput = figure(lines, 'processor_throughput');
  // Batches at the traffic modelled are small (model.ts, eventsPerInvocation): the 1,000 line is the closer one.
  const bytes = figure(lines, 'lake_bytes_per_event', (l) => l.batch_size === 1000);
  const marks = figure(lines, 'processor_dynamodb_per_object', (l) => l.batch_size === 1000);
  const body = figure(lines, 'sqs_body_bytes_per_event');
  const queryBytes = figure(lines, 'aggregator_run_query_bytes');
  const dynamo = figure(lines, 'aggregator_run_dynamodb');
  const idle = figure(lines, 'aggregator_idle_run');
  const duration = figure(lines, 'aggregator_incremental_duration');
  const cold = figure(lines, 'dashboard_cold_query_bytes');
  const dirtyTenants = num(dynamo, 'dirty_tenants');
  const tenants = num(dynamo, 'tenants');
  const scanned = (queryBytes.query_bytes as number[]).reduce((a, b) => a + b, 0);
  return {
    sqsBodyBytesPerEvent: body.value,
    ours: {
      lakeBytesPerEvent: bytes.value,
      processorSecondsPerEvent: 1 / throughput.value,
      marksWriteUnitsPerObject: marks.value,
      aggregatorScanRatio: scanned / num(queryBytes, 'dirty_day_bytes'),
      // With no lake in the range (dashboard_hot_path run alone) the aggregator's ratio stands in.
      coldScanRatio: cold.baseline > 0 ? cold.value / cold.baseline : scanned / num(queryBytes, 'dirty_day_bytes'),
      writeUnitsPerDirtyTenant: (dynamo.value - num(idle, 'write_units')) / dirtyTenants,
      readUnitsPerDirtyTenant: Math.max(0, num(dynamo, 'read_units') - num(idle, 'read_units')) / dirtyTenants,
      computeMsPerDirtyTenant: Math.max(0, duration.value - idle.value) / dirtyTenants,
      idleRunMs: idle.value,
      idleReadUnitsPerTenant: num(idle, 'read_units') / tenants,
    },
    seed: {
      lakeBytesPerEvent: bytes.baseline,
      secondsPerObjectWrite: num(throughput, 'baseline_batch_size') / throughput.baseline,
      // The bench runs one seed query per tenant × range (the nine metrics read the same partitions).
      computeMsPerQuery: duration.baseline / (tenants * METRIC_RANGES.length),
      cacheWriteUnitsPerItem: dynamo.value / num(dynamo, 'items_written'),
    },
  };
}

/** `rate(5 minutes)` → 5; `rate(1 hour)` → 60. A cron expression is not modelled. */
export function scheduleMinutes(expression: string): number {
  const m = /^rate\((\d+) (minute|minutes|hour|hours)\)$/.exec(expression.trim());
  if (!m) throw new Error(`cannot model the schedule ${expression}: only rate(N minutes|hours)`);
  return Number(m[1]) * (m[2]!.startsWith('hour') ? 60 : 1);
}

function moduleBlock(mainTf: string, name: string): string {
  const start = mainTf.indexOf(`module "${name}" {`);
  if (start < 0) throw new Error(`terraform/main.tf has no module "${name}"`);
  const end = mainTf.indexOf('\nmodule "', start + 1);
  return mainTf.slice(start, end < 0 ? undefined : end);
}

function hclNumber(text: string, key: string, where: string): number {
  const m = new RegExp(`^\\s*${key}\\s*=\\s*(\\d+)`, 'm').exec(text);
  if (!m) throw new Error(`no numeric ${key} in ${where}`);
  return Number(m[1]);
}

/** A variable's value in the workspace's tfvars, else its default in variables.tf. */
function variableValue(variablesTf: string, tfvars: string, name: string): string {
  const set = new RegExp(`^\\s*${name}\\s*=\\s*("[^"]*"|\\d+)`, 'm').exec(tfvars);
  if (set) return set[1]!.replace(/"/g, '');
  const block = variablesTf.slice(variablesTf.indexOf(`variable "${name}"`));
  const d = /default\s*=\s*("[^"]*"|\d+)/.exec(block);
  if (!d) throw new Error(`variable ${name} has no value and no default`);
  return d[1]!.replace(/"/g, '');
}

/** What `terraform apply -var-file=workspaces/<workspace>.tfvars` deploys, read from the HCL. */
export function deploymentFromTerraform(repoRoot: string, workspace: string): Deployment {
  const dir = join(repoRoot, 'terraform');
  const mainTf = readFileSync(join(dir, 'main.tf'), 'utf8');
  const variablesTf = readFileSync(join(dir, 'variables.tf'), 'utf8');
  const tfvars = readFileSync(join(dir, 'workspaces', `${workspace}.tfvars`), 'utf8');
  return {
    processorMemoryMb: hclNumber(moduleBlock(mainTf, 'analytics_event_processor'), 'memory_size', 'module.analytics_event_processor'),
    processorBatchSize: Number(variableValue(variablesTf, tfvars, 'processor_batch_size')),
    processorBatchingWindowSeconds: Number(variableValue(variablesTf, tfvars, 'processor_batching_window_seconds')),
    aggregatorMemoryMb: hclNumber(moduleBlock(mainTf, 'analytics_aggregator'), 'memory_size', 'module.analytics_aggregator'),
    aggregatorIntervalMinutes: scheduleMinutes(variableValue(variablesTf, tfvars, 'aggregator_schedule_expression')),
    // Terraform does not set TENANT_CONCURRENCY: the aggregator's default (its README) applies.
    aggregatorTenantConcurrency: 4,
    rawRetentionDays: hclNumber(mainTf, 'raw_events_retention_days', 'terraform/main.tf locals'),
  };
}

/** The traffic generator's defaults (its CLI: 40 sessions per tenant per weekday, seed 42). */
export const GENERATOR_DEFAULTS = { sessionsPerDay: 40, seed: 42, days: 30, tenants: 20, endDate: '2025-12-20' } as const;

/**
 * One tenant's traffic at the generator's defaults, averaged over `tenants` tenants × `days`
 * days: events per day, and, for an aggregator every `intervalMinutes`, the runs that find the
 * tenant dirty and how many events its UTC day partition holds by then.
 */
export function trafficProfile(intervalMinutes: number, options = GENERATOR_DEFAULTS): TrafficProfile & { tenants: number; days: number; sessionsPerDay: number } {
  const tenants = resolveTenants(options.tenants);
  const { events } = collectTraffic(generateSessions({ tenants, days: options.days, endDate: options.endDate, seed: options.seed, sessionsPerDay: options.sessionsPerDay, environment: 'cost' }));
  const intervalMs = intervalMinutes * 60_000;
  const perDay = new Map<string, number[]>();
  for (const e of events) {
    const key = `${e.tenant_hash}|${e.server_timestamp.slice(0, 10)}`;
    const list = perDay.get(key) ?? [];
    list.push(Date.parse(e.server_timestamp));
    perDay.set(key, list);
  }
  let dirtyRuns = 0;
  let eventsAtRuns = 0;
  for (const times of perDay.values()) {
    times.sort((a, b) => a - b);
    const windows = new Map<number, number>();
    times.forEach((t, i) => windows.set(Math.floor(t / intervalMs), i + 1)); // events so far at the window's end
    dirtyRuns += windows.size;
    for (const soFar of windows.values()) eventsAtRuns += soFar;
  }
  const tenantDays = options.tenants * options.days;
  return {
    tenants: options.tenants,
    days: options.days,
    sessionsPerDay: options.sessionsPerDay,
    eventsPerTenantPerDay: events.length / tenantDays,
    dirtyRunsPerTenantPerDay: dirtyRuns / tenantDays,
    meanDayEventsAtDirtyRun: eventsAtRuns / dirtyRuns,
  };
}

/** One event as the batcher sees it: arrival time and the lake partition it lands in. */
export interface Arrival {
  atMs: number;
  partition: string;
}

/**
 * Replays arrivals (sorted by time) through an SQS event source mapping's batcher: a batch opens
 * at its first record and is delivered when `windowSeconds` have passed or it holds `batchSize`
 * records. Returns the mean events and lake objects (distinct tenant-days) per invocation.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html (batching window)
 */
export function simulateBatching(arrivals: readonly Arrival[], windowSeconds: number, batchSize: number): Batching {
  let invocations = 0;
  let objects = 0;
  let i = 0;
  while (i < arrivals.length) {
    const closesAt = arrivals[i]!.atMs + windowSeconds * 1000;
    const partitions = new Set<string>();
    let n = 0;
    while (i < arrivals.length && n < batchSize && arrivals[i]!.atMs <= closesAt) {
      partitions.add(arrivals[i]!.partition);
      i += 1;
      n += 1;
    }
    invocations += 1;
    objects += partitions.size;
  }
  return { eventsPerInvocation: arrivals.length / invocations, objectsPerInvocation: objects / invocations };
}

/** Days of generated traffic the batching is replayed over (1,000 tenants × 3 days ≈ 400,000 events). */
export const BATCHING_DAYS = 3;

/**
 * How `tenants` tenants of default traffic batch, ours (terraform's window and batch size) and
 * the seed's (no window: what one poll finds, at most 10), replayed over generated arrivals.
 */
export function batchingAt(tenants: number, deployment: Deployment, assumptions: Assumptions, options = GENERATOR_DEFAULTS): { ours: Batching; seed: Batching } {
  const arrivals: Arrival[] = [];
  for (const session of generateSessions({ tenants: resolveTenants(tenants), days: BATCHING_DAYS, endDate: options.endDate, seed: options.seed, sessionsPerDay: options.sessionsPerDay, environment: 'cost' })) {
    for (const e of session.events) arrivals.push({ atMs: Date.parse(e.server_timestamp), partition: `${session.tenant_id}|${e.server_timestamp.slice(0, 10)}` });
  }
  arrivals.sort((a, b) => a.atMs - b.atMs);
  return {
    ours: simulateBatching(arrivals, deployment.processorBatchingWindowSeconds, deployment.processorBatchSize),
    seed: simulateBatching(arrivals, assumptions.seedPollSeconds, assumptions.seedBatchSize),
  };
}

/** UTC day partitions each seed range query reads, for a UTC tenant at `now`. */
export function seedRangeUtcDays(now: Date): number[] {
  return METRIC_RANGES.map((range) => {
    const w = metricWindow(range, 'UTC', now);
    return utcDaysCovering(w.startMs, w.endMs).length;
  });
}

/** The stated assumptions (docs/cost.md prints each with its reason). */
export function defaultAssumptions(now: Date): Assumptions {
  return {
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
    seedRangeUtcDays: seedRangeUtcDays(now),
    coldQueriesPerTenantPerMonth: 100,
    coldQueryDays: 30,
  };
}
