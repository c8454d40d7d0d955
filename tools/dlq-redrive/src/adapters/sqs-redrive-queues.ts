import {
  CancelMessageMoveTaskCommand,
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  StartMessageMoveTaskCommand,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { ResourceNames } from '@picasso/shared';
import {
  MoveTaskUnsupportedError,
  type MoveTaskStatus,
  type QueueDepth,
  type QueueMessage,
  type QueueMessageAttribute,
  type QueuePair,
  type RedriveQueuePort,
} from '../ports';

/**
 * Error names an endpoint answers with when it does not know an action: fauxqs says
 * `InvalidAction`, other emulators `UnknownOperationException`; SQS itself says
 * `UnsupportedOperation` where a queue type cannot use message move tasks.
 */
const UNSUPPORTED_ERRORS = new Set(['InvalidAction', 'UnsupportedOperation', 'UnknownOperationException', 'UnknownOperation', 'NotImplemented']);

function isUnsupported(error: unknown): boolean {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  if (e?.name && UNSUPPORTED_ERRORS.has(e.name)) return true;
  return /unknown (action|operation)|not (implemented|supported)/i.test(e?.message ?? '');
}

/** Resolves the DLQ and its source queue (by the naming module's names) to URLs and ARNs. */
export async function resolveQueuePair(sqs: SQSClient, names: ResourceNames): Promise<QueuePair> {
  const resolve = async (name: string) => {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    return { url: QueueUrl!, arn: Attributes!.QueueArn! };
  };
  const [dlq, source] = await Promise.all([resolve(names.eventsDeadLetterQueue), resolve(names.eventsQueue)]);
  return { deadLetterQueueUrl: dlq.url, deadLetterQueueArn: dlq.arn, sourceQueueUrl: source.url, sourceQueueArn: source.arn };
}

export interface SqsRedriveQueuesOptions {
  /**
   * The visibility timeout `release` sets. 0 on SQS. fauxqs 2.4 with persistence (the local
   * stack) loses a message whose visibility is changed to 0 (its SQLite update violates a NOT
   * NULL constraint after the message has left the in-flight set), so the CLI uses 1 s there.
   */
  releaseVisibilitySeconds?: number;
}

/** `RedriveQueuePort` over an SDK v3 SQS client. */
export class SqsRedriveQueues implements RedriveQueuePort {
  private readonly releaseVisibilitySeconds: number;

  constructor(
    private readonly sqs: SQSClient,
    readonly queues: QueuePair,
    options: SqsRedriveQueuesOptions = {},
  ) {
    this.releaseVisibilitySeconds = options.releaseVisibilitySeconds ?? 0;
  }

  async receive(queueUrl: string, options: { max: number; visibilityTimeoutSeconds: number; waitTimeSeconds: number }): Promise<QueueMessage[]> {
    const { Messages } = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.max(1, Math.min(10, options.max)),
        VisibilityTimeout: options.visibilityTimeoutSeconds,
        WaitTimeSeconds: options.waitTimeSeconds,
        MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
        MessageAttributeNames: ['All'],
      }),
    );
    return (Messages ?? []).map((m) => ({
      messageId: m.MessageId!,
      receiptHandle: m.ReceiptHandle!,
      body: m.Body ?? '',
      receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 1),
      ...(m.Attributes?.SentTimestamp ? { sentTimestamp: Number(m.Attributes.SentTimestamp) } : {}),
      messageAttributes: Object.fromEntries(
        Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [
          k,
          { DataType: v.DataType ?? 'String', ...(v.StringValue !== undefined ? { StringValue: v.StringValue } : {}), ...(v.BinaryValue !== undefined ? { BinaryValue: v.BinaryValue } : {}) },
        ]),
      ),
    }));
  }

  async release(queueUrl: string, receiptHandles: string[]): Promise<void> {
    // ChangeMessageVisibilityBatch takes at most 10 entries.
    for (let i = 0; i < receiptHandles.length; i += 10) {
      const chunk = receiptHandles.slice(i, i + 10);
      const { Failed } = await this.sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: chunk.map((h, j) => ({ Id: String(j), ReceiptHandle: h, VisibilityTimeout: this.releaseVisibilitySeconds })),
        }),
      );
      // A handle whose visibility already expired cannot be changed; the message is visible anyway.
      const real = (Failed ?? []).filter((f) => f.Code !== 'MessageNotInflight' && f.Code !== 'ReceiptHandleIsInvalid');
      if (real.length) throw new Error(`ChangeMessageVisibilityBatch failed for ${real.length} message(s): ${real[0]!.Code}`);
    }
  }

  async send(queueUrl: string, body: string, messageAttributes: Record<string, QueueMessageAttribute>): Promise<void> {
    const attributes = Object.keys(messageAttributes).length ? { MessageAttributes: messageAttributes as Record<string, MessageAttributeValue> } : {};
    await this.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body, ...attributes }));
  }

  async delete(queueUrl: string, receiptHandle: string): Promise<void> {
    await this.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle }));
  }

  async depth(queueUrl: string): Promise<QueueDepth> {
    const { Attributes } = await this.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    return { visible: Number(Attributes?.ApproximateNumberOfMessages ?? 0), inFlight: Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0) };
  }

  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_StartMessageMoveTask.html
  async startMoveTask(options: { maxPerSecond?: number }): Promise<string> {
    try {
      const { TaskHandle } = await this.sqs.send(
        new StartMessageMoveTaskCommand({
          SourceArn: this.queues.deadLetterQueueArn,
          DestinationArn: this.queues.sourceQueueArn,
          ...(options.maxPerSecond !== undefined ? { MaxNumberOfMessagesPerSecond: options.maxPerSecond } : {}),
        }),
      );
      return TaskHandle!;
    } catch (error) {
      if (isUnsupported(error)) throw new MoveTaskUnsupportedError(`StartMessageMoveTask is not available here: ${(error as Error).name}`, { cause: error });
      throw error;
    }
  }

  async latestMoveTask(): Promise<MoveTaskStatus | undefined> {
    let Results;
    try {
      ({ Results } = await this.sqs.send(new ListMessageMoveTasksCommand({ SourceArn: this.queues.deadLetterQueueArn, MaxResults: 1 })));
    } catch (error) {
      if (isUnsupported(error)) throw new MoveTaskUnsupportedError(`ListMessageMoveTasks is not available here: ${(error as Error).name}`, { cause: error });
      throw error;
    }
    const r = Results?.[0];
    if (!r) return undefined;
    return {
      ...(r.TaskHandle ? { taskHandle: r.TaskHandle } : {}),
      status: r.Status ?? 'UNKNOWN',
      moved: r.ApproximateNumberOfMessagesMoved ?? 0,
      ...(r.ApproximateNumberOfMessagesToMove !== undefined ? { toMove: r.ApproximateNumberOfMessagesToMove } : {}),
      ...(r.FailureReason ? { failureReason: r.FailureReason } : {}),
    };
  }

  async cancelMoveTask(taskHandle: string): Promise<number> {
    const { ApproximateNumberOfMessagesMoved } = await this.sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle: taskHandle }));
    return ApproximateNumberOfMessagesMoved ?? 0;
  }
}
