import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { AthenaQueryEngine, awsClients, createLogger, createMetrics, DynamoDbRollupStore, loadConfig } from '@picasso/shared';
import { QueryEngineMetrics } from './adapters/lake-metrics';
import { RollupStoreMetrics } from './adapters/rollup-metrics';
import { dashboardApiEnv } from './config';
import { createHandler } from './create-handler';
import { dashboardApiDependencies } from './wiring';

// Cold start: config validated once (a missing variable stops the function here, by name);
// clients, the signing secret and tenant configs live for the execution environment.
const config = loadConfig(dashboardApiEnv);
const doc = awsClients.documentClient();
const athena = new AthenaQueryEngine(awsClients.athena(), {
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
    { doc, s3: awsClients.s3(), ssm: awsClients.ssm },
    { rollups: new RollupStoreMetrics(new DynamoDbRollupStore(doc, config.ROLLUPS_TABLE)), coldPath },
    { logger: createLogger('analytics-dashboard-api'), metrics },
  ),
);
