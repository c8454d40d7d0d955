import { validateEvent, type AnalyticsEvent } from '@picasso/shared';
import { MAX_EVENTS_PER_CALL, WIDGET_EVENT_TYPES } from '@picasso/shared/chat-contract';
import { HttpError } from './http-error';
import { feedbackEventId, feedbackPayload } from './message-feedback';

export interface SessionIdentity {
  tenantId: string;
  tenantHash: string;
  sessionId: string;
}

const EVENT_ID = /^[A-Za-z0-9_:.-]{1,128}$/;

/**
 * Builds full events from what a widget sent: type, payload, its own timestamp and step, and an
 * optional event id (so a retried call is deduplicated downstream). Tenant and session come from
 * the token only; anything else the client put in the envelope is ignored. Each event is validated
 * against its published schema, and the first invalid one refuses the whole call (400).
 * MESSAGE_FEEDBACK's payload is rebuilt field by field (its comment redacted and cut) and its id
 * derived from the widget's, see {@link feedbackEventId}.
 */
export function buildWidgetEvents(body: unknown, who: SessionIdentity, context: { now: Date; environment: string; newId: () => string }): AnalyticsEvent[] {
  const list = (body as { events?: unknown })?.events;
  if (!Array.isArray(list) || list.length === 0) throw new HttpError(400, 'invalid_body', 'body must be {"events": [ ... ]} with at least one event');
  if (list.length > MAX_EVENTS_PER_CALL) throw new HttpError(400, 'too_many_events', `at most ${MAX_EVENTS_PER_CALL} events per call`);
  return list.map((raw: unknown, i) => {
    const e = (raw ?? {}) as Record<string, unknown>;
    if (!WIDGET_EVENT_TYPES.includes(e.event_type as (typeof WIDGET_EVENT_TYPES)[number])) {
      throw new HttpError(400, 'event_type_not_allowed', `events[${i}].event_type must be one of ${WIDGET_EVENT_TYPES.join(', ')}`);
    }
    const clientEventId = typeof e.event_id === 'string' && EVENT_ID.test(e.event_id) ? e.event_id : undefined;
    const clientTimestamp = typeof e.client_timestamp === 'string' ? e.client_timestamp : undefined;
    const feedback = e.event_type === 'MESSAGE_FEEDBACK' ? feedbackPayload(e.event_payload, `events[${i}]`) : undefined;
    const eventId = feedback ? feedbackEventId(who.sessionId, feedback, { eventId: clientEventId, clientTimestamp }, context.newId) : (clientEventId ?? context.newId());
    const candidate = {
      event_id: eventId,
      schema_version: '1.0.0',
      event_type: e.event_type,
      session_id: who.sessionId,
      tenant_id: who.tenantId,
      tenant_hash: who.tenantHash,
      step_number: typeof e.step_number === 'number' ? e.step_number : 0,
      ...(clientTimestamp !== undefined ? { client_timestamp: clientTimestamp } : {}),
      server_timestamp: context.now.toISOString(),
      environment: context.environment,
      event_payload: feedback ?? e.event_payload ?? {},
    };
    const result = validateEvent(candidate);
    if (!result.ok) throw new HttpError(400, result.reason, `events[${i}]: ${result.detail}`);
    return result.event;
  });
}

/**
 * `FORM_COMPLETED` for a stored submission: the form and counts, never a value. Its id derives
 * from the submission id, so re-emitting it for a retried submission is deduplicated downstream.
 */
export function formCompletedEvent(
  submission: { submissionId: string; formId: string; formTitle: string; fieldsCompleted: number; durationSeconds?: number | undefined },
  who: SessionIdentity,
  context: { now: Date; environment: string },
): AnalyticsEvent {
  const candidate = {
    event_id: `form_completed:${submission.submissionId}`,
    schema_version: '1.0.0',
    event_type: 'FORM_COMPLETED',
    session_id: who.sessionId,
    tenant_id: who.tenantId,
    tenant_hash: who.tenantHash,
    step_number: 0,
    server_timestamp: context.now.toISOString(),
    environment: context.environment,
    event_payload: {
      form_id: submission.formId,
      form_label: submission.formTitle.slice(0, 256),
      fields_completed: submission.fieldsCompleted,
      submission_id: submission.submissionId,
      ...(submission.durationSeconds !== undefined ? { duration_seconds: submission.durationSeconds } : {}),
    },
  };
  const result = validateEvent(candidate);
  if (!result.ok) throw new HttpError(400, result.reason, result.detail);
  return result.event;
}
