import type { MetricCache as SharedMetricCache, MetricData, MetricRange, MetricType, TenantConfig } from '@picasso/shared';
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
 * Port: the pre-computed item of the dashboard cache table, or null when absent or past its TTL
 * (the shared `DynamoDbMetricCache` the aggregator writes through implements it).
 */
export type MetricCache = Pick<SharedMetricCache, 'getMetric'>;

/** Port: a preset range merged on request from the aggregator's rollups; null when rollups cannot answer. */
export interface RollupMetrics {
  mergeFromRollups(input: { tenant: TenantConfig; metric: MetricType; range: MetricRange; now: Date }): Promise<MetricFigures | null>;
}

/** Port: any range computed from the lake through the query engine (Athena in AWS, DuckDB locally). */
export interface ColdPathMetrics {
  computeFromLake(input: { tenant: TenantConfig; metric: MetricType; period: Period; now: Date }): Promise<MetricFigures>;
}
