import { awsClients, createLogger, createMetrics, loadConfig } from '@picasso/shared';
import { masterFunctionEnv } from './config';
import { createHandler } from './create-handler';
import { masterDependencies } from './wiring';

// Cold start: config validated once (a missing variable stops the function here, by name);
// clients, the signing secret and the tenant settings cache live for the execution environment.
const config = loadConfig(masterFunctionEnv);
const logger = createLogger('master-function');
const metrics = createMetrics('master-function');

export const handler = createHandler({
  ...masterDependencies(config, { doc: awsClients.documentClient(), s3: awsClients.s3(), sqs: awsClients.sqs(), ssm: awsClients.ssm }, metrics),
  logger,
  metrics,
});
