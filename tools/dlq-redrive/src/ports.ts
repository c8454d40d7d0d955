/**
 * The narrow port the redrive tool needs from SQS. The SQS adapter implements it over the SDK;
 * tests wrap it to inject failures (a delete that never happens) without mocking SQS itself.
 */

/** A message attribute as SQS carries it (string or binary, with its data type). */
export interface QueueMessageAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: Uint8Array;
}

/** One message received from a queue, with the system attributes the tool reads. */
export interface QueueMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  /** ApproximateReceiveCount: how often SQS handed the message out (the DLQ keeps counting). */
  receiveCount: number;
  /** SentTimestamp: when the message first entered SQS (ms since epoch). */
  sentTimestamp?: number;
  messageAttributes: Record<string, QueueMessageAttribute>;
}

/** Approximate queue depth (GetQueueAttributes). */
export interface QueueDepth {
  visible: number;
  inFlight: number;
}

/** A StartMessageMoveTask as ListMessageMoveTasks reports it. */
export interface MoveTaskStatus {
  taskHandle?: string;
  status: 'RUNNING' | 'COMPLETED' | 'CANCELLING' | 'CANCELLED' | 'FAILED' | string;
  moved: number;
  toMove?: number;
  failureReason?: string;
}

/** The queue pair the tool works on: the events DLQ and the events queue it feeds back. */
export interface QueuePair {
  deadLetterQueueUrl: string;
  deadLetterQueueArn: string;
  sourceQueueUrl: string;
  sourceQueueArn: string;
}

export interface RedriveQueuePort {
  readonly queues: QueuePair;
  /** Receives up to 10 messages, hiding them for `visibilityTimeoutSeconds`. */
  receive(queueUrl: string, options: { max: number; visibilityTimeoutSeconds: number; waitTimeSeconds: number }): Promise<QueueMessage[]>;
  /** Makes received messages visible again (ChangeMessageVisibility to 0 on SQS). */
  release(queueUrl: string, receiptHandles: string[]): Promise<void>;
  /** Sends one message with the given body and message attributes. */
  send(queueUrl: string, body: string, messageAttributes: Record<string, QueueMessageAttribute>): Promise<void>;
  /** Deletes one received message. */
  delete(queueUrl: string, receiptHandle: string): Promise<void>;
  depth(queueUrl: string): Promise<QueueDepth>;
  /**
   * Starts an SQS-side move from the DLQ to the source queue and returns its task handle.
   * Throws `MoveTaskUnsupportedError` where the endpoint does not implement the API.
   */
  startMoveTask(options: { maxPerSecond?: number }): Promise<string>;
  /** The most recent move task of the DLQ, if any (`MoveTaskUnsupportedError` where there are none). */
  latestMoveTask(): Promise<MoveTaskStatus | undefined>;
  cancelMoveTask(taskHandle: string): Promise<number>;
}

/** The endpoint does not implement StartMessageMoveTask (the local stack's fauxqs does not). */
export class MoveTaskUnsupportedError extends Error {
  override name = 'MoveTaskUnsupportedError';
}

/** The lake bucket as `replay` needs it: list keys under a prefix, read one, move one. */
export interface ReplayObjectStore {
  /** Every key under `prefix`, in S3's (lexicographic) order. */
  listKeys(prefix: string): Promise<string[]>;
  read(key: string): Promise<string>;
  /** Copies `from` to `to`, then deletes `from`. */
  move(from: string, to: string): Promise<void>;
}

/** The events queue as `replay` needs it: send one message body. */
export interface ReplayTarget {
  send(body: string): Promise<void>;
}
