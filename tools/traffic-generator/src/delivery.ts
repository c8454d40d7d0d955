import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { forEachIndexLimited } from '@picasso/shared/concurrency';
import { PublishError, SqsEventPublisher } from '@picasso/shared/publishing';

export interface SendProgress {
  sent: number;
  total: number;
}

export interface SendEventsOptions {
  /** SendMessageBatch calls in flight at once. */
  concurrency?: number;
  /** Attempts per entry before giving up (SQS may fail single entries of a batch). */
  maxAttempts?: number;
  onProgress?: (progress: SendProgress) => void;
  /** Where undeliverable events are spilled (the lake bucket); without it they are an error. */
  spill?: { s3: Pick<S3Client, 'send'>; bucket: string };
  /** Told how many events were spilled instead of sent. */
  onSpilled?: (count: number) => void;
}

export class DeliveryError extends Error {
  override name = 'DeliveryError';
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends events to SQS through the producers' shared publisher (batches of ≤ 10 entries and
 * ≤ 256 KiB, failed entries retried with backoff, the rest spilled when `spill` is given). An
 * event neither sent nor spilled is a `DeliveryError` naming how many. Returns how many were sent.
 */
export async function sendEvents(sqs: Pick<SQSClient, 'send'>, queueUrl: string, events: readonly object[], options: SendEventsOptions = {}): Promise<number> {
  const maxAttempts = options.maxAttempts ?? 5;
  const publisher = new SqsEventPublisher({
    sqs,
    queueUrl,
    producer: 'traffic-generator',
    maxAttempts,
    concurrency: options.concurrency ?? 8,
    ...(options.spill ? { spill: options.spill } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.onSpilled ? { onSpilled: options.onSpilled } : {}),
  });
  try {
    return (await publisher.publishEvents(events)).sent;
  } catch (error) {
    if (error instanceof PublishError) throw new DeliveryError(`${error.unsent} of ${events.length} events could not be sent after ${maxAttempts} attempts: ${error.message}`, { cause: error });
    throw error;
  }
}

export interface WriteSubmissionsOptions {
  concurrency?: number;
  maxAttempts?: number;
}

/**
 * Puts items into a DynamoDB table, 25 per BatchWriteItem (the API's limit), retrying
 * `UnprocessedItems` with backoff as the API asks callers to:
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
 * Returns how many were written.
 */
export async function writeSubmissions(doc: DynamoDBDocumentClient, table: string, items: readonly object[], options: WriteSubmissionsOptions = {}): Promise<number> {
  const maxAttempts = options.maxAttempts ?? 8;
  let written = 0;
  let unwritten = 0;
  await forEachIndexLimited(Math.ceil(items.length / 25), options.concurrency ?? 4, async (b) => {
    let pending = items.slice(b * 25, b * 25 + 25).map((Item) => ({ PutRequest: { Item: Item as Record<string, unknown> } }));
    for (let attempt = 1; pending.length > 0 && attempt <= maxAttempts; attempt += 1) {
      if (attempt > 1) await pause(50 * 2 ** (attempt - 2));
      try {
        const res = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        const left = (res.UnprocessedItems?.[table] ?? []) as typeof pending;
        written += pending.length - left.length;
        pending = left;
      } catch (error) {
        // A missing table or bad item never succeeds: fail at once with the reason.
        if ((error as { name?: string }).name === 'ResourceNotFoundException' || (error as { name?: string }).name === 'ValidationException') throw error;
      }
    }
    unwritten += pending.length;
  });
  if (unwritten > 0) throw new DeliveryError(`${unwritten} of ${items.length} submissions could not be written to ${table} after ${maxAttempts} attempts`);
  return written;
}
