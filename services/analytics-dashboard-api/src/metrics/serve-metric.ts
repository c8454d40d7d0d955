import type { CachedMetric, MetricData, MetricTenant, MetricType } from '@picasso/shared';
import { resolvePeriod, type RangeRequest } from '../params';
import type { ColdPathMetrics, ColdPathSlots, MetricCache, MetricFigures, MetricSource, RollupMetrics } from './ports';

export interface MetricServicePorts {
  cache: MetricCache;
  rollups: RollupMetrics;
  coldPath: ColdPathMetrics;
  coldPathSlots: ColdPathSlots;
  now: () => Date;
  /** A cache item older than this is stale (docs/architecture.md, "Incremental aggregation": fresh < 2 h). */
  cacheMaxAgeMs: number;
}

export interface MetricAnswer<T extends MetricType = MetricType> extends MetricFigures<T> {
  source: MetricSource;
}

/**
 * Fresh means usable: computed less than `maxAgeMs` ago and its TTL not passed (DynamoDB deletes
 * expired items up to days late, so a reader must check `ttl` itself).
 */
export function isFresh(item: CachedMetric, now: Date, maxAgeMs: number): boolean {
  const updated = Date.parse(item.updated_at);
  if (!Number.isFinite(updated)) return false;
  const age = now.getTime() - updated;
  return age < maxAgeMs && Number(item.ttl) > now.getTime() / 1000;
}

/**
 * Answers one metric for the token's tenant (`tenantId`; `tenant` is only its calendar): a preset
 * range from the cache when fresh, else merged from rollups; a custom range from rollups when they
 * fully cover it; anything else from the lake through the query engine, holding one of the
 * tenant's cold-path slots.
 */
export async function serveMetric(
  input: { tenantId: string; tenant: MetricTenant; metric: MetricType; range: RangeRequest },
  ports: MetricServicePorts,
): Promise<MetricAnswer> {
  const { tenantId, tenant, metric, range } = input;
  const now = ports.now();
  const period = resolvePeriod(range, tenant.timezone, now);
  if (range.kind === 'preset') {
    const item = await ports.cache.getMetric(tenantId, metric, range.range, now);
    if (item && isFresh(item, now, ports.cacheMaxAgeMs)) {
      return {
        source: 'cache',
        data: item.data as MetricData[MetricType],
        period: { start_date: item.range_start ?? period.start_date, end_date: item.range_end ?? period.end_date },
        updatedAt: new Date(item.updated_at),
      };
    }
  }
  const merged = await ports.rollups.mergeFromRollups({ tenantId, tenant, metric, period: range.kind === 'preset' ? range.range : period, now });
  if (merged) return { source: 'rollups', ...merged };
  const computed = await ports.coldPathSlots.withSlot(tenantId, () => ports.coldPath.computeFromLake({ tenantId, tenant, metric, period, now }));
  return { source: 'athena', ...computed };
}
