import type { DirtyMarkStore } from '@picasso/shared/dynamodb';
import type { CachedMetric, DayRollup } from '@picasso/shared/metrics';
import type { QueryEngine } from '@picasso/shared/query';
import type { TenantConfig } from '@picasso/shared/tenants';
import type { DailyAggregateWriter } from '@picasso/shared/legacy';

/** The processor's dirty marks, as the aggregator reads and clears them (one adapter, `@picasso/shared/dynamodb`). */
export type { DirtyMark, DirtyMarkStore } from '@picasso/shared/dynamodb';

/** Tenant configs (time zone, business hours, forms). */
export interface TenantConfigSource {
  findConfig(tenantId: string): Promise<TenantConfig | null>;
}

/** Day rollups (the shared `RollupStore`). */
export interface RollupWriter {
  readDayRollups(tenantId: string, firstDay: string, lastDay: string): Promise<DayRollup[]>;
  replaceDayRollup(rollup: DayRollup): Promise<void>;
}

/** What the cache holds per tenant, enough to tell whether it needs a recompute. */
export interface CacheState {
  tenantId: string;
  updatedAt: string;
  /** `range_end` of the tenant's 1d items: the local day the cache was computed for. */
  rangeEnd: string;
}

export interface MetricCacheWriter {
  putMetrics(items: CachedMetric[]): Promise<void>;
  /** One entry per tenant that has cache items. */
  listCacheStates(): Promise<CacheState[]>;
}

export interface AggregatorPorts {
  engine: QueryEngine;
  marks: DirtyMarkStore;
  tenants: TenantConfigSource;
  rollups: RollupWriter;
  cache: MetricCacheWriter;
  /** The legacy path's daily items and archive files; absent, no daily items are written. */
  daily?: DailyAggregateWriter;
}
