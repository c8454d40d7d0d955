import { athenaClient } from '@picasso/shared/aws/athena';
import { documentClient } from '@picasso/shared/aws/dynamodb';
import { s3Client } from '@picasso/shared/aws/s3';
import { loadConfig } from '@picasso/shared/config';
import { DynamoDbDirtyMarkStore, DynamoDbRollupStore } from '@picasso/shared/dynamodb';
import { createLogger, createMetrics } from '@picasso/shared/observability';
import { AthenaQueryEngine } from '@picasso/shared/query';
import { S3TenantDirectory } from '@picasso/shared/tenants';
import { DynamoDbS3DailyAggregates } from '@picasso/shared/legacy';
import { DynamoDbMetricCacheWriter } from './adapters/dynamodb-metric-cache';
import { aggregatorEnv } from './config';
import { createHandler } from './create-handler';

// Cold start: config validated once (a missing variable stops the function here, by name);
// clients live for the life of the execution environment.
const config = loadConfig(aggregatorEnv);
const doc = documentClient();

export const handler = createHandler({
  logger: createLogger('analytics-aggregator'),
  metrics: createMetrics('analytics-aggregator'),
  engine: new AthenaQueryEngine(athenaClient(), {
    workgroup: config.ATHENA_WORKGROUP,
    database: config.ATHENA_DATABASE,
    timeoutMs: config.ATHENA_QUERY_TIMEOUT_SECONDS * 1000,
  }),
  marks: new DynamoDbDirtyMarkStore(doc, config.DIRTY_PARTITIONS_TABLE),
  tenants: new S3TenantDirectory(s3Client(), config.CONFIG_BUCKET),
  rollups: new DynamoDbRollupStore(doc, config.ROLLUPS_TABLE),
  cache: new DynamoDbMetricCacheWriter(doc, config.DASHBOARD_CACHE_TABLE),
  daily: new DynamoDbS3DailyAggregates(doc, config.DAILY_AGGREGATES_TABLE, s3Client(), config.ARCHIVE_BUCKET),
  concurrency: config.TENANT_CONCURRENCY,
  cacheRefreshAfterMs: config.CACHE_REFRESH_AFTER_SECONDS * 1000,
});
