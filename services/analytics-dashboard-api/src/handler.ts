import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { athenaClient } from '@picasso/shared/aws/athena';
import { documentClient } from '@picasso/shared/aws/dynamodb';
import { s3Client } from '@picasso/shared/aws/s3';
import { ssmClient } from '@picasso/shared/aws/ssm';
import { loadConfig } from '@picasso/shared/config';
import { DynamoDbRollupStore } from '@picasso/shared/dynamodb';
import { createLogger, createMetrics } from '@picasso/shared/observability';
import { AthenaQueryEngine } from '@picasso/shared/query';
import { QueryEngineMetrics } from './adapters/lake-metrics';
import { RollupStoreMetrics } from './adapters/rollup-metrics';
import { dashboardApiEnv } from './config';
import { createHandler } from './create-handler';
import { dashboardApiDependencies } from './wiring';

// Cold start: config validated once (a missing variable stops the function here, by name);
// clients, the signing secret and tenant configs live for the execution environment.
const config = loadConfig(dashboardApiEnv);
const doc = documentClient();
const athena = new AthenaQueryEngine(athenaClient(), {
  workgroup: config.ATHENA_WORKGROUP,
  database: config.ATHENA_DATABASE,
  timeoutMs: config.ATHENA_QUERY_TIMEOUT_SECONDS * 1000,
});

const metrics = createMetrics('analytics-dashboard-api');
const coldPath = new QueryEngineMetrics(athena, ({ bytesScanned, durationMs }) => {
  metrics.addMetric('ColdPathBytesScanned', MetricUnit.Bytes, bytesScanned);
  metrics.addMetric('ColdPathQueryDuration', MetricUnit.Milliseconds, durationMs);
});

export const handler = createHandler(
  dashboardApiDependencies(
    config,
    { doc, s3: s3Client(), ssm: ssmClient },
    { rollups: new RollupStoreMetrics(new DynamoDbRollupStore(doc, config.ROLLUPS_TABLE)), coldPath },
    { logger: createLogger('analytics-dashboard-api'), metrics },
  ),
);
