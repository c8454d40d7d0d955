import { validateEvent, type AnalyticsEvent } from '@picasso/shared';
import type { TokenUsage } from './ports';
import type { TurnTimings } from './turn-clock';

/** `content_preview` may hold at most this many characters (the MESSAGE_* schemas' maxLength). */
export const PREVIEW_MAX_CHARS = 2000;

/** Port: removes PII (e-mail, phone, card numbers) from free text. */
export type Redact = (text: string) => string;

/** Truncates to `max` code points (JSON Schema's maxLength counts code points, so an emoji is one, never split). */
export function truncateCodePoints(text: string, max: number): string {
  const points = Array.from(text);
  return points.length <= max ? text : points.slice(0, max).join('');
}

/** Exact counts of the original text: code points and whitespace-separated words. */
export function textCounts(text: string): { character_count: number; word_count: number } {
  const trimmed = text.trim();
  return { character_count: Array.from(text).length, word_count: trimmed === '' ? 0 : trimmed.split(/\s+/u).length };
}

export interface CompletedTurn {
  tenantId: string;
  tenantHash: string;
  sessionId: string;
  /** The visitor's message id; MESSAGE_RECEIVED's is derived from it. */
  messageId: string;
  stepNumber: number;
  question: string;
  answer: string;
  /** The model's token usage; `undefined` when the stream did not report it (unknown, not zero). */
  usage: TokenUsage | undefined;
  timings: TurnTimings;
  modelId: string;
  knowledgeBaseUsed: boolean;
  receivedAt: Date;
  answeredAt: Date;
  environment: string;
}

/**
 * MESSAGE_SENT and MESSAGE_RECEIVED of one turn, with redacted, truncated previews and the
 * counts of the original text. Ids derive from the message id, so publishing twice counts once.
 * MESSAGE_RECEIVED is 1.1.0 (the reply's `message_id`, as the `done` frame gives it, and its
 * tokens) when the model reported its usage, else 1.0.0: readers take a 1.0.0 reply's tokens as
 * unknown, so a missing usage is never published as zero.
 */
export function buildMessageEvents(turn: CompletedTurn, redact: Redact): [AnalyticsEvent, AnalyticsEvent] {
  const envelope = (suffix: string, at: Date, step: number, version = '1.0.0') => ({
    event_id: `${turn.messageId}:${suffix}`,
    schema_version: version,
    session_id: turn.sessionId,
    tenant_id: turn.tenantId,
    tenant_hash: turn.tenantHash,
    step_number: step,
    server_timestamp: at.toISOString(),
    environment: turn.environment,
  });
  const sent = {
    ...envelope('sent', turn.receivedAt, turn.stepNumber),
    event_type: 'MESSAGE_SENT',
    event_payload: { content_preview: truncateCodePoints(redact(turn.question), PREVIEW_MAX_CHARS), ...textCounts(turn.question) },
  };
  const received = {
    ...envelope('received', turn.answeredAt, turn.stepNumber + 1, turn.usage ? '1.1.0' : '1.0.0'),
    event_type: 'MESSAGE_RECEIVED',
    event_payload: {
      content_preview: truncateCodePoints(redact(turn.answer), PREVIEW_MAX_CHARS),
      ...turn.timings,
      model_id: turn.modelId.slice(0, 256),
      knowledge_base_used: turn.knowledgeBaseUsed,
      ...(turn.usage ? { message_id: turn.messageId, input_tokens: turn.usage.inputTokens, output_tokens: turn.usage.outputTokens } : {}),
    },
  };
  return [checked(sent), checked(received)];
}

function checked(candidate: object): AnalyticsEvent {
  const result = validateEvent(candidate);
  // Every field above is ours; a failure here is a bug in this file, not bad input.
  if (!result.ok) throw new Error(`built an invalid event: ${result.detail}`);
  return result.event;
}
