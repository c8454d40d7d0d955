import { FEEDBACK_COMMENT_MAX_LENGTH } from '@picasso/shared/chat-contract';
import { HttpError } from './http-error';
import { feedbackEventId, feedbackPayload } from './message-feedback';
import { buildWidgetEvents } from './widget-events';

const who = { tenantId: 'FOS402334', tenantHash: 'fo85e6a06dcdf4', sessionId: 'sess-1' };
const context = { now: new Date('2026-02-01T10:00:00.000Z'), environment: 'test', newId: () => 'generated-id' };

function reasonOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof HttpError) return `${error.statusCode} ${error.reason}`;
    throw error;
  }
  return 'accepted';
}

describe('feedbackPayload', () => {
  it('keeps the reply id and rating, and redacts the comment', () => {
    expect(feedbackPayload({ message_id: 'a1b2-c3', rating: 'down', comment: '  Wrong hours, mail ana@example.org or 512-555-0199 ' }, 'events[0]')).toEqual({
      message_id: 'a1b2-c3',
      rating: 'down',
      comment: 'Wrong hours, mail [EMAIL] or [PHONE]',
    });
  });

  it('drops an empty or blank comment, and a null one', () => {
    expect(feedbackPayload({ message_id: 'm', rating: 'up', comment: '  \n ' }, 'e')).toEqual({ message_id: 'm', rating: 'up' });
    expect(feedbackPayload({ message_id: 'm', rating: 'up', comment: null }, 'e')).toEqual({ message_id: 'm', rating: 'up' });
  });

  it('cuts a long comment to the schema maximum in code points, after redacting, never half a marker', () => {
    // Prepare: an e-mail straddles the cut, and emoji make code units and code points differ
    const comment = `${'😀'.repeat(FEEDBACK_COMMENT_MAX_LENGTH - 5)} ana@example.org and more`;

    // Act
    const cut = feedbackPayload({ message_id: 'm', rating: 'down', comment }, 'e').comment!;

    // Assess
    expect(Array.from(cut).length).toBeLessThanOrEqual(FEEDBACK_COMMENT_MAX_LENGTH);
    expect(cut).not.toMatch(/ana|example|\[E(?!MAIL\])/);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('strips control characters and lone surrogates, so a split address is still found', () => {
    expect(feedbackPayload({ message_id: 'm', rating: 'down', comment: 'ana@exa\u0000mple.org \ud800 ok\uFFFF' }, 'e').comment).toBe('[EMAIL]  ok');
  });

  it.each([
    [null, '400 invalid_feedback'],
    [[], '400 invalid_feedback'],
    ['up', '400 invalid_feedback'],
    [{ message_id: 'm', rating: 'up', email: 'a@b.c' }, '400 invalid_feedback'],
    [{ rating: 'up' }, '400 invalid_message_id'],
    [{ message_id: 'has space', rating: 'up' }, '400 invalid_message_id'],
    [{ message_id: 'x'.repeat(129), rating: 'up' }, '400 invalid_message_id'],
    [{ message_id: { $ne: 1 }, rating: 'up' }, '400 invalid_message_id'],
    [{ message_id: 'm' }, '400 invalid_rating'],
    [{ message_id: 'm', rating: 'UP' }, '400 invalid_rating'],
    [{ message_id: 'm', rating: 1 }, '400 invalid_rating'],
    [{ message_id: 'm', rating: 'up', comment: 42 }, '400 invalid_comment'],
    [{ message_id: 'm', rating: 'up', comment: ['a'] }, '400 invalid_comment'],
  ])('refuses %j with %s', (payload, refusal) => {
    expect(reasonOf(() => feedbackPayload(payload, 'events[0]'))).toBe(refusal);
  });
});

describe('feedbackEventId', () => {
  const up = { message_id: 'msg-1', rating: 'up' as const };
  const down = { message_id: 'msg-1', rating: 'down' as const };

  it('gives a retried vote (same widget id) the same id, and a changed vote a new one', () => {
    const first = feedbackEventId('sess-1', up, { eventId: 'vote-1' }, () => 'x');
    expect(feedbackEventId('sess-1', up, { eventId: 'vote-1' }, () => 'y')).toBe(first);
    expect(feedbackEventId('sess-1', down, { eventId: 'vote-2' }, () => 'x')).not.toBe(first);
    expect(first).toMatch(/^feedback:[A-Za-z0-9_-]{43}$/);
  });

  it('keeps one session from reaching another session\'s ids with the same widget id', () => {
    expect(feedbackEventId('sess-1', up, { eventId: 'vote-1' }, () => 'x')).not.toBe(feedbackEventId('sess-2', up, { eventId: 'vote-1' }, () => 'x'));
  });

  it('falls back to rating and client time, then to a new id', () => {
    const at = '2026-02-01T10:00:00.000Z';
    expect(feedbackEventId('s', up, { clientTimestamp: at }, () => 'x')).toBe(feedbackEventId('s', up, { clientTimestamp: at }, () => 'y'));
    expect(feedbackEventId('s', up, { clientTimestamp: at }, () => 'x')).not.toBe(feedbackEventId('s', down, { clientTimestamp: at }, () => 'x'));
    expect(feedbackEventId('s', up, {}, () => 'x')).not.toBe(feedbackEventId('s', up, {}, () => 'y'));
  });
});

describe('buildWidgetEvents with MESSAGE_FEEDBACK', () => {
  it('builds a schema-valid MESSAGE_FEEDBACK from the token\'s tenant and session, with a derived id', () => {
    // Act
    const [event] = buildWidgetEvents(
      { events: [{ event_type: 'MESSAGE_FEEDBACK', event_id: 'vote-1', tenant_id: 'OTHER', session_id: 'forged', step_number: 3, client_timestamp: '2026-02-01T09:59:59.000Z', event_payload: { message_id: 'msg-1', rating: 'down', comment: 'call 512-555-0199' } }] },
      who,
      context,
    );

    // Assess
    expect(event).toEqual({
      event_id: feedbackEventId('sess-1', { message_id: 'msg-1', rating: 'down' }, { eventId: 'vote-1' }, () => 'unused'),
      schema_version: '1.0.0',
      event_type: 'MESSAGE_FEEDBACK',
      session_id: 'sess-1',
      tenant_id: 'FOS402334',
      tenant_hash: 'fo85e6a06dcdf4',
      step_number: 3,
      client_timestamp: '2026-02-01T09:59:59.000Z',
      server_timestamp: '2026-02-01T10:00:00.000Z',
      environment: 'test',
      event_payload: { message_id: 'msg-1', rating: 'down', comment: 'call [PHONE]' },
    });
  });
});
