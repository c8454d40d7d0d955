import { buildDayRollups, computeMetric, metricWindow, rollupDaysFor, tenantHourlyRollupQuery, type QueryEngine, type RollupQueryRow } from '@picasso/shared';
import type { ColdPathMetrics, MetricFigures } from '../metrics/ports';

/**
 * The cold path: any period straight from the lake. It runs the aggregator's own rollup query
 * (one scan of the tenant's partitions the period touches) through the query engine port and
 * merges the rows with the aggregator's own `computeMetric`, so a cold answer equals what the
 * cache would hold for the same period. The figures are as of now.
 */
export class QueryEngineMetrics implements ColdPathMetrics {
  constructor(
    private readonly engine: QueryEngine,
    /** Told what each query cost (Athena bills bytes scanned). */
    private readonly onQuery: (stats: { bytesScanned: number; durationMs: number }) => void = () => undefined,
  ) {}

  async computeFromLake(input: Parameters<ColdPathMetrics['computeFromLake']>[0]): Promise<MetricFigures> {
    const { tenantId, tenant, metric, period, now } = input;
    const days = rollupDaysFor(metricWindow(period, tenant.timezone, now), metric, tenant.timezone);
    const { sql, params } = tenantHourlyRollupQuery(tenantId, days);
    const started = Date.now();
    const { rows, bytesScanned } = await this.engine.query<RollupQueryRow>(sql, params);
    this.onQuery({ bytesScanned, durationMs: Date.now() - started });
    const rollups = buildDayRollups(tenantId, days, rows, now);
    const computed = computeMetric(metric, period, rollups, tenant, now);
    return { data: computed.data, period: { start_date: computed.range_start, end_date: computed.range_end }, updatedAt: now };
  }
}
