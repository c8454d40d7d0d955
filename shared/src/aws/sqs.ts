import { SQSClient } from '@aws-sdk/client-sqs';
import { baseClientConfig, perColdStart, type Env } from './client-config';

/** An SQS client for `env`. */
export function createSqsClient(env: Env = process.env): SQSClient {
  return new SQSClient(baseClientConfig('SQS', env));
}

/** The handler's SQS client, one per cold start. */
export const sqsClient = perColdStart(() => createSqsClient());
