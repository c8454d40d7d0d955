import { describeMessage } from './classify';
import { isUnfiltered, matchesFilter, type RedriveFilter } from './filter';
import { MoveTaskUnsupportedError, type RedriveQueuePort } from './ports';
import type { RedriveProgress } from './progress';
import { unlimited, type RateLimiter } from './rate-limiter';
import { scanDeadLetterQueue } from './scan';

export interface RedriveOptions {
  filter: RedriveFilter;
  /** Move at most this many messages. */
  max?: number;
  /** Messages per second: paces the loop, and is the move task's MaxNumberOfMessagesPerSecond. */
  ratePerSecond?: number;
  limiter?: RateLimiter;
  dryRun: boolean;
  /** Use the receive → send → delete loop even where a move task would do. */
  forceLoop: boolean;
  /** How long a message stays hidden while it is moved (the loop) or read (dry run). */
  visibilityTimeoutSeconds: number;
  waitTimeSeconds: number;
  /** A dry run stops reading after this many messages. */
  maxScan: number;
  /** The loop gives up after this many failed sends or deletes. */
  maxErrors: number;
  onProgress?: (progress: RedriveProgress) => void;
  /** Called when the move task is unavailable and the loop takes over. */
  onFallback?: (reason: string) => void;
  sleep?: (ms: number) => Promise<void>;
  /** How often a move task is polled (ListMessageMoveTasks). */
  pollIntervalMs?: number;
  now?: () => Date;
  /** Aborted (Ctrl-C): the loop finishes the message in hand, releases the rest and stops. */
  signal?: AbortSignal;
}

export type RedriveMode = 'dry-run' | 'move-task' | 'loop';

export interface RedriveResult {
  mode: RedriveMode;
  /** Messages now in the source queue and gone from the DLQ (a dry run: that would be). */
  moved: number;
  /** Messages read that the filter (or `--max`) left in the DLQ. */
  skipped: number;
  /** Sends that failed: those messages are still in the DLQ only. */
  failedSends: number;
  /** Sent but not deleted: in both queues (the processor drops the duplicate on event_id). */
  sentNotDeleted: number;
  movedByEventType: Record<string, number>;
  movedByTenant: Record<string, number>;
  /** Why the loop ran instead of a move task. */
  fallbackReason?: string;
  taskHandle?: string;
  taskStatus?: string;
  /** Set when the run stopped early. */
  aborted?: string;
}

function emptyResult(mode: RedriveMode): RedriveResult {
  return { mode, moved: 0, skipped: 0, failedSends: 0, sentNotDeleted: 0, movedByEventType: {}, movedByTenant: {} };
}

function count(record: Record<string, number>, key: string): void {
  record[key] = (record[key] ?? 0) + 1;
}

const TERMINAL = new Set(['COMPLETED', 'CANCELLED', 'FAILED']);

/**
 * Moves DLQ messages back to the events queue.
 *
 * - Dry run: reads the DLQ like `list` and reports what would move; changes nothing.
 * - Unfiltered, no `--max`, not `--loop`: an SQS message move task
 *   (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-dead-letter-queue-redrive.html),
 *   polled until it ends. Where the endpoint does not implement it (the local stack), the loop.
 * - Otherwise the loop: receive → send to the source queue → delete from the DLQ only after the
 *   send succeeded. A crash between the two leaves the message in both queues: a duplicate,
 *   which the processor drops on `event_id`, never a loss.
 */
export async function redrive(port: RedriveQueuePort, options: RedriveOptions): Promise<RedriveResult> {
  if (options.dryRun) return dryRun(port, options);
  if (isUnfiltered(options.filter) && options.max === undefined && !options.forceLoop) {
    try {
      return await moveTask(port, options);
    } catch (error) {
      if (!(error instanceof MoveTaskUnsupportedError)) throw error;
      options.onFallback?.(error.message);
      return { ...(await loop(port, options)), fallbackReason: error.message };
    }
  }
  return loop(port, options);
}

async function dryRun(port: RedriveQueuePort, options: RedriveOptions): Promise<RedriveResult> {
  const result = emptyResult('dry-run');
  const now = (options.now ?? (() => new Date()))();
  const { messages } = await scanDeadLetterQueue(port, {
    maxMessages: options.maxScan,
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
    waitTimeSeconds: options.waitTimeSeconds,
  });
  for (const m of messages) {
    const facts = describeMessage(m, now);
    if (matchesFilter(facts, options.filter) && result.moved < (options.max ?? Infinity)) {
      result.moved += 1;
      count(result.movedByEventType, facts.eventType);
      count(result.movedByTenant, facts.tenantHash);
    } else {
      result.skipped += 1;
    }
  }
  return result;
}

