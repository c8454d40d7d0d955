import { FEEDBACK_COMMENT_MAX_LENGTH, type WidgetEvent } from '@picasso/shared/chat-contract';
import { ChatApiError, ConnectionError } from './chat-api';

/** A visitor's vote on one answer. */
export type Rating = 'up' | 'down';

/** The comment box stops here (the master function cuts a longer one the same way). */
export const COMMENT_MAX_LENGTH = FEEDBACK_COMMENT_MAX_LENGTH;

/** How long the widget waits before its one retry of a feedback call. */
export const FEEDBACK_RETRY_DELAY_MS = 1000;

/**
 * The MESSAGE_FEEDBACK of one vote on the reply `messageId` (the `done` frame's). A blank
 * comment is no comment; a comment is cut to {@link COMMENT_MAX_LENGTH} code points, never half
 * an emoji.
 */
export function feedbackEvent(messageId: string, rating: Rating, comment?: string): WidgetEvent {
  const text = Array.from(comment?.trim() ?? '')
    .slice(0, COMMENT_MAX_LENGTH)
    .join('');
  return { event_type: 'MESSAGE_FEEDBACK', event_payload: { message_id: messageId, rating, ...(text ? { comment: text } : {}) } };
}

/** A failure another attempt may cure: the network, a busy or failing server. A 4xx will not change. */
export function worthRetrying(error: unknown): boolean {
  return error instanceof ConnectionError || (error instanceof ChatApiError && (error.status >= 500 || error.status === 429));
}

/**
 * Runs `send`, and once more after `delayMs` when the first failure is {@link worthRetrying}.
 * Resolves whether an attempt succeeded; never rejects: feedback must not break the chat. The
 * caller sends the same event id both times, so a retry that follows a lost reply is one event.
 */
export async function sendWithOneRetry(send: () => Promise<void>, wait: (ms: number) => Promise<void>, delayMs = FEEDBACK_RETRY_DELAY_MS): Promise<boolean> {
  try {
    await send();
    return true;
  } catch (error) {
    if (!worthRetrying(error)) return false;
  }
  await wait(delayMs);
  try {
    await send();
    return true;
  } catch {
    return false;
  }
}
