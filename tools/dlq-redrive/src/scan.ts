import type { QueueMessage, RedriveQueuePort } from './ports';

export interface ScanOptions {
  /** Stop after this many distinct messages. */
  maxMessages: number;
  /** How long each received message stays hidden while the scan runs (it is released after). */
  visibilityTimeoutSeconds: number;
  /** Long-poll wait per receive; ≥ 1 on AWS so an empty answer means the queue is empty, not a missed shard. */
  waitTimeSeconds: number;
}

export interface ScanResult {
  messages: QueueMessage[];
  /** True when the scan stopped at `maxMessages` with messages left unread. */
  truncated: boolean;
}

/**
 * Reads the DLQ without consuming it: every received message stays hidden until the scan ends
 * (otherwise the next receive would hand the same messages back), then all are made visible
 * again with ChangeMessageVisibility 0, also when the scan fails. If a scan outlives the
 * visibility timeout a message can come back; it is counted once by message id.
 *
 * Reading does raise each message's ApproximateReceiveCount by one. The DLQ has no redrive
 * policy of its own, so that moves nothing.
 */
export async function scanDeadLetterQueue(port: RedriveQueuePort, options: ScanOptions): Promise<ScanResult> {
  const url = port.queues.deadLetterQueueUrl;
  const seen = new Map<string, QueueMessage>();
  let truncated = false;
  try {
    for (;;) {
      if (seen.size >= options.maxMessages) {
        truncated = (await port.depth(url)).visible > 0;
        break;
      }
      const batch = await port.receive(url, {
        max: Math.min(10, options.maxMessages - seen.size),
        visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
        waitTimeSeconds: options.waitTimeSeconds,
      });
      if (batch.length === 0) break;
      // A message seen again keeps its first facts but its newest receipt handle (the only valid one).
      for (const m of batch) seen.set(m.messageId, seen.has(m.messageId) ? { ...seen.get(m.messageId)!, receiptHandle: m.receiptHandle } : m);
    }
  } finally {
    await port.release(url, [...seen.values()].map((m) => m.receiptHandle));
  }
  return { messages: [...seen.values()], truncated };
}
