import { AthenaQueryEngine, awsClients, createLogger, createMetrics, DynamoDbRollupStore, loadConfig, S3TenantDirectory } from '@picasso/shared';
import { DynamoDbS3DailyAggregates } from '@picasso/shared/legacy';
import { DynamoDbDirtyMarks } from './adapters/dynamodb-dirty-marks';
import { DynamoDbMetricCacheWriter } from './adapters/dynamodb-metric-cache';
import { aggregatorEnv } from './config';
import { createHandler } from './create-handler';

// Cold start: config validated once (a missing variable stops the function here, by name);
// clients live for the life of the execution environment.
const config = loadConfig(aggregatorEnv);
const doc = awsClients.documentClient();

export const handler = createHandler({
  logger: createLogger('analytics-aggregator'),
  metrics: createMetrics('analytics-aggregator'),
  engine: new AthenaQueryEngine(awsClients.athena(), {
    workgroup: config.ATHENA_WORKGROUP,
    database: config.ATHENA_DATABASE,
    timeoutMs: config.ATHENA_QUERY_TIMEOUT_SECONDS * 1000,
  }),
  marks: new DynamoDbDirtyMarks(doc, config.DIRTY_PARTITIONS_TABLE),
  tenants: new S3TenantDirectory(awsClients.s3(), config.CONFIG_BUCKET),
  rollups: new DynamoDbRollupStore(doc, config.ROLLUPS_TABLE),
  cache: new DynamoDbMetricCacheWriter(doc, config.DASHBOARD_CACHE_TABLE),
  daily: new DynamoDbS3DailyAggregates(doc, config.DAILY_AGGREGATES_TABLE, awsClients.s3(), config.ARCHIVE_BUCKET),
  concurrency: config.TENANT_CONCURRENCY,
  cacheRefreshAfterMs: config.CACHE_REFRESH_AFTER_SECONDS * 1000,
});
