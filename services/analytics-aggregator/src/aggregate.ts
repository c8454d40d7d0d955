import {
  addDays,
  asError,
  buildDayRollups,
  computeAllMetrics,
  localTime,
  rollupDaysForAllRanges,
  tenantHourlyRollupQuery,
  toCachedMetric,
  type MetricTenant,
  type RollupQueryRow,
  type DayRollup,
  type TenantConfig,
} from '@picasso/shared';
import { forEachLimited } from '@picasso/shared/concurrency';
import type { DirtyMark } from '@picasso/shared/dynamodb';
import type { AggregatorPorts } from './ports';
import { buildDailyItems, TABLE_TIER_DAYS } from '@picasso/shared/legacy';

/** A tenant with no config is still aggregated, in UTC with office hours, so no data is dropped. */
export const FALLBACK_TENANT: MetricTenant = {
  timezone: 'UTC',
  business_hours: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] },
  forms: [],
};

/** Dirty days of one tenant read by one query at most; more wait for the next query. */
export const MAX_DAYS_PER_QUERY = 100;

export interface AggregationOptions {
  /** Tenants processed in parallel. */
  concurrency: number;
  /** A tenant whose cache is older than this is recomputed from rollups even without new events. */
  cacheRefreshAfterMs: number;
}

export interface TenantFailure {
  tenantId: string;
  error: Error;
}

export interface AggregationReport {
  queriesRun: number;
  bytesScanned: number;
  tenantDaysProcessed: number;
  /** Tenants whose cache was rewritten (dirty or stale). */
  tenantsRefreshed: number;
  cacheItemsWritten: number;
  /** Legacy daily items (DATE# + FORMS# + archive file) written, one per tenant-local day. */
  dailyDaysWritten: number;
  marksCleared: number;
  /** Marks set again while the run worked: their days are recomputed next run. */
  marksKept: number;
  /**
   * Age in seconds of the oldest tenant cache once the run is done (a tenant refreshed by this run
   * counts 0); 0 with no cache at all. Published as `CacheAgeSeconds`: a stale dashboard alarm.
   */
  oldestCacheAgeSeconds: number;
  failures: TenantFailure[];
}

/**
 * One incremental aggregation run (docs/architecture.md, "Incremental aggregation"):
 * 1. read the dirty (tenant, UTC day) marks;
 * 2. per dirty tenant, ONE query over just those partitions, grouped by UTC hour, deduplicated
 *    on `event_id`; each day's rollup replaced wholesale;
 * 3. every metric type × four ranges merged from rollups in the tenant's time zone and written to
 *    the cache with a 24 h TTL; tenants with no new events but a cache from another local day
 *    (or older than `cacheRefreshAfterMs`) are recomputed from rollups with no query;
 * 4. each mark deleted only if unchanged since step 1.
 * Running it again with nothing new does nothing: no mark, no stale cache, no query, no write.
 * A failing tenant keeps its marks (retried next run) and does not stop the others.
 */
export class Aggregator {
  constructor(
    private readonly ports: AggregatorPorts,
    private readonly options: AggregationOptions,
  ) {}

  async run(now: Date): Promise<AggregationReport> {
    const report: AggregationReport = {
      queriesRun: 0,
      bytesScanned: 0,
      tenantDaysProcessed: 0,
      tenantsRefreshed: 0,
      cacheItemsWritten: 0,
      dailyDaysWritten: 0,
      marksCleared: 0,
      marksKept: 0,
      oldestCacheAgeSeconds: 0,
      failures: [],
    };
    const [marks, cacheStates] = await Promise.all([this.ports.marks.listMarks(), this.ports.cache.listCacheStates()]);
    const dirty = new Map<string, DirtyMark[]>();
    for (const m of marks) dirty.set(m.tenantId, [...(dirty.get(m.tenantId) ?? []), m]);
    const configs = new Map<string, MetricTenant>();
    const tenantOf = async (tenantId: string) => {
      let config = configs.get(tenantId);
      if (!config) {
        config = toMetricTenant(await this.ports.tenants.findConfig(tenantId));
        configs.set(tenantId, config);
      }
      return config;
    };

    const stale: string[] = [];
    for (const state of cacheStates) {
      if (dirty.has(state.tenantId)) continue;
      const tenant = await tenantOf(state.tenantId).catch(() => FALLBACK_TENANT);
      const today = localTime(now.getTime(), tenant.timezone).date;
      const age = now.getTime() - Date.parse(state.updatedAt);
      if (state.rangeEnd !== today || !(age < this.options.cacheRefreshAfterMs)) stale.push(state.tenantId);
    }

    const refreshed = new Set<string>();
    const work = [...[...dirty.keys()].map((t) => ({ tenantId: t, marks: dirty.get(t)! })), ...stale.map((t) => ({ tenantId: t, marks: [] as DirtyMark[] }))];
    await forEachLimited(work, this.options.concurrency, async ({ tenantId, marks: tenantMarks }) => {
      try {
        const tenant = await tenantOf(tenantId);
        await this.refreshTenant(tenantId, tenant, tenantMarks, now, report);
        refreshed.add(tenantId);
      } catch (thrown) {
        report.failures.push({ tenantId, error: asError(thrown) });
      }
    });
    const ages = cacheStates.filter((c) => !refreshed.has(c.tenantId)).map((c) => (now.getTime() - Date.parse(c.updatedAt)) / 1000);
    report.oldestCacheAgeSeconds = Math.max(0, ...ages.filter((a) => Number.isFinite(a)));
    return report;
  }

