import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { createLogger, createMetrics, S3TenantDirectory, TenantResolver } from '@picasso/shared';
import { SqsEventSourcePoller, type InvocationSummary, type SqsHandler } from '@picasso/local-stack';
import type { TestEnvironment } from '@picasso/local-stack/testing';
import { DynamoDbDirtyMarker } from '@picasso/shared/dynamodb';
import { S3EventStore } from '../src/adapters/s3-stores';
import { createHandler } from '../src/create-handler';

/**
 * The processor's clock in tests: the shared fixtures are dated 2025-12-20, and the processor
 * quarantines server timestamps older than 90 days or in the future.
 */
export const FIXTURE_CLOCK = new Date('2025-12-21T00:00:00Z');

/** The processor wired with its real adapters against a test environment. */
export function processorFor(env: TestEnvironment, overrides: { lakeS3?: S3Client; now?: () => Date } = {}): SqsHandler {
  const events = new S3EventStore(overrides.lakeS3 ?? env.s3, env.names.lakeBucket);
  return createHandler({
    logger: createLogger('analytics-event-processor'),
    metrics: createMetrics('analytics-event-processor'),
    tenants: new TenantResolver(new S3TenantDirectory(env.s3, env.names.configBucket)),
    lake: events,
    quarantine: events,
    dirty: new DynamoDbDirtyMarker(env.doc, env.names.dirtyPartitionsTable),
    now: overrides.now ?? (() => FIXTURE_CLOCK),
  }) as unknown as SqsHandler;
}

export function pollerFor(
  env: TestEnvironment,
  handler: SqsHandler,
  onInvoke?: (s: InvocationSummary) => void,
  maxBatchingWindowMs = 200,
): SqsEventSourcePoller {
  return new SqsEventSourcePoller({
    sqs: env.sqs,
    queueUrl: env.queueUrl,
    queueArn: env.queueArn,
    handler,
    functionName: env.names.functions['analytics-event-processor'],
    batchSize: 10,
    maxBatchingWindowMs,
    ...(onInvoke ? { onInvoke } : {}),
  });
}

export async function sendBodies(env: TestEnvironment, bodies: string[]): Promise<void> {
  for (let i = 0; i < bodies.length; i += 10) {
    const res = await env.sqs.send(
      new SendMessageBatchCommand({ QueueUrl: env.queueUrl, Entries: bodies.slice(i, i + 10).map((b, j) => ({ Id: String(j), MessageBody: b })) }),
    );
    if (res.Failed?.length) throw new Error(`send failed: ${JSON.stringify(res.Failed)}`);
  }
}

export async function queueDepth(env: TestEnvironment, url: string): Promise<{ visible: number; inFlight: number }> {
  const { Attributes } = await env.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return { visible: Number(Attributes?.ApproximateNumberOfMessages ?? 0), inFlight: Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0) };
}

/** Polls until `done()` holds, or fails after `timeoutMs` with `what`. */
export async function eventually(what: string, done: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting until ${what}`);
}

export async function listKeys(env: TestEnvironment, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const res = await env.s3.send(new ListObjectsV2Command({ Bucket: env.names.lakeBucket, Prefix: prefix, ContinuationToken: token }));
    keys.push(...(res.Contents ?? []).map((c) => c.Key!));
    token = res.NextContinuationToken;
  } while (token);
  return keys;
}
