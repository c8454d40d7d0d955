import { CONTENT_PREVIEW_MAX_LENGTH } from '../preview';
import { envelopeProperties, envelopeRequired } from './envelope';

/*
 * Version 1.0.0 of every event type. A published version never changes: a breaking change is a
 * new file (v2.ts) registered beside this one. `shared/schemas/events/<TYPE>/1.0.0.json` holds the
 * published copy, and `schema-contract.test.ts` fails if this file drifts from it.
 *
 * Payloads are closed (`additionalProperties: false`) so that form field values or other PII
 * cannot reach the lake by riding along in an event.
 */

export const count = { type: 'integer', minimum: 0 } as const;
export const millis = { type: 'number', minimum: 0, maximum: 3_600_000 } as const;
const formId = { type: 'string', minLength: 1, maxLength: 128 } as const;
const label = { type: 'string', maxLength: 256 } as const;
export const preview = { type: 'string', maxLength: CONTENT_PREVIEW_MAX_LENGTH } as const;
/** A reply's id as the visitor's client sees it (the stream's `done` frame): the event-id alphabet. */
export const messageId = { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_:.-]+$' } as const;
/** Free text a visitor types as a comment; redacted like any preview before it is published. */
export const FEEDBACK_COMMENT_MAX_LENGTH = 500;

export const MESSAGE_SENT_V1 = {
  $id: 'https://picasso.analytics/events/MESSAGE_SENT/1.0.0.json',
  title: 'MESSAGE_SENT 1.0.0',
  description: 'A visitor sent a chat message to the assistant.',
  type: 'object',
  additionalProperties: false,
  required: envelopeRequired,
  properties: {
    ...envelopeProperties,
    event_type: { type: 'string', const: 'MESSAGE_SENT' },
    event_payload: {
      type: 'object',
      additionalProperties: false,
      required: ['character_count', 'word_count'],
      properties: { content_preview: preview, character_count: count, word_count: count },
    },
  },
} as const;

export const MESSAGE_RECEIVED_V1 = {
  $id: 'https://picasso.analytics/events/MESSAGE_RECEIVED/1.0.0.json',
  title: 'MESSAGE_RECEIVED 1.0.0',
  description: 'The assistant finished answering a message (streamed from Bedrock).',
  type: 'object',
  additionalProperties: false,
  required: envelopeRequired,
  properties: {
    ...envelopeProperties,
    event_type: { type: 'string', const: 'MESSAGE_RECEIVED' },
    event_payload: {
      type: 'object',
      additionalProperties: false,
      required: ['response_time_ms', 'first_token_ms', 'total_time_ms'],
      properties: {
        content_preview: preview,
        response_time_ms: millis,
        first_token_ms: millis,
        total_time_ms: millis,
        model_id: { type: 'string', maxLength: 256 },
        knowledge_base_used: { type: 'boolean' },
      },
    },
  },
} as const;

export const FORM_STARTED_V1 = {
  $id: 'https://picasso.analytics/events/FORM_STARTED/1.0.0.json',
  title: 'FORM_STARTED 1.0.0',
  description: 'A visitor began a conversational form.',
  type: 'object',
  additionalProperties: false,
  required: envelopeRequired,
  properties: {
    ...envelopeProperties,
    event_type: { type: 'string', const: 'FORM_STARTED' },
    event_payload: {
      type: 'object',
      additionalProperties: false,
      required: ['form_id'],
      properties: { form_id: formId, form_label: label, total_fields: count },
    },
  },
} as const;

export const FORM_COMPLETED_V1 = {
  $id: 'https://picasso.analytics/events/FORM_COMPLETED/1.0.0.json',
  title: 'FORM_COMPLETED 1.0.0',
  description: 'A visitor submitted a conversational form. The values live only in the submissions table.',
  type: 'object',
  additionalProperties: false,
  required: envelopeRequired,
  properties: {
    ...envelopeProperties,
    event_type: { type: 'string', const: 'FORM_COMPLETED' },
    event_payload: {
      type: 'object',
      additionalProperties: false,
      required: ['form_id'],
      properties: {
        form_id: formId,
        form_label: label,
        duration_seconds: { type: 'number', minimum: 0 },
        fields_completed: count,
        submission_id: { type: 'string', maxLength: 128 },
      },
    },
  },
} as const;

export const FORM_ABANDONED_V1 = {
  $id: 'https://picasso.analytics/events/FORM_ABANDONED/1.0.0.json',
  title: 'FORM_ABANDONED 1.0.0',
  description: 'A visitor left a form unfinished; `last_field` is the field they stopped at.',
  type: 'object',
  additionalProperties: false,
  required: envelopeRequired,
  properties: {
    ...envelopeProperties,
    event_type: { type: 'string', const: 'FORM_ABANDONED' },
    event_payload: {
      type: 'object',
      additionalProperties: false,
      required: ['form_id', 'last_field'],
      properties: {
        form_id: formId,
        form_label: label,
        last_field: { type: 'string', minLength: 1, maxLength: 128 },
        fields_completed: count,
        duration_seconds: { type: 'number', minimum: 0 },
      },
    },
  },
} as const;

export const WIDGET_OPENED_V1 = {
  $id: 'https://picasso.analytics/events/WIDGET_OPENED/1.0.0.json',
  title: 'WIDGET_OPENED 1.0.0',
  description: 'A visitor opened the chat widget: the top of the conversion funnel.',
  type: 'object',
  additionalProperties: false,
  required: envelopeRequired,
  properties: {
    ...envelopeProperties,
    event_type: { type: 'string', const: 'WIDGET_OPENED' },
    event_payload: {
      type: 'object',
      additionalProperties: false,
      required: [],
      properties: {
        trigger: { type: 'string', enum: ['launcher', 'proactive', 'api'] },
        page_path: { type: 'string', maxLength: 512 },
      },
    },
  },
} as const;

export const MESSAGE_FEEDBACK_V1 = {
  $id: 'https://picasso.analytics/events/MESSAGE_FEEDBACK/1.0.0.json',
  title: 'MESSAGE_FEEDBACK 1.0.0',
  description:
    'A visitor rated one assistant reply (thumbs up or down), optionally with a comment (redacted like any free text). `message_id` is the reply\'s id from the stream\'s done frame; a later rating of the same reply replaces an earlier one.',
  type: 'object',
  additionalProperties: false,
  required: envelopeRequired,
  properties: {
    ...envelopeProperties,
    event_type: { type: 'string', const: 'MESSAGE_FEEDBACK' },
    event_payload: {
      type: 'object',
      additionalProperties: false,
      required: ['message_id', 'rating'],
      properties: {
        message_id: messageId,
        rating: { type: 'string', enum: ['up', 'down'] },
        comment: { type: 'string', maxLength: FEEDBACK_COMMENT_MAX_LENGTH },
      },
    },
  },
} as const;