async function moveTask(port: RedriveQueuePort, options: RedriveOptions): Promise<RedriveResult> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const taskHandle = await port.startMoveTask(options.ratePerSecond !== undefined ? { maxPerSecond: options.ratePerSecond } : {});
  const result: RedriveResult = { ...emptyResult('move-task'), taskHandle };
  for (;;) {
    const task = await port.latestMoveTask();
    // ListMessageMoveTasks may lag StartMessageMoveTask for a moment; a different handle is an older task.
    if (task && (!task.taskHandle || task.taskHandle === taskHandle)) {
      result.moved = task.moved;
      result.taskStatus = task.status;
      options.onProgress?.({ moved: task.moved, skipped: 0, failed: 0, ...(task.toMove !== undefined ? { total: task.toMove } : {}) });
      if (TERMINAL.has(task.status)) {
        if (task.status !== 'COMPLETED') result.aborted = `move task ${task.status}${task.failureReason ? `: ${task.failureReason}` : ''}`;
        return result;
      }
    }
    if (options.signal?.aborted) {
      // The task runs inside SQS; leaving the tool does not stop it.
      result.aborted = `interrupted; the move task keeps running in SQS (see \`status\`, stop it with \`cancel --task-handle ${taskHandle}\`)`;
      return result;
    }
    await sleep(options.pollIntervalMs ?? 2000);
  }
}

async function loop(port: RedriveQueuePort, options: RedriveOptions): Promise<RedriveResult> {
  const { deadLetterQueueUrl: dlq, sourceQueueUrl: source } = port.queues;
  const limiter = options.limiter ?? unlimited;
  const max = options.max ?? Infinity;
  const now = options.now ?? (() => new Date());
  const result = emptyResult('loop');
  // In flight counts too: a message another reader (or a `list` a moment ago) holds comes back.
  const depth = await port.depth(dlq);
  // Filtered, the bar follows the whole DLQ (skipped messages count as handled).
  const total = isUnfiltered(options.filter) ? Math.min(max, depth.visible + depth.inFlight) : depth.visible + depth.inFlight;
  // Messages this run leaves in the DLQ stay hidden until the end: made visible at once, they
  // would be the next thing received and the loop would never reach the rest.
  const held = new Map<string, string>();
  let errors = 0;
  const progress = () => options.onProgress?.({ moved: result.moved, skipped: result.skipped, failed: result.failedSends + result.sentNotDeleted, total });
  const fail = (what: string, error: unknown) => {
    errors += 1;
    if (errors >= options.maxErrors) result.aborted = `${errors} errors, the last: ${what} failed (${(error as Error).name}: ${(error as Error).message})`;
  };

  try {
    while (result.moved < max && !result.aborted) {
      if (options.signal?.aborted) {
        result.aborted = 'interrupted; messages not yet moved are still in the DLQ';
        break;
      }
      const batch = await port.receive(dlq, { max: 10, visibilityTimeoutSeconds: options.visibilityTimeoutSeconds, waitTimeSeconds: options.waitTimeSeconds });
      if (batch.length === 0) break;
      for (const m of batch) {
        if (held.has(m.messageId)) {
          // Its hiding expired while the run went on: hide it again under its new handle.
          held.set(m.messageId, m.receiptHandle);
          continue;
        }
        if (options.signal?.aborted && !result.aborted) result.aborted = 'interrupted; messages not yet moved are still in the DLQ';
        const facts = describeMessage(m, now());
        if (result.aborted || result.moved >= max || !matchesFilter(facts, options.filter)) {
          held.set(m.messageId, m.receiptHandle);
          result.skipped += 1;
          progress();
          continue;
        }
        await limiter.take();
        try {
          await port.send(source, m.body, m.messageAttributes);
        } catch (error) {
          held.set(m.messageId, m.receiptHandle);
          result.failedSends += 1;
          fail('SendMessage', error);
          progress();
          continue;
        }
        try {
          await port.delete(dlq, m.receiptHandle);
        } catch (error) {
          held.set(m.messageId, m.receiptHandle);
          result.sentNotDeleted += 1;
          fail('DeleteMessage', error);
          progress();
          continue;
        }
        result.moved += 1;
        count(result.movedByEventType, facts.eventType);
        count(result.movedByTenant, facts.tenantHash);
        progress();
      }
    }
  } finally {
    await port.release(dlq, [...held.values()]);
  }
  return result;
}
