import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { awsClients, createLogger, createMetrics, loadConfig } from '@picasso/shared';
import { analyticsFunctionEnv } from './config';
import { createHandler } from './create-handler';
import { analyticsFunctionDependencies } from './wiring';

// Cold start: config validated once (a missing variable stops the function here, by name);
// clients, the signing secret and tenant configs live for the execution environment.
const config = loadConfig(analyticsFunctionEnv);

export const handler = createHandler(
  analyticsFunctionDependencies(
    config,
    { doc: awsClients.documentClient(), s3: awsClients.s3(), logs: new CloudWatchLogsClient({}), ssm: awsClients.ssm },
    { logger: createLogger('analytics-function'), metrics: createMetrics('analytics-function') },
  ),
);
