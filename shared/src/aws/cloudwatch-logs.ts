import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { baseClientConfig, perColdStart, type Env } from './client-config';

/** A CloudWatch Logs client for `env` (the local Logs Insights emulator via `AWS_ENDPOINT_URL_CLOUDWATCH_LOGS`). */
export function createCloudWatchLogsClient(env: Env = process.env): CloudWatchLogsClient {
  return new CloudWatchLogsClient(baseClientConfig('CLOUDWATCH_LOGS', env));
}

/** The handler's CloudWatch Logs client, one per cold start. */
export const cloudWatchLogsClient = perColdStart(() => createCloudWatchLogsClient());
