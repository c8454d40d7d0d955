import { documentClient } from '@picasso/shared/aws/dynamodb';
import { s3Client } from '@picasso/shared/aws/s3';
import { loadConfig } from '@picasso/shared/config';
import { DynamoDbDirtyMarker } from '@picasso/shared/dynamodb';
import { createLogger, createMetrics } from '@picasso/shared/observability';
import { S3TenantDirectory, TenantResolver } from '@picasso/shared/tenants';
import { S3EventStore } from './adapters/s3-stores';
import { processorEnv } from './config';
import { createHandler } from './create-handler';

// Cold start: config validated once (a missing variable stops the function here, by name),
// clients and the tenant cache live for the life of the execution environment.
const config = loadConfig(processorEnv);
const s3 = s3Client();
const events = new S3EventStore(s3, config.LAKE_BUCKET);

export const handler = createHandler({
  logger: createLogger('analytics-event-processor'),
  metrics: createMetrics('analytics-event-processor'),
  tenants: new TenantResolver(new S3TenantDirectory(s3, config.CONFIG_BUCKET), {
    ttlMs: config.TENANT_CACHE_TTL_SECONDS * 1000,
    maxEntries: config.TENANT_CACHE_MAX_ENTRIES,
  }),
  lake: events,
  quarantine: events,
  dirty: new DynamoDbDirtyMarker(documentClient(), config.DIRTY_PARTITIONS_TABLE),
  eventTimeBounds: { maxAgeMs: config.EVENT_MAX_AGE_DAYS * 86_400_000, maxFutureSkewMs: config.EVENT_MAX_FUTURE_SKEW_SECONDS * 1000 },
});
