import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnalyticsEvent, EventType } from '../events/registry';
import type { RollupQueryRow } from '../metrics/rollups';

const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'seed');

/** The seed document's three example events, unchanged. */
export function seedExampleEvents(): { messageSent: AnalyticsEvent; messageReceived: AnalyticsEvent; formCompleted: AnalyticsEvent } {
  const read = (f: string) => JSON.parse(readFileSync(join(fixturesDir, f), 'utf8')) as AnalyticsEvent;
  return { messageSent: read('message-sent.json'), messageReceived: read('message-received.json'), formCompleted: read('form-completed.json') };
}

const payloads: Record<EventType, object> = {
  MESSAGE_SENT: { content_preview: 'What are your hours?', character_count: 20, word_count: 4 },
  MESSAGE_RECEIVED: { content_preview: 'We are open 9 to 5.', response_time_ms: 1200, first_token_ms: 800, total_time_ms: 2000, model_id: 'anthropic.claude-3-haiku-20240307-v1:0', knowledge_base_used: true },
  FORM_STARTED: { form_id: 'volunteer_interest', form_label: 'Volunteer Interest Form', total_fields: 8 },
  FORM_COMPLETED: { form_id: 'volunteer_interest', form_label: 'Volunteer Interest Form', duration_seconds: 95, fields_completed: 8, submission_id: 'sub_test' },
  FORM_ABANDONED: { form_id: 'volunteer_interest', form_label: 'Volunteer Interest Form', last_field: 'phone', fields_completed: 3, duration_seconds: 40 },
  WIDGET_OPENED: { trigger: 'launcher', page_path: '/volunteer' },
  MESSAGE_FEEDBACK: { message_id: 'msg_test', rating: 'up' },
};

/** A valid event of `type` for the seed's demo tenant, with any field overridden. */
export function buildEvent<T extends EventType>(type: T, overrides: Partial<Record<string, unknown>> = {}): AnalyticsEvent {
  const server = (overrides.server_timestamp as string | undefined) ?? '2025-12-20T14:23:45.456Z';
  return {
    event_id: `evt_${randomUUID()}`,
    schema_version: '1.0.0',
    session_id: 'sess_test',
    tenant_id: 'FOS402334',
    tenant_hash: 'fo85e6a06dcdf4',
    step_number: 1,
    event_type: type,
    event_payload: payloads[type],
    client_timestamp: server,
    server_timestamp: server,
    environment: 'test',
    ...overrides,
  } as AnalyticsEvent;
}

/** A row of the rollup query with nothing counted (a session-grain row at epoch 0), with any field overridden. */
export function rollupRow(over: Partial<RollupQueryRow> = {}): RollupQueryRow {
  return {
    grain: 'session',
    hour_start: 0,
    session_id: null,
    event_type: null,
    form_id: null,
    form_label: null,
    field: null,
    question: null,
    first_token_bucket: null,
    total_bucket: null,
    events: 1,
    widget_opens: 0,
    messages_sent: 0,
    messages_received: 0,
    kb_replies: 0,
    forms_started: 0,
    forms_completed: 0,
    forms_abandoned: 0,
    first_message_at: null,
    response_ms_sum: null,
    response_count: 0,
    first_token_ms_sum: null,
    first_token_count: 0,
    first_token_under_1s: 0,
    first_token_over_10s: 0,
    duration_sum: null,
    duration_count: 0,
    model_id: null,
    feedback_id: null,
    last_sent_at: null,
    last_reply_at: null,
    last_reply_kb: 0,
    last_reply_id: null,
    first_form_started_at: null,
    last_form_started_at: null,
    token_replies: 0,
    input_tokens_sum: null,
    output_tokens_sum: null,
    rating: null,
    comment: null,
    feedback_at: null,
    feedback_vote_at: null,
    ...over,
  };
}
