import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { lambdaContext } from './lambda-context';

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void | unknown>;

export interface SqsPollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  handler: SqsHandler;
  functionName: string;
  /** Records per invocation (event source mapping `BatchSize`, 1–10,000). */
  batchSize?: number;
  /** How long to gather a batch (`MaximumBatchingWindowInSeconds`, in ms here). */
  maxBatchingWindowMs?: number;
  /** Visibility timeout requested on receive; defaults to the queue's. */
  visibilityTimeoutSeconds?: number;
  /** Lambda timeout handed to the handler's context. */
  functionTimeoutMs?: number;
  /** Parallel invocations (`ScalingConfig.MaximumConcurrency`). */
  concurrency?: number;
  onInvoke?: (summary: InvocationSummary) => void;
}

export interface InvocationSummary {
  records: number;
  failed: number;
  deleted: number;
  error?: Error;
}

function toRecord(m: Message, queueArn: string): SQSRecord {
  const a = m.Attributes ?? {};
  return {
    messageId: m.MessageId!,
    receiptHandle: m.ReceiptHandle!,
    body: m.Body ?? '',
    attributes: {
      ApproximateReceiveCount: a.ApproximateReceiveCount ?? '1',
      SentTimestamp: a.SentTimestamp ?? String(Date.now()),
      SenderId: a.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [
        k,
        { stringValue: v.StringValue, binaryValue: v.BinaryValue as unknown as string, stringListValues: [], binaryListValues: [], dataType: v.DataType ?? 'String' },
      ]),
    ),
    md5OfBody: m.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: queueArn.split(':')[3] ?? 'us-east-1',
  };
}

/**
 * Emulates Lambda's SQS event source mapping
 * (https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html): gathers up to `batchSize`
 * messages within the batching window, invokes the handler with a real `SQSEvent`, deletes the
 * records that succeeded and leaves the ones named in `batchItemFailures` (or the whole batch,
 * if the handler threw) to reappear after the visibility timeout. The queue's own redrive
 * policy then moves a message to the DLQ after `maxReceiveCount` receives.
 */
export class SqsEventSourcePoller {
  private running = false;
  private loops: Promise<void>[] = [];
  invocations = 0;

  constructor(private readonly options: SqsPollerOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    const n = this.options.concurrency ?? 1;
    this.loops = Array.from({ length: n }, () => this.loop());
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async loop(): Promise<void> {
    while (this.running) {
      try {
        const n = await this.pollOnce(1);
        if (n === 0) await new Promise((r) => setTimeout(r, 50));
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  /** Receives one batch and invokes the handler once. Returns how many records it handled. */
  async pollOnce(waitTimeSeconds = 0): Promise<number> {
    const { sqs, queueUrl, queueArn } = this.options;
    const batchSize = this.options.batchSize ?? 10;
    const windowMs = this.options.maxBatchingWindowMs ?? 0;
    const started = Date.now();
    const messages: Message[] = [];
    while (messages.length < batchSize) {
      const res = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(10, batchSize - messages.length),
          WaitTimeSeconds: messages.length === 0 ? waitTimeSeconds : 0,
          ...(this.options.visibilityTimeoutSeconds !== undefined ? { VisibilityTimeout: this.options.visibilityTimeoutSeconds } : {}),
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
      );
      const got = res.Messages ?? [];
      messages.push(...got);
      if (got.length === 0 && (messages.length === 0 || Date.now() - started >= windowMs)) break;
      if (Date.now() - started >= windowMs && got.length < 10) break;
      // Inside the batching window with an empty receive: wait a little rather than spin.
      if (got.length === 0) await new Promise((r) => setTimeout(r, 25));
    }
    if (messages.length === 0) return 0;
    await this.invoke(messages.map((m) => toRecord(m, queueArn)));
    return messages.length;
  }

  private async invoke(records: SQSRecord[]): Promise<void> {
    this.invocations += 1;
    const { handler, functionName } = this.options;
    let failedIds = new Set<string>();
    let error: Error | undefined;
    try {
      const response = (await handler({ Records: records }, lambdaContext(functionName, this.options.functionTimeoutMs ?? 60_000))) as SQSBatchResponse | undefined;
      failedIds = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (e) {
      // A thrown error fails the whole batch: nothing is deleted.
      error = e as Error;
      failedIds = new Set(records.map((r) => r.messageId));
    }
    const done = records.filter((r) => !failedIds.has(r.messageId));
    for (let i = 0; i < done.length; i += 10) {
      const chunk = done.slice(i, i + 10);
      await this.options.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.options.queueUrl,
          Entries: chunk.map((r, j) => ({ Id: String(j), ReceiptHandle: r.receiptHandle })),
        }),
      );
    }
    this.options.onInvoke?.({ records: records.length, failed: failedIds.size, deleted: done.length, ...(error ? { error } : {}) });
  }
}
