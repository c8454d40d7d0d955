import { AthenaClient } from '@aws-sdk/client-athena';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';

/**
 * Client factories. Each honours the SDK's standard service-specific endpoint variables
 * (`AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL_SQS`, `AWS_ENDPOINT_URL_DYNAMODB`, …, then
 * `AWS_ENDPOINT_URL`), which is how the same bundle talks to AWS or to the local stack:
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
 *
 * Clients are created once per cold start and reused (connection reuse matters on Lambda).
 */
type Env = Record<string, string | undefined>;

function endpointFor(serviceId: string, env: Env): string | undefined {
  return env[`AWS_ENDPOINT_URL_${serviceId}`] || env.AWS_ENDPOINT_URL || undefined;
}

function baseConfig(serviceId: string, env: Env) {
  const endpoint = endpointFor(serviceId, env);
  return {
    ...(endpoint ? { endpoint } : {}),
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    maxAttempts: 3,
  };
}

const cache = new Map<string, unknown>();
function once<T>(key: string, make: () => T): T {
  if (!cache.has(key)) cache.set(key, make());
  return cache.get(key) as T;
}

export function createS3Client(env: Env = process.env): S3Client {
  // Emulators serve path-style only; AWS_S3_FORCE_PATH_STYLE is the CLI's name for the same switch.
  return new S3Client({ ...baseConfig('S3', env), forcePathStyle: env.AWS_S3_FORCE_PATH_STYLE === 'true' });
}
export function createSqsClient(env: Env = process.env): SQSClient {
  return new SQSClient(baseConfig('SQS', env));
}
export function createDynamoDbClient(env: Env = process.env): DynamoDBClient {
  return new DynamoDBClient(baseConfig('DYNAMODB', env));
}
export function createDocumentClient(env: Env = process.env): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(createDynamoDbClient(env), {
    marshallOptions: { removeUndefinedValues: true },
  });
}
export function createAthenaClient(env: Env = process.env): AthenaClient {
  return new AthenaClient(baseConfig('ATHENA', env));
}
export function createSsmClient(env: Env = process.env): SSMClient {
  return new SSMClient(baseConfig('SSM', env));
}

/** Process-wide clients for Lambda handlers (one per cold start). */
export const awsClients = {
  s3: () => once('s3', () => createS3Client()),
  sqs: () => once('sqs', () => createSqsClient()),
  dynamoDb: () => once('ddb', () => createDynamoDbClient()),
  documentClient: () => once('doc', () => createDocumentClient()),
  athena: () => once('athena', () => createAthenaClient()),
  ssm: () => once('ssm', () => createSsmClient()),
};

const TRANSIENT_NAMES = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'InternalError',
  'ServiceUnavailable',
  'SlowDown',
  'TimeoutError',
  'RequestTimeout',
]);

/** True when an SDK error is worth retrying (throttling, 5xx, network). */
export function isTransientAwsError(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown; code?: string };
  if (!e || typeof e !== 'object') return false;
  if (e.$retryable) return true;
  if (e.name && TRANSIENT_NAMES.has(e.name)) return true;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(e.code ?? '');
}
