import {
  buildDayRollups,
  computeAllMetrics,
  forEachLimited,
  rollupDaysForAllRanges,
  tenantHourlyRollupQuery,
  toCachedMetric,
  UnknownTenantError,
  type MetricTenant,
  type RollupQueryRow,
} from '@picasso/shared';
import { MAX_DAYS_PER_QUERY } from 'analytics-aggregator/aggregate';
import { planRebuild, type RebuildPlan, type SkippedDays } from './plan';
import type { LakeInventory, LakeObject, RebuildIo, RebuildPorts } from './ports';

export interface RebuildInput {
  tenantId: string;
  /** First and last UTC lake day (`YYYY-MM-DD`, inclusive). */
  from: string;
  to: string;
  dryRun: boolean;
  /** The rebuild's clock: retention window, `computed_at`, the cache's ranges and `updated_at`. */
  now: Date;
}

/** The final JSON line: what was (or, in a dry run, would be) done. */
export interface RebuildSummary {
  tenant_id: string;
  timezone: string;
  dry_run: boolean;
  from: string;
  to: string;
  /** UTC days rebuilt (or to rebuild): the requested range within the lake's retention and today. */
  days: number;
  first_day: string | null;
  last_day: string | null;
  skipped_before_retention: SkippedDays | null;
  skipped_future: SkippedDays | null;
  /** Partitions with at least one object, their objects and bytes: what Athena reads and bills. */
  partitions_with_objects: number;
  objects: number;
  lake_bytes: number;
  /** One per chunk of at most `MAX_DAYS_PER_QUERY` days; 1 for any range inside the retention. */
  queries_planned: number;
  queries_run: number;
  bytes_scanned: number;
  rollups_written: number;
  cache_items_written: number;
  /** Days marked dirty at the end, so the aggregator's next run recomputes them (docs/decisions.md §50). */
  handed_to_aggregator: string[];
}

/** Partitions listed at once: S3 answers each in tens of milliseconds, and a range is ≤ 90 of them. */
const LISTING_CONCURRENCY = 8;

/**
 * Rebuilds one tenant's rollups and dashboard cache for a range of UTC lake days, from the lake,
 * with the aggregator's own parts (docs/runbook.md, "Rebuilding rollups (history)"):
 * 1. checks the range against the lake's retention and today (`planRebuild`) and the tenant;
 * 2. lists each partition (objects and bytes: what Athena will scan); a dry run stops here;
 * 3. runs the aggregator's rollup query once per chunk of ≤ `MAX_DAYS_PER_QUERY` days (one for
 *    any range the lake still holds) and replaces each day's rollup wholesale (`buildDayRollups`);
 * 4. recomputes the tenant's whole cache from rollups (`computeAllMetrics`), as the aggregator does;
 * 5. hands days back to the aggregator by marking them dirty, as the processor does: days that
 *    were dirty when it started, days whose objects changed while it ran, and its last day, so a
 *    concurrent aggregator run can never leave older figures behind (docs/decisions.md §50).
 * The same lake gives the same rollups and cache, so running it again changes nothing but the
 * timestamps.
 */
