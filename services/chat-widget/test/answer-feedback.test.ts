import { ChatApiError, ConnectionError } from '../src/chat-api';
import { COMMENT_MAX_LENGTH, feedbackEvent, sendWithOneRetry, worthRetrying } from '../src/answer-feedback';
import { ConversationStore, emptyConversation } from '../src/session-store';

describe('feedbackEvent', () => {
  it('is a MESSAGE_FEEDBACK on the reply id, with the comment only when there is one', () => {
    expect(feedbackEvent('m1', 'up')).toEqual({ event_type: 'MESSAGE_FEEDBACK', event_payload: { message_id: 'm1', rating: 'up' } });
    expect(feedbackEvent('m1', 'down', '   ')).toEqual({ event_type: 'MESSAGE_FEEDBACK', event_payload: { message_id: 'm1', rating: 'down' } });
    expect(feedbackEvent('m1', 'down', ' Out of date ')).toEqual({ event_type: 'MESSAGE_FEEDBACK', event_payload: { message_id: 'm1', rating: 'down', comment: 'Out of date' } });
  });

  it('cuts a long comment to the limit in code points, never half an emoji', () => {
    const comment = (feedbackEvent('m1', 'down', '👎'.repeat(COMMENT_MAX_LENGTH + 3)).event_payload as { comment: string }).comment;
    expect(Array.from(comment)).toHaveLength(COMMENT_MAX_LENGTH);
    expect(comment).toBe('👎'.repeat(COMMENT_MAX_LENGTH));
  });
});

describe('sendWithOneRetry', () => {
  const noWait = () => Promise.resolve();

  it('retries once after a dropped connection or a 5xx, and reports success', async () => {
    for (const failure of [new ConnectionError('offline'), new ChatApiError(503, 'http_503', 'busy'), new ChatApiError(429, 'rate_limited', 'slow down')]) {
      // Prepare
      let calls = 0;
      const waits: number[] = [];

      // Act
      const ok = await sendWithOneRetry(
        () => (++calls === 1 ? Promise.reject(failure) : Promise.resolve()),
        (ms) => (waits.push(ms), Promise.resolve()),
        700,
      );

      // Assess
      expect({ ok, calls, waits }).toEqual({ ok: true, calls: 2, waits: [700] });
    }
  });

  it('gives up after the second failure without throwing', async () => {
    let calls = 0;
    const ok = await sendWithOneRetry(() => (calls++, Promise.reject(new ConnectionError('offline'))), noWait);
    expect({ ok, calls }).toEqual({ ok: false, calls: 2 });
  });

  it('does not retry a refusal that another attempt cannot change', async () => {
    let calls = 0;
    const ok = await sendWithOneRetry(() => (calls++, Promise.reject(new ChatApiError(400, 'invalid_message_id', 'bad'))), noWait);
    expect({ ok, calls }).toEqual({ ok: false, calls: 1 });
    expect(worthRetrying(new Error('a bug'))).toBe(false);
  });
});

describe('a rated answer across a reload', () => {
  it('keeps the reply id and the vote in the stored transcript', () => {
    const items = new Map<string, string>();
    const storage = { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) };
    const store = new ConversationStore(storage, 'abcd1234');
    store.save({ ...emptyConversation(), transcript: [{ id: 'a1', role: 'assistant', text: 'We open at 9.', status: 'done', messageId: 'm1', rating: 'down' }] });
    expect(store.load().transcript[0]).toMatchObject({ messageId: 'm1', rating: 'down' });
  });
});
