import type { CachedMetric, DayRollup, QueryEngine, TenantConfig } from '@picasso/shared';
import type { DailyAggregateWriter } from '@picasso/shared/legacy';

/** One (tenant, UTC day) the processor wrote to since the last run, with its mark's version. */
export interface DirtyMark {
  tenantId: string;
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  version: number;
}

/** The processor's dirty marks, as the aggregator reads and clears them. */
export interface DirtyMarkStore {
  listMarks(): Promise<DirtyMark[]>;
  /**
   * Deletes the mark only if its version is still `mark.version`; returns false when a newer
   * mark was set meanwhile (the day is dirty again and stays for the next run).
   */
  clearMark(mark: DirtyMark): Promise<boolean>;
}

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
