import { computeMetricFromRollups, type DayRollup, type RollupStore } from '@picasso/shared';
import type { MetricFigures, RollupMetrics } from '../metrics/ports';

/**
 * The cache-miss path over the aggregator's rollups, with the very merge the aggregator uses
 * (`computeMetricFromRollups`). The figures are as fresh as the newest rollup read; a tenant
 * with no rollups in the range (the aggregator has not run for it yet) is not answered here,
 * so the caller falls through to the lake rather than serving zeros.
 */
export class RollupStoreMetrics implements RollupMetrics {
  constructor(private readonly store: RollupStore) {}

  async mergeFromRollups(input: Parameters<RollupMetrics['mergeFromRollups']>[0]): Promise<MetricFigures | null> {
    const { tenant, metric, range, now } = input;
    const read: DayRollup[] = [];
    const recording: RollupStore = {
      readDayRollups: async (tenantId, firstDay, lastDay) => {
        const rollups = await this.store.readDayRollups(tenantId, firstDay, lastDay);
        read.push(...rollups);
        return rollups;
      },
      replaceDayRollup: () => Promise.reject(new Error('the dashboard API never writes rollups')),
    };
    const computed = await computeMetricFromRollups(recording, tenant.tenant_id, tenant, metric, range, now);
    if (read.length === 0) return null;
    const newest = read.reduce((a, r) => (r.computed_at > a ? r.computed_at : a), read[0]!.computed_at);
    return { data: computed.data, period: { start_date: computed.range_start, end_date: computed.range_end }, updatedAt: new Date(newest) };
  }
}
