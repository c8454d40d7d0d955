import { ConversationStore, emptyConversation, MAX_TRANSCRIPT_ENTRIES, type StoredConversation } from '../src/session-store';
import { sessionExpired } from '../src/session-expiry';

/** sessionStorage's interface over a Map, with switches for a full or disabled storage. */
function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    full: false,
    getItem: (k: string) => items.get(k) ?? null,
    setItem(k: string, v: string) {
      if (this.full) throw new DOMException('quota', 'QuotaExceededError');
      items.set(k, v);
    },
    removeItem: (k: string) => void items.delete(k),
  };
}

const session = { token: 'jwt', session_id: 's1', expires_at: '2026-01-01T00:30:00.000Z', streaming_url: 'http://127.0.0.1:1/' };

describe('ConversationStore', () => {
  it('gives back what it kept (session, transcript, step, open, form), per tenant', () => {
    const storage = memoryStorage();
    const store = new ConversationStore(storage, 'fo85e6a06dcdf4');
    const kept: StoredConversation = { ...emptyConversation(), session, step: 2, open: true, transcript: [{ id: 'v1', role: 'visitor', text: 'Hi 👋', status: 'done' }] };
    store.save(kept);
    expect(new ConversationStore(storage, 'fo85e6a06dcdf4').load()).toEqual(kept);
    expect(new ConversationStore(storage, 'at3c9d0e21b7a5').load()).toEqual(emptyConversation());
  });

  it('shows an answer that was streaming when the page went away as interrupted, so it can be retried', () => {
    const storage = memoryStorage();
    const store = new ConversationStore(storage, 'tenant01');
    store.save({ ...emptyConversation(), transcript: [{ id: 'a1', role: 'assistant', text: 'Half an ans', status: 'streaming', retryOf: 'q?' }] });
    expect(store.load().transcript).toEqual([{ id: 'a1', role: 'assistant', text: 'Half an ans', status: 'failed', retryOf: 'q?' }]);
  });

  it('starts afresh on garbage, an unknown version or no storage at all, and never throws on a full storage', () => {
    const storage = memoryStorage();
    const store = new ConversationStore(storage, 'tenant01');
    storage.items.set('picasso-chat:tenant01', '{not json');
    expect(store.load()).toEqual(emptyConversation());
    storage.items.set('picasso-chat:tenant01', JSON.stringify({ version: 9, transcript: [] }));
    expect(store.load()).toEqual(emptyConversation());
    expect(new ConversationStore(null, 'tenant01').load()).toEqual(emptyConversation());
    storage.full = true;
    expect(() => store.save(emptyConversation())).not.toThrow();
  });

  it(`keeps the last ${MAX_TRANSCRIPT_ENTRIES} transcript entries`, () => {
    const storage = memoryStorage();
    const store = new ConversationStore(storage, 'tenant01');
    const transcript = Array.from({ length: MAX_TRANSCRIPT_ENTRIES + 5 }, (_, i) => ({ id: `e${i}`, role: 'visitor' as const, text: `${i}`, status: 'done' as const }));
    store.save({ ...emptyConversation(), transcript });
    const loaded = store.load().transcript;
    expect(loaded).toHaveLength(MAX_TRANSCRIPT_ENTRIES);
    expect(loaded[0]!.id).toBe('e5');
  });
});

describe('sessionExpired', () => {
  it('is true from 30 s before expiry and for an unreadable expiry', () => {
    const exp = Date.parse(session.expires_at);
    expect(sessionExpired(session, exp - 31_000)).toBe(false);
    expect(sessionExpired(session, exp - 29_000)).toBe(true);
    expect(sessionExpired({ ...session, expires_at: 'soon' }, 0)).toBe(true);
  });
});
