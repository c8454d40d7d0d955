import type { ChatSession } from '@picasso/shared/chat-contract';
import type { FormFlowState } from './form-flow';

/** One line of the conversation as the visitor sees it. */
export interface TranscriptEntry {
  id: string;
  role: 'visitor' | 'assistant' | 'system';
  text: string;
  /** `streaming` while tokens arrive; `failed` keeps the question for the retry button. */
  status: 'streaming' | 'done' | 'failed';
  sources?: string[];
  /** On a failed answer: the visitor's question to send again. */
  retryOf?: string;
  /** On a finished answer: the reply's id from the `done` frame, which feedback refers to. */
  messageId?: string;
  /** The visitor's latest vote on this answer (thumbs up or down). */
  rating?: 'up' | 'down';
}

/** Everything the widget keeps across a reload of the host page (this tab only). */
export interface StoredConversation {
  version: 1;
  session: ChatSession | null;
  transcript: TranscriptEntry[];
  /** Messages sent so far (the next turn's `step_number`). */
  step: number;
  open: boolean;
  form: FormFlowState | null;
}

/** The transcript kept at most (the oldest entries go first), so session storage never fills up. */
export const MAX_TRANSCRIPT_ENTRIES = 200;

/** A fresh conversation. */
export function emptyConversation(): StoredConversation {
  return { version: 1, session: null, transcript: [], step: 0, open: false, form: null };
}

/**
 * The conversation in session storage, one key per tenant. Session storage, not local storage:
 * the chat token and transcript live as long as the tab and never reach another tab or a later
 * visit. Storage can be missing, full or hold anything: reads fall back to a fresh conversation
 * and writes never throw (the widget still works, it just forgets on reload).
 */
export class ConversationStore {
  private readonly key: string;

  constructor(
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null,
    tenantHash: string,
  ) {
    this.key = `picasso-chat:${tenantHash}`;
  }

  load(): StoredConversation {
    try {
      const raw = this.storage?.getItem(this.key);
      if (!raw) return emptyConversation();
      const value = JSON.parse(raw) as Partial<StoredConversation>;
      if (value?.version !== 1 || !Array.isArray(value.transcript)) return emptyConversation();
      // An answer that was streaming when the page went away is incomplete: show it as interrupted.
      const transcript = value.transcript.map((e) => (e.status === 'streaming' ? { ...e, status: 'failed' as const, text: e.text || 'The answer was interrupted.' } : e));
      return { ...emptyConversation(), ...value, transcript };
    } catch {
      return emptyConversation();
    }
  }

  save(conversation: StoredConversation): void {
    const trimmed = { ...conversation, transcript: conversation.transcript.slice(-MAX_TRANSCRIPT_ENTRIES) };
    try {
      this.storage?.setItem(this.key, JSON.stringify(trimmed));
    } catch {
      // Quota exceeded or storage disabled: keep working without persistence.
    }
  }

  clear(): void {
    try {
      this.storage?.removeItem(this.key);
    } catch {
      // as above
    }
  }
}