  private async writeDailyAggregates(tenantId: string, tenant: MetricTenant, marks: DirtyMark[], rollups: DayRollup[], now: Date): Promise<number> {
    if (!this.ports.daily) return 0;
    return writeDailyDays(this.ports.daily, { tenantId, tenant, marks, rollups, now });
  }

  private async refreshTenant(tenantId: string, tenant: MetricTenant, marks: DirtyMark[], now: Date, report: AggregationReport): Promise<void> {
    const days = [...new Set(marks.map((m) => m.day))].sort();
    for (let i = 0; i < days.length; i += MAX_DAYS_PER_QUERY) {
      const chunk = days.slice(i, i + MAX_DAYS_PER_QUERY);
      const { sql, params } = tenantHourlyRollupQuery(tenantId, chunk);
      const result = await this.ports.engine.query<RollupQueryRow>(sql, params);
      report.queriesRun += 1;
      report.bytesScanned += result.bytesScanned;
      for (const rollup of buildDayRollups(tenantId, chunk, result.rows, now)) await this.ports.rollups.replaceDayRollup(rollup);
      report.tenantDaysProcessed += chunk.length;
    }

    const needed = rollupDaysForAllRanges(tenant.timezone, now);
    const rollups = await this.ports.rollups.readDayRollups(tenantId, needed[0]!, needed[needed.length - 1]!);
    const items = computeAllMetrics(rollups, tenant, now).map((m) => toCachedMetric(tenantId, m.range, m, now));
    await this.ports.cache.putMetrics(items);
    report.cacheItemsWritten += items.length;
    report.tenantsRefreshed += 1;
    report.dailyDaysWritten += await this.writeDailyAggregates(tenantId, tenant, marks, rollups, now);

    for (const mark of marks) {
      if (await this.ports.marks.clearMark(mark)) report.marksCleared += 1;
      else report.marksKept += 1;
    }
  }
}

/**
 * The legacy daily items of finished tenant-local days: yesterday once (the first run after the
 * tenant's local midnight finds no item), and again any finished day whose UTC days had new
 * events (late or replayed events). Built from the rollups just read, which cover the last 90
 * local days; older days are rebuilt by the backfill command.
 */
async function writeDailyDays(
  writer: NonNullable<AggregatorPorts['daily']>,
  input: { tenantId: string; tenant: MetricTenant; marks: DirtyMark[]; rollups: DayRollup[]; now: Date },
): Promise<number> {
  const today = localTime(input.now.getTime(), input.tenant.timezone).date;
  const oldest = addDays(today, -(TABLE_TIER_DAYS - 1));
  const dates = new Set<string>();
  for (const mark of input.marks) {
    const startMs = Date.parse(`${mark.day}T00:00:00Z`);
    for (const t of [startMs, startMs + 86_400_000 - 1]) {
      const date = localTime(t, input.tenant.timezone).date;
      if (date < today && date >= oldest) dates.add(date);
    }
  }
  const yesterday = addDays(today, -1);
  if (!dates.has(yesterday) && !(await writer.hasDay(input.tenantId, yesterday))) dates.add(yesterday);
  for (const date of [...dates].sort()) await writer.writeDay(buildDailyItems(input.tenantId, date, input.rollups, input.tenant));
  return dates.size;
}

function toMetricTenant(config: TenantConfig | null): MetricTenant {
  if (!config) return FALLBACK_TENANT;
  return { timezone: config.timezone, business_hours: config.business_hours, forms: config.forms };
}
