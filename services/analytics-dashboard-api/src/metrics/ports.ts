import type { MetricCache as SharedMetricCache, MetricData, MetricPeriod, MetricTenant, MetricType } from '@picasso/shared';
import type { DataSource } from '@picasso/shared/api-contract';
import type { Period } from '../params';

/** Where an answer came from (every response says so). */
export type MetricSource = Exclude<DataSource, 'submissions'>;

/** A metric's figures with the local days they cover and when they were computed. */
export interface MetricFigures<T extends MetricType = MetricType> {
  data: MetricData[T];
  period: Period;
  updatedAt: Date;
}

/**
 * What every metric port is asked: `tenantId` is the token's tenant and the only key of every
 * read; `tenant` is the calendar (time zone, business hours, forms) from the tenant's config file,
 * which carries no key on purpose, so a config naming another tenant cannot redirect a read.
 */
export interface MetricRequest {
  tenantId: string;
  tenant: MetricTenant;
  metric: MetricType;
  now: Date;
}

/**
 * Port: the pre-computed item of the dashboard cache table, or null when absent or past its TTL
 * (the shared `DynamoDbMetricCache` the aggregator writes through implements it).
 */
export type MetricCache = Pick<SharedMetricCache, 'getMetric'>;

/**
 * Port: a period merged on request from the aggregator's rollups; null when rollups cannot answer
 * it (none yet for a preset, or a custom period they do not fully cover).
 */
export interface RollupMetrics {
  mergeFromRollups(input: MetricRequest & { period: MetricPeriod }): Promise<MetricFigures | null>;
}

/** Port: any range computed from the lake through the query engine (Athena in AWS, DuckDB locally). */
export interface ColdPathMetrics {
  computeFromLake(input: MetricRequest & { period: Period }): Promise<MetricFigures>;
}

/**
 * Port: a per-tenant bound on cold-path queries in flight across every instance of the function.
 * `withSlot` runs `work` holding one of the tenant's slots, or throws `TooManyRequestsError` when
 * all are taken.
 */
export interface ColdPathSlots {
  withSlot<T>(tenantId: string, work: () => Promise<T>): Promise<T>;
}
