import { randomUUID } from 'node:crypto';
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { PicassoError } from '../errors';
import { SPILL_PREFIX } from '../lake/layout';

/**
 * SendMessageBatch limits: at most 10 entries and 256 KiB of message bodies per call
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html).
 */
export const SQS_BATCH_MAX_ENTRIES = 10;
export const SQS_BATCH_MAX_BYTES = 256 * 1024;

/** What a spill object holds. The on-call replay tool reads exactly this shape. */
export interface SpillRecord {
  producer: string;
  /** ISO 8601, when the publisher gave up on SQS. */
  spilled_at: string;
  reason: string;
  /** SQS message bodies, unchanged: replaying sends each as one message. */
  bodies: string[];
}

/** `spill/<producer>/year=YYYY/month=MM/day=DD/<uuid>.json`, keyed by the UTC spill time. */
export function spillKey(producer: string, at: Date, id: string = randomUUID()): string {
  const y = at.getUTCFullYear();
  const m = String(at.getUTCMonth() + 1).padStart(2, '0');
  const d = String(at.getUTCDate()).padStart(2, '0');
  return `${SPILL_PREFIX}${producer}/year=${y}/month=${m}/day=${d}/${id}.json`;
}

/** The events could neither be sent nor spilled: the caller must fail (its caller retries). */
export class PublishError extends PicassoError {
  override name = 'PublishError';
  constructor(
    message: string,
    /** How many events were neither sent nor spilled. */
    readonly unsent: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface PublishResult {
  sent: number;
  spilled: number;
  /** S3 keys of the spill objects written by this call. */
  spillKeys: string[];
}

export interface SqsEventPublisherOptions {
  sqs: Pick<SQSClient, 'send'>;
  queueUrl: string;
  /** Names the spill prefix and the record's `producer`. */
  producer: string;
  /** Where what SQS would not take goes. Without it, undeliverable events throw `PublishError`. */
  spill?: { s3: Pick<S3Client, 'send'>; bucket: string };
  /** Attempts per entry (first send included) before it is spilled. Default 4. */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt, with full jitter. Default 50 ms. */
  baseDelayMs?: number;
  /** SendMessageBatch calls in flight at once. Default 4. */
  concurrency?: number;
  /** Told how many events were spilled (emit the `EventsSpilled` metric here). */
  onSpilled?: (count: number, reason: string) => void;
  onProgress?: (progress: { sent: number; total: number }) => void;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Splits bodies into SendMessageBatch chunks of ≤ 10 entries and ≤ 256 KiB. A body alone over the
 * limit is returned in `oversized`: SQS can never take it, so it goes straight to the spill.
 */
export function chunkForSqs(bodies: readonly string[]): { chunks: string[][]; oversized: string[] } {
  const chunks: string[][] = [];
  const oversized: string[] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const body of bodies) {
    const size = Buffer.byteLength(body, 'utf8');
    if (size > SQS_BATCH_MAX_BYTES) {
      oversized.push(body);
      continue;
    }
    if (current.length === SQS_BATCH_MAX_ENTRIES || bytes + size > SQS_BATCH_MAX_BYTES) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(body);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return { chunks, oversized };
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The one way producers put events on the events queue. A batch call can succeed while single
 * entries fail; a failed entry is retried with backoff when SQS says it may succeed (not a
 * sender fault), and whatever still fails is spilled to S3 so no event is lost silently. Only
 * when the spill also fails does `publish` throw.
 */
export class SqsEventPublisher {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly now: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: SqsEventPublisherOptions) {
    this.maxAttempts = options.maxAttempts ?? 4;
    this.baseDelayMs = options.baseDelayMs ?? 50;
    this.now = options.now ?? (() => new Date());
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** Publishes JSON-serialisable events (one SQS message each). */
  publishEvents(events: readonly object[]): Promise<PublishResult> {
    return this.publish(events.map((e) => JSON.stringify(e)));
  }

  /** Publishes message bodies as they are. */
  async publish(bodies: readonly string[]): Promise<PublishResult> {
    const { chunks, oversized } = chunkForSqs(bodies);
    const limit = pLimit(this.options.concurrency ?? 4);
    let sent = 0;
    // Failures are kept per chunk so the spill lists them in the caller's order, however the sends interleave.
    const failedByChunk: { body: string; reason: string }[][] = [];
    await Promise.all(
      chunks.map((chunk, index) =>
        limit(async () => {
          const outcome = await this.sendChunk(chunk);
          sent += outcome.sent;
          failedByChunk[index] = outcome.failed;
          this.options.onProgress?.({ sent, total: bodies.length });
        }),
      ),
    );
    const undelivered = [...oversized.map((body) => ({ body, reason: `message body over ${SQS_BATCH_MAX_BYTES} bytes` })), ...failedByChunk.flat()];
    if (undelivered.length === 0) return { sent, spilled: 0, spillKeys: [] };
    const reason = summarise(undelivered.map((u) => u.reason));
    const spillKeys = await this.spill(
      undelivered.map((u) => u.body),
      reason,
    );
    this.options.onSpilled?.(undelivered.length, reason);
    return { sent, spilled: undelivered.length, spillKeys };
  }

  private async sendChunk(chunk: string[]): Promise<{ sent: number; failed: { body: string; reason: string }[] }> {
    let pending: SendMessageBatchRequestEntry[] = chunk.map((MessageBody, i) => ({ Id: String(i), MessageBody }));
    const permanent: { body: string; reason: string }[] = [];
    let lastReason = 'not sent';
    let sent = 0;
    for (let attempt = 1; pending.length > 0 && attempt <= this.maxAttempts; attempt += 1) {
      if (attempt > 1) await this.sleep(Math.random() * this.baseDelayMs * 2 ** (attempt - 2));
      try {
        const res = await this.options.sqs.send(new SendMessageBatchCommand({ QueueUrl: this.options.queueUrl, Entries: pending }));
        const failed = new Map((res.Failed ?? []).map((f) => [f.Id, f]));
        const acknowledged = new Set((res.Successful ?? []).map((s) => s.Id));
        const retry: SendMessageBatchRequestEntry[] = [];
        for (const entry of pending) {
          const failure = failed.get(entry.Id);
          if (!failure && acknowledged.has(entry.Id)) {
            sent += 1;
            continue;
          }
          // An entry neither acknowledged nor listed as failed is not known to be sent: retry it.
          lastReason = failure ? `${failure.Code ?? 'error'}: ${failure.Message ?? ''}`.trim() : 'entry missing from the SendMessageBatch response';
          if (failure?.SenderFault) permanent.push({ body: entry.MessageBody!, reason: lastReason });
          else retry.push(entry);
        }
        pending = retry;
      } catch (error) {
        lastReason = `${(error as Error).name}: ${(error as Error).message}`;
      }
    }
    return { sent, failed: [...permanent, ...pending.map((p) => ({ body: p.MessageBody!, reason: lastReason }))] };
  }

  private async spill(bodies: string[], reason: string): Promise<string[]> {
    const target = this.options.spill;
    if (!target) throw new PublishError(`${bodies.length} events could not be sent to SQS and no spill bucket is configured (${reason})`, bodies.length);
    const at = this.now();
    const record: SpillRecord = { producer: this.options.producer, spilled_at: at.toISOString(), reason, bodies };
    const key = spillKey(this.options.producer, at);
    try {
      await target.s3.send(new PutObjectCommand({ Bucket: target.bucket, Key: key, Body: JSON.stringify(record), ContentType: 'application/json' }));
    } catch (error) {
      throw new PublishError(`${bodies.length} events could not be sent to SQS (${reason}) nor spilled to s3://${target.bucket}/${key}`, bodies.length, { cause: error });
    }
    return [key];
  }
}

function summarise(reasons: string[]): string {
  const distinct = [...new Set(reasons)];
  return distinct.slice(0, 3).join('; ').slice(0, 500);
}
