import { forEachIndexLimited } from '@picasso/shared/concurrency';
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

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
}

export class DeliveryError extends Error {
  override name = 'DeliveryError';
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends events to SQS, ten per SendMessageBatch (the API's limit:
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html),
 * with bounded concurrency. A batch call can succeed while some entries fail; those entries (and
 * whole calls that throw) are retried with backoff, and a `DeliveryError` names how many could
 * not be sent after `maxAttempts`. Returns how many were sent.
 */
export async function sendEvents(sqs: SQSClient, queueUrl: string, events: readonly object[], options: SendEventsOptions = {}): Promise<number> {
  const maxAttempts = options.maxAttempts ?? 5;
  const batches = Math.ceil(events.length / 10);
  let sent = 0;
  let undelivered = 0;
  let lastError = '';
  await forEachIndexLimited(batches, options.concurrency ?? 8, async (b) => {
    let pending: SendMessageBatchRequestEntry[] = events.slice(b * 10, b * 10 + 10).map((e, i) => ({ Id: String(i), MessageBody: JSON.stringify(e) }));
    for (let attempt = 1; pending.length > 0 && attempt <= maxAttempts; attempt += 1) {
      if (attempt > 1) await pause(50 * 2 ** (attempt - 2));
      try {
        const res = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }));
        const failed = new Set((res.Failed ?? []).map((f) => f.Id));
        for (const f of res.Failed ?? []) lastError = `${f.Code ?? 'error'}: ${f.Message ?? ''}`;
        sent += pending.length - failed.size;
        pending = pending.filter((p) => failed.has(p.Id));
      } catch (error) {
        lastError = (error as Error).message;
      }
      options.onProgress?.({ sent, total: events.length });
    }
    undelivered += pending.length;
  });
  if (undelivered > 0) throw new DeliveryError(`${undelivered} of ${events.length} events could not be sent after ${maxAttempts} attempts (last error: ${lastError})`);
  return sent;
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
