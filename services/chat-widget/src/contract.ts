/**
 * The chat path's wire shapes as the widget reads them. The master function builds these inline
 * (`publicWidgetConfig` and the `/session` reply in services/master-function/src/master-api.ts,
 * the `done`/`error` frames in services/bedrock-streaming-handler/src/chat-turn.ts) and exports
 * no type for them; they belong in @picasso/shared next to the event schemas, and this file goes
 * away once they are there. Only field kinds come from the shared contract today.
 */
import type { FormFieldType } from '@picasso/shared';

export type { FormFieldType };

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

/** `GET /config?t=<tenant_hash>`. */
export interface WidgetConfig {
  tenant_hash: string;
  name: string;
  greeting: string;
  streaming_url: string;
  forms: WidgetForm[];
}

/** `POST /session` → 201. */
export interface ChatSession {
  token: string;
  session_id: string;
  /** ISO time. */
  expires_at: string;
  streaming_url: string;
}

/** The streaming handler's `token` frame. */
export interface TokenFrame {
  text: string;
}

/** The streaming handler's `done` frame. */
export interface DoneFrame {
  message_id: string;
  first_token_ms: number;
  response_time_ms: number;
  total_time_ms: number;
  knowledge_base_used: boolean;
  sources: string[];
}

/** The streaming handler's `error` frame (a user-safe message). */
export interface ErrorFrame {
  message_id: string;
  code: string;
  message: string;
}

/** Every 4xx of both functions: `{ error: <reason>, message }`. */
export interface Refusal {
  error: string;
  message: string;
}

/** The events a widget may send through `POST /events`, with their payloads (closed schemas). */
export type WidgetEvent =
  | { event_type: 'WIDGET_OPENED'; event_payload: { trigger: 'launcher' | 'proactive' | 'api'; page_path?: string } }
  | { event_type: 'FORM_STARTED'; event_payload: { form_id: string; form_label?: string; total_fields?: number } }
  | { event_type: 'FORM_ABANDONED'; event_payload: { form_id: string; form_label?: string; last_field: string; fields_completed?: number; duration_seconds?: number } };
