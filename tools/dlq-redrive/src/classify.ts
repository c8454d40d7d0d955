import { parseEvent } from '@picasso/shared';
import type { QueueMessage } from './ports';

/** The reason a message sits in the DLQ when nothing more specific is known. */
export const TRANSIENT_REASON = 'transient (exhausted retries)';

/** What on-call may see of a DLQ message: identifiers and counts, never free text. */
export interface MessageFacts {
  messageId: string;
  eventId: string;
  eventType: string;
  tenantHash: string;
  reason: string;
  receiveCount: number;
  sentAt?: string;
  ageSeconds?: number;
}

/** Labels printed for a missing or unprintable field. */
export const NONE = '(none)';
export const UNPRINTABLE = '(unprintable)';

// No '@', no spaces: an e-mail address or a sentence in the wrong field is never printed.
const LABEL = /^[A-Za-z0-9_.:-]{1,80}$/;
// The envelope schema's own pattern for tenant_hash.
const TENANT_HASH = /^[a-z0-9]{4,64}$/;

/**
 * A field value safe to print: identifier-like strings pass, anything else (free text, control
 * characters, very long values) becomes a placeholder so it cannot leak into on-call output.
 */
export function safeLabel(value: unknown): string {
  if (value === undefined || value === null || value === '') return NONE;
  if (typeof value === 'string' && LABEL.test(value)) return value;
  return UNPRINTABLE;
}

/**
 * Message attributes that name a failure. `failure_reason` is ours; `ErrorCode` is what Lambda
 * puts on records it sends to an asynchronous-invocation DLQ
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html#invocation-dlq).
 * `ErrorMessage` is free text and is never read.
 */
const REASON_ATTRIBUTES = ['failure_reason', 'FailureReason', 'ErrorCode'];

/**
 * Why a message is in the DLQ. The processor sends nothing there itself: SQS moves a record
 * after `maxReceiveCount` failed receives, and the processor only fails records transiently
 * (permanent failures are quarantined in S3). So a valid event is "transient (exhausted
 * retries)"; a body the processor would reject names the rejection, which tells on-call that
 * redriving it will only quarantine it.
 */
export function classifyFailure(message: Pick<QueueMessage, 'body' | 'messageAttributes'>): string {
  for (const name of REASON_ATTRIBUTES) {
    const value = message.messageAttributes[name]?.StringValue;
    if (value) return safeLabel(value) === UNPRINTABLE ? `${name}: ${UNPRINTABLE}` : value;
  }
  const parsed = parseEvent(message.body);
  if (parsed.ok) return TRANSIENT_REASON;
  if (parsed.reason === 'not_json') return 'not JSON';
  if (parsed.reason === 'unknown_event_type') {
    const type = (JSON.parse(message.body) as { event_type?: unknown }).event_type;
    return type === undefined ? 'no event_type' : 'unknown event_type';
  }
  return parsed.reason.replace(/_/g, ' ');
}

function tenantLabel(value: unknown): string {
  const label = safeLabel(value);
  return label === NONE || TENANT_HASH.test(label) ? label : UNPRINTABLE;
}

function field(body: string, name: string): unknown {
  try {
    const value = JSON.parse(body) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[name] : undefined;
  } catch {
    return undefined;
  }
}

/** The printable facts of one DLQ message, with its age at `now`. */
export function describeMessage(message: QueueMessage, now: Date): MessageFacts {
  return {
    messageId: message.messageId,
    eventId: safeLabel(field(message.body, 'event_id')),
    eventType: safeLabel(field(message.body, 'event_type')),
    tenantHash: tenantLabel(field(message.body, 'tenant_hash')),
    reason: classifyFailure(message),
    receiveCount: message.receiveCount,
    ...(message.sentTimestamp !== undefined
      ? { sentAt: new Date(message.sentTimestamp).toISOString(), ageSeconds: Math.max(0, Math.round((now.getTime() - message.sentTimestamp) / 1000)) }
      : {}),
  };
}
