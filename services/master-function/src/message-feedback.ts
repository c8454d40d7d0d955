import { createHash } from 'node:crypto';
import { truncatePreview } from '@picasso/shared/events';
import { FEEDBACK_COMMENT_MAX_LENGTH } from '@picasso/shared/chat-contract';
import { redactPii } from '@picasso/shared/privacy';
import { HttpError } from './http-error';

/** The event-id alphabet of the schemas, which a reply's `message_id` uses too. */
const MESSAGE_ID = /^[A-Za-z0-9_:.-]{1,128}$/;

const PAYLOAD_FIELDS = new Set(['message_id', 'rating', 'comment']);

// Control characters (tab and newline kept) and the non-characters U+FFFE/U+FFFF: a comment is
// prose, and SQS refuses U+FFFE/U+FFFF in a message body.
const NOT_PROSE = /(?![\t\n\r])[\p{Cc}\uFFFE\uFFFF]/gu;
// Half of a surrogate pair, which JSON.parse lets through ("\ud800").
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export interface FeedbackPayload {
  message_id: string;
  rating: 'up' | 'down';
  comment?: string;
}

/**
 * The MESSAGE_FEEDBACK payload of what a widget sent, each field checked with a 400 naming it.
 * The comment is the only free text: stripped of control characters, redacted of PII
 * (`@picasso/shared/privacy`), then cut to {@link FEEDBACK_COMMENT_MAX_LENGTH} code points with
 * the preview cut, which never splits a redaction marker. An empty comment is no comment.
 */
export function feedbackPayload(raw: unknown, at: string): FeedbackPayload {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new HttpError(400, 'invalid_feedback', `${at}.event_payload must be an object {"message_id", "rating", "comment"?}`);
  const fields = raw as Record<string, unknown>;
  if (Object.keys(fields).some((k) => !PAYLOAD_FIELDS.has(k))) throw new HttpError(400, 'invalid_feedback', `${at}.event_payload may hold only message_id, rating and comment`);
  const { message_id: messageId, rating, comment } = fields;
  if (typeof messageId !== 'string' || !MESSAGE_ID.test(messageId)) throw new HttpError(400, 'invalid_message_id', `${at}.event_payload.message_id must be the reply's id from the done frame (1-128 of A-Z a-z 0-9 _ : . -)`);
  if (rating !== 'up' && rating !== 'down') throw new HttpError(400, 'invalid_rating', `${at}.event_payload.rating must be "up" or "down"`);
  if (comment !== undefined && comment !== null && typeof comment !== 'string') throw new HttpError(400, 'invalid_comment', `${at}.event_payload.comment must be a string`);
  const text = typeof comment === 'string' ? cleanComment(comment) : '';
  return { message_id: messageId, rating, ...(text ? { comment: text } : {}) };
}

/** Redact first: a cut could leave a fragment of an address the redaction no longer recognises. */
function cleanComment(comment: string): string {
  const prose = comment.replace(LONE_SURROGATE, '').replace(NOT_PROSE, '');
  return truncatePreview(redactPii(prose).text.trim(), FEEDBACK_COMMENT_MAX_LENGTH);
}

/**
 * The event id of one vote (docs/decisions.md §40): a digest of the session, the reply and the
 * widget's id for this vote (`event_id`, new per click, the same on a retry), so a retried POST
 * is one event and a changed vote is another. Without a widget id, the rating and the client's
 * timestamp stand in for it; without either, every call is its own event. The session in the
 * digest keeps one visitor's ids from ever meeting another's or a server-made id.
 */
export function feedbackEventId(sessionId: string, payload: FeedbackPayload, client: { eventId?: string | undefined; clientTimestamp?: string | undefined }, newId: () => string): string {
  const vote = client.eventId ?? (client.clientTimestamp ? `${payload.rating}@${client.clientTimestamp}` : newId());
  const digest = createHash('sha256').update(`${sessionId}\n${payload.message_id}\n${vote}`).digest('base64url');
  return `feedback:${digest}`;
}
