/**
 * `@picasso/shared/chat-contract`: what the master function and the streaming handler answer and
 * the chat widget reads, defined once for all three. Types, route constants and the pure field
 * checks only: the widget imports it into its lazily loaded panel chunk without pulling anything
 * else from `shared` (every import below is type-only but `./field-checks` and one constant).
 */
import type { FormAbandonedEvent, FormStartedEvent, MessageFeedbackEvent, WidgetOpenedEvent } from '../events/registry';
import type { FormFieldType } from '../tenants/chat-settings';

export { FIELD_CHECKS, fieldValueProblem, type FieldCheck, type FieldValueProblem } from './field-checks';
/** The longest feedback comment the lake keeps (code points); the widget's box stops there too. */
export { FEEDBACK_COMMENT_MAX_LENGTH } from '../events/schemas/v1';
export type { FormFieldType };

/**
 * The master function's routes, each with the one method it serves (plus CORS preflight).
 * `GET /config` and `POST /session` are public (tenant hash); the rest need the session token.
 */
export const MASTER_ROUTES = {
  config: { path: '/config', method: 'GET' },
  session: { path: '/session', method: 'POST' },
  revoke: { path: '/revoke', method: 'POST' },
  events: { path: '/events', method: 'POST' },
  formSubmission: { path: '/form_submission', method: 'POST' },
} as const;

export type MasterRouteName = keyof typeof MASTER_ROUTES;
export type MasterRoutePath = (typeof MASTER_ROUTES)[MasterRouteName]['path'];

/** One form field as a visitor's widget sees it. */
export interface WidgetFormField {
  name: string;
  label: string;
  type: FormFieldType;
  required: boolean;
  max_length: number;
}

export interface WidgetForm {
  form_id: string;
  title: string;
  fields: WidgetFormField[];
}

/** `GET /config?t=<tenant_hash>` → 200: what any visitor may see of a tenant (no prompt, model or Knowledge Base). */
export interface WidgetConfig {
  tenant_hash: string;
  name: string;
  greeting: string;
  streaming_url: string;
  forms: WidgetForm[];
}

/** `POST /session` body (the tenant hash may also be the `t` query parameter). */
export interface SessionRequest {
  t?: string;
}

/** `POST /session` → 201: a chat session token. */
export interface ChatSession {
  token: string;
  session_id: string;
  /** ISO time. */
  expires_at: string;
  streaming_url: string;
}

/** `POST /revoke` → 200 (no body needed: the bearer token is the one revoked). */
export interface RevokeReply {
  revoked: true;
}

/** The event types a widget may send through `POST /events`; the rest are produced server-side. */
export const WIDGET_EVENT_TYPES = ['WIDGET_OPENED', 'FORM_STARTED', 'FORM_ABANDONED', 'MESSAGE_FEEDBACK'] as const;

/** At most this many events per `POST /events` (one SQS batch). */
export const MAX_EVENTS_PER_CALL = 10;

/** A widget event's type and payload; payloads are the published event schemas' (closed). */
export type WidgetEvent =
  | { event_type: 'WIDGET_OPENED'; event_payload: WidgetOpenedEvent['event_payload'] }
  | { event_type: 'FORM_STARTED'; event_payload: FormStartedEvent['event_payload'] }
  | { event_type: 'FORM_ABANDONED'; event_payload: FormAbandonedEvent['event_payload'] }
  /**
   * A thumbs up/down on the reply `message_id` (the `done` frame's). The comment is free text: the
   * master function redacts it and cuts it to `FEEDBACK_COMMENT_MAX_LENGTH` code points. Send a
   * new `event_id` per vote and the same one on a retry (docs/decisions.md §40).
   */
  | { event_type: 'MESSAGE_FEEDBACK'; event_payload: MessageFeedbackEvent['event_payload'] };

/**
 * One event as sent: the master function adds tenant and session from the token. A resent
 * `event_id` is deduplicated downstream.
 */
export type WidgetEventInput = WidgetEvent & { event_id?: string; step_number?: number; client_timestamp?: string };

/** `POST /events` body: 1 to `MAX_EVENTS_PER_CALL` events. */
export interface EventsRequest {
  events: WidgetEventInput[];
}

/** `POST /events` → 202. */
export interface EventsReply {
  accepted: number;
}

/** `POST /form_submission` body. `submission_id` is the widget's (8-128 of A-Z a-z 0-9 _ -). */
export interface FormSubmissionRequest {
  submission_id: string;
  form_id: string;
  /** Field name → the visitor's answer (PII: stored in the submissions table only). */
  values: Record<string, string>;
  duration_seconds?: number;
}

/** `POST /form_submission` → 201 (stored) or 200 (`duplicate`: that id was stored before). */
export interface FormSubmissionReply {
  submission_id: string;
  duplicate: boolean;
}

/** Every 4xx of both functions: `{ error: <reason>, message }`; a 5xx adds the request id. */
export interface Refusal {
  error: string;
  message: string;
  request_id?: string;
}

/** The streaming Function URL's request body: `POST <streaming_url>` with the session token. */
export interface TurnRequest {
  message: string;
  step_number?: number;
}

/** Why a turn failed, the `error` frame's `code`. */
export type TurnFailureCode = 'throttled' | 'timeout' | 'model_error' | 'retrieval_error';

/** A turn's timings, whole ms from the request's arrival; first ≤ response ≤ total. */
export interface TurnTimings {
  /** Until the first token was written to the client. */
  first_token_ms: number;
  /** Until the model's last token was written (the answer is complete). */
  response_time_ms: number;
  /** Until the turn ended (`done` or `error` written, or the client gone). */
  total_time_ms: number;
}

/** `token`: the next piece of the answer. */
export interface TokenFrame {
  text: string;
}

/** `done`: the answer is complete. */
export interface DoneFrame extends TurnTimings {
  message_id: string;
  knowledge_base_used: boolean;
  /** Where the Knowledge Base passages came from (S3 URI or title), deduplicated. */
  sources: string[];
}

/** `error`: the turn failed; `message` is safe to show the visitor. */
export interface ErrorFrame {
  message_id: string;
  code: TurnFailureCode;
  message: string;
}

/** The Server-Sent Events the streaming handler writes, by event name, with their `data`. */
export interface SseFrames {
  token: TokenFrame;
  done: DoneFrame;
  error: ErrorFrame;
}

export type SseEventName = keyof SseFrames;
