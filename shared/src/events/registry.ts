import type { FromSchema } from 'json-schema-to-ts';
import {
  FORM_ABANDONED_V1,
  FORM_COMPLETED_V1,
  FORM_STARTED_V1,
  MESSAGE_FEEDBACK_V1,
  MESSAGE_RECEIVED_V1,
  MESSAGE_SENT_V1,
  WIDGET_OPENED_V1,
} from './schemas/v1';
import { MESSAGE_RECEIVED_V1_1 } from './schemas/v1_1';

/** Every (event type, schema version) the pipeline accepts. Add a version here; never edit one. */
export const EVENT_SCHEMAS = {
  MESSAGE_SENT: { '1.0.0': MESSAGE_SENT_V1 },
  MESSAGE_RECEIVED: { '1.0.0': MESSAGE_RECEIVED_V1, '1.1.0': MESSAGE_RECEIVED_V1_1 },
  FORM_STARTED: { '1.0.0': FORM_STARTED_V1 },
  FORM_COMPLETED: { '1.0.0': FORM_COMPLETED_V1 },
  FORM_ABANDONED: { '1.0.0': FORM_ABANDONED_V1 },
  WIDGET_OPENED: { '1.0.0': WIDGET_OPENED_V1 },
  MESSAGE_FEEDBACK: { '1.0.0': MESSAGE_FEEDBACK_V1 },
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];

export type MessageSentEvent = FromSchema<typeof MESSAGE_SENT_V1>;
export type MessageReceivedEvent = FromSchema<typeof MESSAGE_RECEIVED_V1> | FromSchema<typeof MESSAGE_RECEIVED_V1_1>;
export type MessageFeedbackEvent = FromSchema<typeof MESSAGE_FEEDBACK_V1>;
export type FormStartedEvent = FromSchema<typeof FORM_STARTED_V1>;
export type FormCompletedEvent = FromSchema<typeof FORM_COMPLETED_V1>;
export type FormAbandonedEvent = FromSchema<typeof FORM_ABANDONED_V1>;
export type WidgetOpenedEvent = FromSchema<typeof WIDGET_OPENED_V1>;

/** Any valid analytics event, discriminated on `event_type`. */
export type AnalyticsEvent =
  | MessageSentEvent
  | MessageReceivedEvent
  | FormStartedEvent
  | FormCompletedEvent
  | FormAbandonedEvent
  | WidgetOpenedEvent
  | MessageFeedbackEvent;

export type EventOfType<T extends EventType> = Extract<AnalyticsEvent, { event_type: T }>;
