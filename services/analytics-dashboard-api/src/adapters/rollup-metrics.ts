import { computeMetricFromRollups, metricWindow, rollupDaysFor, rollupDaysForAllRanges, type DayRollup, type MetricPeriod, type MetricTenant, type RollupStore } from '@picasso/shared';
import type { MetricFigures, RollupMetrics } from '../metrics/ports';

/**
 * Whether the aggregator's rollups fully cover a period: a preset always (it is what the aggregator
 * caches); a custom period when every UTC day it needs (conversation lookback included) lies within
 * the days the aggregator keeps current for the presets (the 90-day range and its lookback). Within
 * that horizon every day with events has a rollup, since every lake write marks its day dirty and
 * each run rolls up every dirty day; a day without a rollup had no events (docs/decisions.md §25).
 */
export function rollupsCover(period: MetricPeriod, tenant: MetricTenant, now: Date): boolean {
  if (typeof period === 'string') return true;
  const needed = rollupDaysFor(metricWindow(period, tenant.timezone, now));
  const horizon = rollupDaysForAllRanges(tenant.timezone, now);
  return needed[0]! >= horizon[0]! && needed[needed.length - 1]! <= horizon[horizon.length - 1]!;
}

/**
 * The cache-miss path over the aggregator's rollups, with the very merge the aggregator uses
 * (`computeMetricFromRollups`). The figures are as fresh as the newest rollup read; a tenant
 * with no rollups in the range (the aggregator has not run for it yet) or a period the rollups do
 * not cover is not answered here, so the caller falls through to the lake rather than serving zeros.
 */
export class RollupStoreMetrics implements RollupMetrics {
  constructor(private readonly store: RollupStore) {}

  async mergeFromRollups(input: Parameters<RollupMetrics['mergeFromRollups']>[0]): Promise<MetricFigures | null> {
    const { tenantId, tenant, metric, period, now } = input;
    if (!rollupsCover(period, tenant, now)) return null;
    const read: DayRollup[] = [];
    const recording: RollupStore = {
      readDayRollups: async (id, firstDay, lastDay) => {
        const rollups = await this.store.readDayRollups(id, firstDay, lastDay);
        read.push(...rollups);
        return rollups;
      },
      replaceDayRollup: () => Promise.reject(new Error('the dashboard API never writes rollups')),
    };
    const computed = await computeMetricFromRollups(recording, tenantId, tenant, metric, period, now);
    if (read.length === 0) return null;
    const newest = read.reduce((a, r) => (r.computed_at > a ? r.computed_at : a), read[0]!.computed_at);
    return { data: computed.data, period: { start_date: computed.range_start, end_date: computed.range_end }, updatedAt: new Date(newest) };
  }
}
