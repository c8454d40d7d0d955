import { cloudWatchLogsClient } from '@picasso/shared/aws/cloudwatch-logs';
import { documentClient } from '@picasso/shared/aws/dynamodb';
import { s3Client } from '@picasso/shared/aws/s3';
import { ssmClient } from '@picasso/shared/aws/ssm';
import { loadConfig } from '@picasso/shared/config';
import { createLogger, createMetrics } from '@picasso/shared/observability';
import { analyticsFunctionEnv } from './config';
import { createHandler } from './create-handler';
import { analyticsFunctionDependencies } from './wiring';

// Cold start: config validated once (a missing variable stops the function here, by name);
// clients, the signing secret and tenant configs live for the execution environment.
const config = loadConfig(analyticsFunctionEnv);

export const handler = createHandler(
  analyticsFunctionDependencies(
    config,
    { doc: documentClient(), s3: s3Client(), logs: cloudWatchLogsClient(), ssm: ssmClient },
    { logger: createLogger('analytics-function'), metrics: createMetrics('analytics-function') },
  ),
);
