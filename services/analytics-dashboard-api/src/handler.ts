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

export const handler = createHandler(
  dashboardApiDependencies(
    config,
    { doc, s3: awsClients.s3(), ssm: awsClients.ssm },
    { rollups: new RollupStoreMetrics(new DynamoDbRollupStore(doc, config.ROLLUPS_TABLE)), coldPath: new QueryEngineMetrics(athena) },
    { logger: createLogger('analytics-dashboard-api'), metrics: createMetrics('analytics-dashboard-api') },
  ),
);
