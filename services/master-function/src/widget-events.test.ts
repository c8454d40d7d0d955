import { buildWidgetEvents, formCompletedEvent } from './widget-events';
import { HttpError } from './http-error';

const who = { tenantId: 'FOS402334', tenantHash: 'fo85e6a06dcdf4', sessionId: 'sess-1' };
const context = { now: new Date('2026-02-01T10:00:00.000Z'), environment: 'test', newId: () => 'generated-id' };

describe('buildWidgetEvents', () => {
  it('builds schema-valid events whose tenant and session come from the token, not the body', () => {
    // Act
    const [event] = buildWidgetEvents({ events: [{ event_type: 'WIDGET_OPENED', tenant_hash: 'someoneelse', session_id: 'forged', event_payload: { trigger: 'launcher' }, step_number: 1 }] }, who, context);

    // Assess
    expect(event).toEqual({
      event_id: 'generated-id',
      schema_version: '1.0.0',
      event_type: 'WIDGET_OPENED',
      session_id: 'sess-1',
      tenant_id: 'FOS402334',
      tenant_hash: 'fo85e6a06dcdf4',
      step_number: 1,
      server_timestamp: '2026-02-01T10:00:00.000Z',
      environment: 'test',
      event_payload: { trigger: 'launcher' },
    });
  });

  it('keeps a well-formed client event id so a retried call is deduplicated downstream', () => {
    const [event] = buildWidgetEvents({ events: [{ event_type: 'FORM_STARTED', event_id: 'client-1', event_payload: { form_id: 'volunteer' } }] }, who, context);
    expect(event!.event_id).toBe('client-1');
  });

  it.each([
    [{ events: [{ event_type: 'MESSAGE_SENT', event_payload: { character_count: 1, word_count: 1 } }] }, 'event_type_not_allowed'],
    [{ events: [{ event_type: 'FORM_ABANDONED', event_payload: { form_id: 'f' } }] }, 'schema_violation'],
    [{ events: [{ event_type: 'FORM_STARTED', event_payload: { form_id: 'f', email: 'a@b.c' } }] }, 'schema_violation'],
    [{ events: [] }, 'invalid_body'],
    [{ events: Array.from({ length: 11 }, () => ({ event_type: 'WIDGET_OPENED', event_payload: {} })) }, 'too_many_events'],
  ])('refuses %j with reason %s', (body, reason) => {
    expect(() => buildWidgetEvents(body, who, context)).toThrow(HttpError);
    try {
      buildWidgetEvents(body, who, context);
    } catch (error) {
      expect((error as HttpError).reason).toBe(reason);
      expect((error as HttpError).statusCode).toBe(400);
    }
  });
});

describe('formCompletedEvent', () => {
  it('carries the form and counts but no value, with an id derived from the submission', () => {
    const event = formCompletedEvent({ submissionId: 'sub-12345678', formId: 'volunteer', formTitle: 'Volunteer', fieldsCompleted: 3, durationSeconds: 42 }, who, context);
    expect(event).toMatchObject({ event_id: 'form_completed:sub-12345678', event_type: 'FORM_COMPLETED', event_payload: { form_id: 'volunteer', form_label: 'Volunteer', fields_completed: 3, submission_id: 'sub-12345678', duration_seconds: 42 } });
  });
});
