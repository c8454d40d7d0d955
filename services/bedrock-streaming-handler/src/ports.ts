import type { AnalyticsEvent, TenantChatSettings } from '@picasso/shared';
import type { TurnFailureCode } from '@picasso/shared/chat-contract';
import type { QaCompleteLine, QaOutcome } from '@picasso/shared/legacy';
import type { Redact } from './message-events';

export interface Passage {
  text: string;
  /** Where the passage comes from (S3 URI or title), returned to the widget in `done`. */
  source: string | undefined;
  score: number;
}

/** Why the model stream failed: the `error` frame's `code` and the QA_COMPLETE line's `failure` (the same four kinds). */
export type ModelFailureKind = TurnFailureCode;

/** Tokens the model read and wrote for one answer, as Bedrock's stream `metadata` event reports them. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/** One item of the model stream: a text delta, or the answer's token usage (last, at most once). */
export type ModelStreamItem = string | TokenUsage;

export interface ConverseRequest {
  modelId: string;
  system: string;
  question: string;
  signal: AbortSignal;
}

/** Everything one chat turn needs from the outside world. */
export interface ChatTurnPorts {
  retrieve(knowledgeBaseId: string, query: string, signal: AbortSignal): Promise<Passage[]>;
  /**
   * The answer's text deltas as the model produces them, then (when the stream reports it) the
   * token usage once, at the end. Throws (or the iterator throws) on failure.
   */
  converse(request: ConverseRequest): AsyncIterable<ModelStreamItem>;
  /** Names the failure of a `converse`/`retrieve` error. */
  classify(error: unknown): ModelFailureKind;
  redact: Redact;
  publish(events: AnalyticsEvent[]): Promise<void>;
  recordSession(item: SessionTurnRecord): Promise<void>;
  /** Writes the turn's one `QA_COMPLETE` log line. */
  logQaComplete(line: QaCompleteLine): void;
  countFailure(kind: ModelFailureKind): void;
  /** Monotonic milliseconds (performance.now). */
  monotonicNow(): number;
  now(): Date;
  newId(): string;
}

/** The writable side of the response: SSE frames go here. */
export interface SseSink {
  write(frame: string): void;
  /** True once the client went away. */
  readonly closed: boolean;
  /** Called once when the client goes away mid-stream. */
  onClose(listener: () => void): void;
}

export interface TurnSettings {
  defaultModelId: string;
  environment: string;
  /** Passages retrieved at most. */
  maxPassages: number;
  retrieveTimeoutMs: number;
  /** Longest wait for the first token, then between tokens. */
  firstTokenTimeoutMs: number;
  idleTimeoutMs: number;
}

export interface SessionTurnRecord {
  sessionId: string;
  tenantId: string;
  messageId: string;
  at: Date;
  outcome: TurnOutcome;
}

export type TurnOutcome = QaOutcome;

/**
 * The `QA_COMPLETE` structured log line: one contract in `@picasso/shared/legacy`, written here and
 * read by the legacy analytics function through Logs Insights.
 */
export type { QaCompleteLine };

export type { TenantChatSettings };
