/**
 * `@picasso/shared/dynamodb`: every DynamoDB item shared by two services, with its one adapter:
 * dirty marks (processor → aggregator), day rollups and the metric cache (aggregator → API).
 */
export * from './dirty-marks';
export { batchWriteAll, computeMetricFromRollups, DynamoDbRollupStore, type RollupStore } from '../metrics/rollup-store';
export { DynamoDbMetricCache, type MetricCache } from '../metrics/metric-cache';
export { DynamoDbAuditTrail, type AuditTrail, type PiiReadAudit } from '../audit/pii-read-audit';
