import { buildEvent } from '@picasso/shared/testing';
import { classifyFailure, describeMessage, safeLabel, TRANSIENT_REASON, UNPRINTABLE } from './classify';
import type { QueueMessage } from './ports';

function message(body: string, overrides: Partial<QueueMessage> = {}): QueueMessage {
  return { messageId: 'm-1', receiptHandle: 'h-1', body, receiveCount: 6, messageAttributes: {}, ...overrides };
}

describe('classifyFailure', () => {
  it('calls a valid event a transient failure that exhausted its retries', () => {
    expect(classifyFailure(message(JSON.stringify(buildEvent('MESSAGE_SENT'))))).toBe(TRANSIENT_REASON);
  });

  it('names a body that is not JSON', () => {
    expect(classifyFailure(message('{not json'))).toBe('not JSON');
  });

  it('names a JSON body without an event_type', () => {
    const { event_type: _dropped, ...rest } = buildEvent('MESSAGE_SENT');
    expect(classifyFailure(message(JSON.stringify(rest)))).toBe('no event_type');
  });

  it('names the schema rejection of a body the processor would quarantine', () => {
    expect(classifyFailure(message(JSON.stringify(buildEvent('MESSAGE_SENT', { step_number: -1 }))))).toBe('schema violation');
  });

  it('prefers a failure_reason message attribute over the body', () => {
    const m = message('{not json', { messageAttributes: { failure_reason: { DataType: 'String', StringValue: 's3_unavailable' } } });
    expect(classifyFailure(m)).toBe('s3_unavailable');
  });

  it('never echoes a free-text reason attribute', () => {
    const m = message('{}', { messageAttributes: { ErrorCode: { DataType: 'String', StringValue: 'call me at 555 123 4567' } } });
    expect(classifyFailure(m)).toBe(`ErrorCode: ${UNPRINTABLE}`);
  });
});

describe('describeMessage', () => {
  it('reads type, tenant, receive count and age without the payload', () => {
    // Prepare
    const event = buildEvent('FORM_COMPLETED', { tenant_hash: 'ab12cd34' });
    const sent = Date.parse('2026-01-01T00:00:00Z');
    // Act
    const facts = describeMessage(message(JSON.stringify(event), { sentTimestamp: sent }), new Date(sent + 90_000));
    // Assess
    expect(facts).toEqual({
      messageId: 'm-1',
      eventId: event.event_id,
      eventType: 'FORM_COMPLETED',
      tenantHash: 'ab12cd34',
      reason: TRANSIENT_REASON,
      receiveCount: 6,
      sentAt: '2026-01-01T00:00:00.000Z',
      ageSeconds: 90,
    });
  });

  it('labels missing fields and hides unprintable ones', () => {
    const facts = describeMessage(message(JSON.stringify({ event_type: 'hello there\u001b[2J', tenant_hash: 7 })), new Date());
    expect([facts.eventType, facts.tenantHash, facts.eventId]).toEqual([UNPRINTABLE, UNPRINTABLE, '(none)']);
  });

  it('prints a tenant hash only when it has the shape of one', () => {
    const facts = describeMessage(message(JSON.stringify({ event_type: 'MESSAGE_SENT', tenant_hash: 'Jo.Smith' })), new Date());
    expect(facts.tenantHash).toBe(UNPRINTABLE);
  });
});

describe('safeLabel', () => {
  it('passes identifiers and refuses text with spaces or control characters', () => {
    expect(safeLabel('MESSAGE_SENT')).toBe('MESSAGE_SENT');
    expect(safeLabel('a b')).toBe(UNPRINTABLE);
    expect(safeLabel('x'.repeat(81))).toBe(UNPRINTABLE);
    expect(safeLabel('jo@example.com')).toBe(UNPRINTABLE);
  });
});
