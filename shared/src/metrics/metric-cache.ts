import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransientError } from '../errors';
import type { ComputedMetric } from './compute';
import { batchWriteAll } from './rollup-store';
import { cacheKey, type CachedMetric, type MetricRange, type MetricType } from './types';

/** How long a cache item lives (seed: 24 h TTL). */
export const CACHE_TTL_SECONDS = 24 * 3600;

/** Builds the cache item of a computed metric (`ttl` = `updated_at` + 24 h, epoch seconds). */
export function toCachedMetric<T extends MetricType>(tenantId: string, range: MetricRange, computed: ComputedMetric<T>, updatedAt: Date): CachedMetric<T> {
  return {
    ...cacheKey(tenantId, computed.metric, range),
    data: computed.data,
    range_start: computed.range_start,
    range_end: computed.range_end,
    updated_at: updatedAt.toISOString(),
    ttl: Math.floor(updatedAt.getTime() / 1000) + CACHE_TTL_SECONDS,
  };
}

/** Port: the dashboard metric cache. */
export interface MetricCache {
  putMetrics(items: CachedMetric[]): Promise<void>;
  /** The cached item, or `null` when absent or past its TTL (DynamoDB deletes expired items late). */
  getMetric<T extends MetricType>(tenantId: string, metric: T, range: MetricRange, now: Date): Promise<CachedMetric<T> | null>;
}

/** The cache in the dashboard aggregates table (seed keys `TENANT#…` / `METRIC#<type>#<range>`). */
export class DynamoDbMetricCache implements MetricCache {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async putMetrics(items: CachedMetric[]): Promise<void> {
    await batchWriteAll(this.doc, this.table, items.map((Item) => ({ PutRequest: { Item } })));
  }

  async getMetric<T extends MetricType>(tenantId: string, metric: T, range: MetricRange, now: Date): Promise<CachedMetric<T> | null> {
    try {
      const res = await this.doc.send(new GetCommand({ TableName: this.table, Key: cacheKey(tenantId, metric, range) }));
      const item = res.Item as CachedMetric<T> | undefined;
      if (!item || item.ttl <= Math.floor(now.getTime() / 1000)) return null;
      return item;
    } catch (error) {
      throw new TransientError(`reading cache ${tenantId} ${metric}#${range} failed: ${(error as Error).name}`, { cause: error });
    }
  }
}
