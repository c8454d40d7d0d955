import { buildEvent, seedExampleEvents } from '../testing/factories';
import { EVENT_TYPES } from './registry';
import { parseEvent, validateEvent } from './validate';

describe('validateEvent', () => {
  it('accepts the seed document’s three example events unchanged', () => {
    const { messageSent, messageReceived, formCompleted } = seedExampleEvents();
    for (const event of [messageSent, messageReceived, formCompleted]) {
      expect(validateEvent(event)).toEqual({ ok: true, event });
    }
  });

  it.each(EVENT_TYPES)('accepts a well-formed %s event', (type) => {
    expect(validateEvent(buildEvent(type)).ok).toBe(true);
  });

  it('names an unknown event type', () => {
    const result = validateEvent(buildEvent('MESSAGE_SENT', { event_type: 'MESSAGE_DELETED' }));
    expect(result).toMatchObject({ ok: false, reason: 'unknown_event_type' });
  });

  it('names an unsupported schema version', () => {
    const result = validateEvent(buildEvent('MESSAGE_SENT', { schema_version: '2.0.0' }));
    expect(result).toMatchObject({ ok: false, reason: 'unsupported_schema_version' });
    expect(!result.ok && result.detail).toContain('2.0.0');
  });

  it('rejects a FORM_ABANDONED event without the field the user stopped at', () => {
    const event = buildEvent('FORM_ABANDONED', { event_payload: { form_id: 'volunteer_interest' } });
    const result = validateEvent(event);
    expect(result).toMatchObject({ ok: false, reason: 'schema_violation' });
    expect(!result.ok && result.detail).toContain('last_field');
  });

  it('refuses form values smuggled into a payload, so PII cannot reach the lake', () => {
    const event = buildEvent('FORM_COMPLETED', {
      event_payload: { form_id: 'volunteer_interest', form_data: { email: 'john@example.com' } },
    });
    const result = validateEvent(event);
    expect(result).toMatchObject({ ok: false, reason: 'schema_violation' });
    expect(!result.ok && result.detail).toContain('form_data');
  });

  it('rejects a malformed server timestamp', () => {
    expect(validateEvent(buildEvent('WIDGET_OPENED', { server_timestamp: 'yesterday' }))).toMatchObject({ ok: false, reason: 'schema_violation' });
  });

  it('rejects non-objects', () => {
    expect(validateEvent([1, 2])).toMatchObject({ ok: false, reason: 'not_an_object' });
  });
});

describe('parseEvent', () => {
  it('reports a body that is not JSON', () => {
    expect(parseEvent('{not json')).toMatchObject({ ok: false, reason: 'not_json' });
  });
});
