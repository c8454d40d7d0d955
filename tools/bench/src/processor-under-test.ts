import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createLogger, createMetrics, S3TenantDirectory, TenantResolver, type AnalyticsEvent } from '@picasso/shared';
import { lambdaContext } from '@picasso/local-stack';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { DynamoDbDirtyMarker } from '@picasso/shared/dynamodb';
import { createHandler, S3EventStore } from 'analytics-event-processor';

export type ProcessorHandler = ReturnType<typeof createHandler>;

/**
 * The event processor's real handler (Middy, partial batch failure, Powertools) wired with its
 * real adapters, exactly as `handler.ts` does at cold start, but writing to `lakeBucket`.
 * Powertools is silenced by the caller (`POWERTOOLS_LOG_LEVEL=SILENT`,
 * `POWERTOOLS_METRICS_DISABLED=true`) so stdout carries only the bench's JSON lines.
 */
export function createProcessorHandler(deps: { s3: S3Client; doc: DynamoDBDocumentClient; lakeBucket: string; configBucket: string; dirtyTable: string }): ProcessorHandler {
  const store = new S3EventStore(deps.s3, deps.lakeBucket);
  return createHandler({
    logger: createLogger('analytics-event-processor'),
    metrics: createMetrics('analytics-event-processor'),
    tenants: new TenantResolver(new S3TenantDirectory(deps.s3, deps.configBucket)),
    lake: store,
    quarantine: store,
    dirty: new DynamoDbDirtyMarker(deps.doc, deps.dirtyTable),
    // Bench traffic ends 2025-12-20; the processor quarantines server times older than 90 days by its clock.
    now: () => new Date('2025-12-21T00:00:00Z'),
  });
}

/** An SQS event as Lambda's event source mapping delivers it, one record per event. */
export function toSqsEvent(events: readonly AnalyticsEvent[], queueArn: string, offset = 0): SQSEvent {
  const now = String(Date.now());
  return {
    Records: events.map(
      (e, i): SQSRecord => ({
        messageId: `msg-${offset + i}`,
        receiptHandle: `rh-${offset + i}`,
        body: JSON.stringify(e),
        attributes: { ApproximateReceiveCount: '1', SentTimestamp: now, SenderId: 'bench', ApproximateFirstReceiveTimestamp: now },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: queueArn,
        awsRegion: 'us-east-1',
      }),
    ),
  };
}

/** Invokes the handler once and fails loudly if any record was reported failed. */
export async function invokeProcessor(handler: ProcessorHandler, event: SQSEvent): Promise<void> {
  const response = (await handler(event, lambdaContext('bench-analytics-event-processor', 900_000))) as { batchItemFailures?: unknown[] } | undefined;
  const failures = response?.batchItemFailures?.length ?? 0;
  if (failures > 0) throw new Error(`the processor reported ${failures} of ${event.Records.length} records failed`);
}
