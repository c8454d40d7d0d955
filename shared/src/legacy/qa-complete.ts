/**
 * The `QA_COMPLETE` log line: one per chat turn, written by the streaming handler through the
 * Powertools logger (`logger.info(QA_COMPLETE_MESSAGE, { ...line })`, so the JSON line carries
 * `"message": "QA_COMPLETE"` and these keys at its top level) and read back by the legacy
 * `analytics-function` through CloudWatch Logs Insights. One contract for both sides.
 */

/** The log line's `message`: what the Insights queries filter on. */
export const QA_COMPLETE_MESSAGE = 'QA_COMPLETE';

/** How a turn ended. `failed` turns published only the visitor's message (no MESSAGE_RECEIVED). */
export const QA_OUTCOMES = ['answered', 'interrupted', 'failed'] as const;
export type QaOutcome = (typeof QA_OUTCOMES)[number];

/** Why the model stream failed. */
export const QA_FAILURES = ['throttled', 'timeout', 'model_error', 'retrieval_error'] as const;
export type QaFailure = (typeof QA_FAILURES)[number];

/** The structured fields of the line: redacted text, timings, session, KB used; no raw PII. */
export interface QaCompleteLine {
  event: 'QA_COMPLETE';
  tenant_id: string;
  tenant_hash: string;
  session_id: string;
  message_id: string;
  /** Redacted, cut to the preview length: the same text as MESSAGE_SENT's `content_preview`. */
  question_redacted: string;
  answer_redacted: string;
  first_token_ms: number;
  response_time_ms: number;
  total_time_ms: number;
  model_id: string;
  knowledge_base_used: boolean;
  knowledge_base_id: string | null;
  sources: string[];
  outcome: QaOutcome;
  failure: QaFailure | null;
}

/** Messages (MESSAGE_SENT + MESSAGE_RECEIVED events) a turn with this outcome produced. */
export const messagesOfTurn = (outcome: string): number => (outcome === 'failed' ? 1 : 2);

/** Lambda's log group of a function (`/aws/lambda/<function name>`). */
export const lambdaLogGroup = (functionName: string): string => `/aws/lambda/${functionName}`;
