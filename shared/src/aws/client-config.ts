/**
 * What every SDK client factory shares. Each honours the SDK's standard service-specific endpoint
 * variables (`AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL_SQS`, `AWS_ENDPOINT_URL_DYNAMODB`, …, then
 * `AWS_ENDPOINT_URL`), which is how the same bundle talks to AWS or to the local stack:
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
 *
 * One module per client (`@picasso/shared/aws/s3`, `/aws/dynamodb`, …) so a bundle carries only
 * the clients its handler calls.
 */
export type Env = Record<string, string | undefined>;

/** Region, retries and (when set) the endpoint of one service's client. */
export function baseClientConfig(serviceId: string, env: Env) {
  const endpoint = env[`AWS_ENDPOINT_URL_${serviceId}`] || env.AWS_ENDPOINT_URL || undefined;
  return {
    ...(endpoint ? { endpoint } : {}),
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    maxAttempts: 3,
  };
}

/**
 * A getter that builds its value on first call and returns the same one after: clients are
 * created once per cold start and reused (connection reuse matters on Lambda).
 */
export function perColdStart<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

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