export async function rebuildRollups(input: RebuildInput, ports: RebuildPorts, io: RebuildIo): Promise<RebuildSummary> {
  const plan = planRebuild({ from: input.from, to: input.to, now: input.now, maxDaysPerQuery: MAX_DAYS_PER_QUERY });
  const config = await ports.tenants.findConfig(input.tenantId);
  if (!config) throw new UnknownTenantError(`tenant ${input.tenantId} has no configuration in the config bucket: not a tenant (onboard it with make tenant first)`);
  const tenant: MetricTenant = { timezone: config.timezone, business_hours: config.business_hours, forms: config.forms };
  const { tenantId } = input;
  const prefix = input.dryRun ? 'dry run: ' : '';

  io.progress(`${prefix}tenant ${tenantId} (${tenant.timezone}): UTC days ${plan.days[0]} … ${plan.days.at(-1)} (${plan.days.length} days), ${plan.chunks.length} ${plan.chunks.length === 1 ? 'query' : 'queries'}`);
  if (plan.beforeRetention) io.progress(`${prefix}skipped ${describe(plan.beforeRetention)}: before the lake's retention (oldest whole day ${plan.oldestLakeDay}); their rollups stay as they are`);
  if (plan.future) io.progress(`${prefix}skipped ${describe(plan.future)}: after today (${plan.today} UTC)`);
  if (plan.chunks.length > 1) io.progress(`${prefix}${plan.chunks.length} queries: at most ${MAX_DAYS_PER_QUERY} days per query, the aggregator's bound`);

  const before = await listPartitions(ports.lake, tenantId, plan.days);
  const summary = emptySummary(input, tenant, plan, before);
  if (input.dryRun) {
    for (const day of plan.days) {
      const objects = before.get(day)!;
      io.progress(`dry run: ${day} objects=${objects.length} bytes=${sumBytes(objects)}`);
    }
  }
  io.progress(
    `${prefix}lake: ${summary.partitions_with_objects} of ${plan.days.length} partitions hold ${summary.objects} objects, ${summary.lake_bytes} bytes (the bytes Athena scans; it bills at least 10 MB per query)`,
  );
  if (input.dryRun) {
    io.progress('dry run: nothing queried, nothing written');
    return summary;
  }

  // Read before any write: a day dirty now may be in an aggregator run that writes after us.
  const dirtyAtStart = new Set((await ports.marks.listMarks()).filter((m) => m.tenantId === tenantId && before.has(m.day)).map((m) => m.day));

  for (const [i, chunk] of plan.chunks.entries()) {
    const label = `query ${i + 1}/${plan.chunks.length}`;
    io.progress(`${label} submitted: ${chunk[0]} … ${chunk.at(-1)} (${chunk.length} partitions)`);
    const { sql, params } = tenantHourlyRollupQuery(tenantId, chunk);
    const result = await ports.engine.query<RollupQueryRow>(sql, params);
    summary.queries_run += 1;
    summary.bytes_scanned += result.bytesScanned;
    io.progress(`${label} succeeded (${result.queryId}): ${result.bytesScanned} bytes scanned, ${result.rows.length} rows`);
    for (const rollup of buildDayRollups(tenantId, chunk, result.rows, input.now)) {
      await ports.rollups.replaceDayRollup(rollup);
      summary.rollups_written += 1;
      io.progress(`rollups written ${summary.rollups_written}/${plan.days.length} (${rollup.day})`);
    }
  }

  const needed = rollupDaysForAllRanges(tenant.timezone, input.now);
  const rollups = await ports.rollups.readDayRollups(tenantId, needed[0]!, needed.at(-1)!);
  const items = computeAllMetrics(rollups, tenant, input.now).map((m) => toCachedMetric(tenantId, m.range, m, input.now));
  await ports.cache.putMetrics(items);
  summary.cache_items_written = items.length;
  io.progress(`cache refreshed: ${items.length} items from the rollups of ${needed[0]} … ${needed.at(-1)}`);

  const after = await listPartitions(ports.lake, tenantId, plan.days);
  const changed = plan.days.filter((day) => fingerprint(before.get(day)!) !== fingerprint(after.get(day)!));
  const handBack = [...new Set([...dirtyAtStart, ...changed, plan.days.at(-1)!])].sort();
  for (const day of handBack) await ports.marks.markDirty({ tenantId, day }, input.now);
  summary.handed_to_aggregator = handBack;
  io.progress(
    `handed ${handBack.length} day(s) to the aggregator's next run: ${[
      dirtyAtStart.size ? `${dirtyAtStart.size} dirty at the start` : '',
      changed.length ? `${changed.length} with objects written meanwhile` : '',
      `${plan.days.at(-1)} so its next run recomputes the cache after this one`,
    ]
      .filter(Boolean)
      .join('; ')}`,
  );
  return summary;
}

async function listPartitions(lake: LakeInventory, tenantId: string, days: readonly string[]): Promise<Map<string, LakeObject[]>> {
  const listed = new Map<string, LakeObject[]>();
  await forEachLimited(days, LISTING_CONCURRENCY, async (day) => {
    listed.set(day, await lake.listPartition({ tenantId, day }));
  });
  return listed;
}

/** What a partition held: equal fingerprints mean the query saw every object there is. */
function fingerprint(objects: readonly LakeObject[]): string {
  return objects
    .map((o) => `${o.key} ${o.etag} ${o.bytes}`)
    .sort()
    .join('\n');
}

const sumBytes = (objects: readonly LakeObject[]) => objects.reduce((s, o) => s + o.bytes, 0);
const describe = (s: SkippedDays) => `${s.count} day(s) ${s.first} … ${s.last}`;

function emptySummary(input: RebuildInput, tenant: MetricTenant, plan: RebuildPlan, listed: Map<string, LakeObject[]>): RebuildSummary {
  const all = [...listed.values()];
  return {
    tenant_id: input.tenantId,
    timezone: tenant.timezone,
    dry_run: input.dryRun,
    from: input.from,
    to: input.to,
    days: plan.days.length,
    first_day: plan.days[0] ?? null,
    last_day: plan.days.at(-1) ?? null,
    skipped_before_retention: plan.beforeRetention,
    skipped_future: plan.future,
    partitions_with_objects: all.filter((o) => o.length > 0).length,
    objects: all.reduce((s, o) => s + o.length, 0),
    lake_bytes: all.reduce((s, o) => s + sumBytes(o), 0),
    queries_planned: plan.chunks.length,
    queries_run: 0,
    bytes_scanned: 0,
    rollups_written: 0,
    cache_items_written: 0,
    handed_to_aggregator: [],
  };
}
