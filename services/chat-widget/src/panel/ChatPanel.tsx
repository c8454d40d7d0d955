import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { ChatApi, ChatApiError, ConnectionError } from '../chat-api';
import type { ChatSession, WidgetConfig, WidgetEvent, WidgetForm } from '@picasso/shared/chat-contract';
import { COMMENT_MAX_LENGTH, feedbackEvent, sendWithOneRetry, type Rating } from '../answer-feedback';
import { abandonment, answerField, currentField, promptFor, skipField, startForm, submission } from '../form-flow';
import { newId } from '../ids';
import { sessionExpired } from '../session-expiry';
import type { ConversationStore, StoredConversation, TranscriptEntry } from '../session-store';
import { sourceLabel } from '../source-label';

export type PanelCommand = { kind: 'toggle'; trigger: 'launcher' | 'api' } | { kind: 'restore' };

export interface ChatPanelProps {
  tenantHash: string;
  api: ChatApi;
  store: ConversationStore;
  shadow: ShadowRoot;
  launcher: HTMLElement;
  onOpenChange(open: boolean): void;
  subscribe(listener: (command: PanelCommand) => void): () => void;
}

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

/** What the visitor reads for a failure: what happened and what to do, nothing internal. */
function describe(error: unknown): string {
  if (error instanceof ConnectionError) return 'The connection dropped. Check your internet connection and try again.';
  if (error instanceof ChatApiError) {
    if (error.status === 429) return 'You are sending messages very fast. Please wait a minute and try again.';
    if (error.status >= 500) return 'The chat service is having trouble. Please try again.';
    return `That did not work: ${error.message}`;
  }
  return 'Something went wrong. Please try again.';
}

const entry = (role: TranscriptEntry['role'], text: string): TranscriptEntry => ({ id: newId(role.charAt(0)), role, text, status: 'done' });

/**
 * The chat panel: tenant config, a session started on open (and started again once on a 401),
 * answers streamed token by token, the tenant's forms one field at a time, everything kept in
 * session storage so a reload shows the same conversation.
 */
export function ChatPanel(props: ChatPanelProps) {
  const { api, store, tenantHash } = props;
  const [conversation, setConversation] = useState<StoredConversation>(() => store.load());
  const current = useRef(conversation);
  const [config, setConfig] = useState<WidgetConfig | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [formProblem, setFormProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [draft, setDraft] = useState('');
  /** The answer whose "what was wrong?" box is open, and what the visitor typed in it. */
  const [commentFor, setCommentFor] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const panelRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const messagesRef = useRef<HTMLDivElement>(null);
  const configLoad = useRef<Promise<WidgetConfig> | undefined>(undefined);
  const sessionStart = useRef<Promise<ChatSession> | undefined>(undefined);

  /** Every change goes through here: the ref (for async callbacks), storage, then React. */
  const update = useCallback(
    (change: (c: StoredConversation) => StoredConversation) => {
      const next = change(current.current);
      current.current = next;
      store.save(next);
      setConversation(next);
    },
    [store],
  );

  const ensureConfig = useCallback(
    () =>
      (configLoad.current ??= api.config(tenantHash).then(
        (c) => {
          setConfig(c);
          return c;
        },
        (error: unknown) => {
          configLoad.current = undefined;
          throw error;
        },
      )),
    [api, tenantHash],
  );

  const ensureSession = useCallback(async (): Promise<ChatSession> => {
    const held = current.current.session;
    if (held && !sessionExpired(held, Date.now())) return held;
    sessionStart.current ??= api.startSession(tenantHash).then(
      (fresh) => {
        sessionStart.current = undefined;
        update((c) => ({ ...c, session: fresh }));
        return fresh;
      },
      (error: unknown) => {
        sessionStart.current = undefined;
        throw error;
      },
    );
    return sessionStart.current;
  }, [api, tenantHash, update]);

  /** Runs a call with the session token; a 401 (revoked or expired) starts a new session and tries once more. */
  const withSession = useCallback(
    async <T,>(call: (session: ChatSession) => Promise<T>): Promise<T> => {
      const session = await ensureSession();
      try {
        return await call(session);
      } catch (error) {
        if (!(error instanceof ChatApiError) || error.status !== 401) throw error;
        update((c) => (c.session?.token === session.token ? { ...c, session: null } : c));
        return call(await ensureSession());
      }
    },
    [ensureSession, update],
  );

  /** Sends one event under a fresh id; `attempts` > 1 only for feedback, whose retry reuses the id. */
  const sendEvent = useCallback(
    (event: WidgetEvent, keepalive = false) => {
      const stamped = { ...event, event_id: newId(event.event_type.toLowerCase()), step_number: current.current.step, client_timestamp: new Date().toISOString() };
      const send = () => withSession((s) => api.sendEvents(s.token, [stamped], keepalive));
      // Feedback is retried once (the same event id, so a retry after a lost reply is one event); then it gives up quietly.
      const sent = event.event_type === 'MESSAGE_FEEDBACK' ? sendWithOneRetry(send, (ms) => new Promise((resolve) => setTimeout(resolve, ms))) : send().then(() => true);
      return sent.then(
        (ok) => {
          if (!ok) console.warn(`Picasso chat widget: ${event.event_type} was not recorded`);
        },
        (error: unknown) => console.warn(`Picasso chat widget: ${event.event_type} was not recorded`, error),
      );
    },
    [api, withSession],
  );

  /** A thumbs up or down on a finished answer; a new vote replaces the last. Thumbs down offers a comment box. */
  const rate = useCallback(
    (answer: TranscriptEntry, rating: Rating) => {
      if (!answer.messageId || answer.rating === rating) return;
      update((c) => ({ ...c, transcript: c.transcript.map((e) => (e.id === answer.id ? { ...e, rating } : e)) }));
      setAnnouncement(rating === 'up' ? 'Thanks for your feedback.' : 'Thanks for your feedback. You can tell us what was wrong.');
      setComment('');
      setCommentFor(rating === 'down' ? answer.id : null);
      void sendEvent(feedbackEvent(answer.messageId, rating));
    },
    [sendEvent, update],
  );

  const sendComment = useCallback(
    (answer: TranscriptEntry) => {
      setCommentFor(null);
      if (answer.messageId && comment.trim()) {
        void sendEvent(feedbackEvent(answer.messageId, 'down', comment));
        setAnnouncement('Thanks, your comment was sent.');
      }
      setComment('');
    },
    [comment, sendEvent],
  );

  const abandonForm = useCallback(
    (keepalive: boolean) => {
      const form = current.current.form;
      if (!form) return;
      update((c) => ({ ...c, form: null, transcript: [...c.transcript, entry('system', `${form.formTitle} cancelled.`)] }));
      setFormProblem(null);
      void sendEvent({ event_type: 'FORM_ABANDONED', event_payload: abandonment(form, Date.now()) }, keepalive);
    },
    [sendEvent, update],
  );

  const open = useCallback(
    async (trigger: 'launcher' | 'api' | null) => {
      update((c) => ({ ...c, open: true }));
      props.onOpenChange(true);
      setProblem(null);
      try {
        await ensureConfig();
        await ensureSession();
        if (trigger) void sendEvent({ event_type: 'WIDGET_OPENED', event_payload: { trigger } });
      } catch (error) {
        setProblem(describe(error));
      }
    },
    [ensureConfig, ensureSession, sendEvent, update, props],
  );

  const close = useCallback(() => {
    abandonForm(true);
    update((c) => ({ ...c, open: false }));
    props.onOpenChange(false);
    props.launcher.focus();
  }, [abandonForm, update, props]);

  useEffect(
    () =>
      props.subscribe((command) => {
        if (command.kind === 'restore') void open(null);
        else if (current.current.open) close();
        else void open(command.trigger);
      }),
    [props, open, close],
  );

  // Leaving the page mid-form is abandoning it; keepalive lets the request outlive the page.
  useEffect(() => {
    const onPageHide = () => abandonForm(true);
    window.addEventListener('pagehide', onPageHide);
    return () => window.removeEventListener('pagehide', onPageHide);
  }, [abandonForm]);

  useEffect(() => {
    if (conversation.open) inputRef.current?.focus();
  }, [conversation.open]);

  useEffect(() => {
    const list = messagesRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [conversation.transcript]);

  const ask = useCallback(
    async (question: string, retryOf?: string) => {
      const step = current.current.step + 1;
      const answerId = newId('a');
      update((c) => {
        const kept = retryOf ? c.transcript.filter((e) => e.id !== retryOf) : [...c.transcript, entry('visitor', question)];
        return { ...c, step, transcript: [...kept, { id: answerId, role: 'assistant', text: '', status: 'streaming', retryOf: question }] };
      });
      const patch = (change: (e: TranscriptEntry) => TranscriptEntry) => update((c) => ({ ...c, transcript: c.transcript.map((e) => (e.id === answerId ? change(e) : e)) }));
      setBusy(true);
      try {
        const cfg = await ensureConfig();
        await withSession((s) =>
          api.streamTurn(s.streaming_url || cfg.streaming_url, s.token, { message: question, step_number: step }, {
            onToken: (text) => patch((e) => ({ ...e, text: e.text + text })),
            onDone: (done) => {
              patch((e) => ({ ...e, status: 'done', messageId: done.message_id, ...(done.knowledge_base_used && done.sources.length > 0 ? { sources: done.sources } : {}) }));
              setAnnouncement(current.current.transcript.find((e) => e.id === answerId)?.text ?? '');
            },
            onError: (failure) => {
              patch((e) => ({ ...e, status: 'failed', text: failure.message }));
              setAnnouncement(failure.message);
            },
          }),
        );
      } catch (error) {
        patch((e) => ({ ...e, status: 'failed', text: describe(error) }));
        setAnnouncement(describe(error));
      } finally {
        setBusy(false);
      }
    },
    [api, ensureConfig, withSession, update],
  );

  const beginForm = useCallback(
    (form: WidgetForm) => {
      const state = startForm(form, Date.now(), newId('sub'));
      const first = promptFor(currentField(state)!);
      update((c) => ({ ...c, form: state, transcript: [...c.transcript, entry('system', `${form.title}: ${form.fields.length} questions, one at a time. You can cancel at any time.`), entry('assistant', first)] }));
      setFormProblem(null);
      setAnnouncement(first);
      void sendEvent({ event_type: 'FORM_STARTED', event_payload: { form_id: form.form_id, form_label: form.title.slice(0, 256), total_fields: form.fields.length } });
      inputRef.current?.focus();
    },
    [sendEvent, update],
  );

  const submitForm = useCallback(async () => {
    const form = current.current.form;
    if (!form) return;
    setBusy(true);
    setFormProblem(null);
    try {
      await withSession((s) => api.submitForm(s.token, submission(form, Date.now())));
      const thanks = `Thank you! We received your ${form.formTitle}.`;
      update((c) => ({ ...c, form: null, transcript: [...c.transcript, entry('assistant', thanks)] }));
      setAnnouncement(thanks);
    } catch (error) {
      setFormProblem(`${describe(error)} Your answers are kept: press Send again.`);
    } finally {
      setBusy(false);
    }
  }, [api, update, withSession]);

  const answer = useCallback(
    (text: string, skip = false) => {
      const form = current.current.form;
      if (!form) return;
      const result = skip ? skipField(form) : answerField(form, text);
      if (!result.ok) {
        setFormProblem(result.problem);
        return;
      }
      setFormProblem(null);
      const next = currentField(result.state);
      const prompt = next ? promptFor(next) : undefined;
      update((c) => ({ ...c, form: result.state, transcript: [...c.transcript, entry('visitor', skip || text.trim() === '' ? '(skipped)' : text.trim()), ...(prompt ? [entry('assistant', prompt)] : [])] }));
      if (prompt) setAnnouncement(prompt);
      if (result.complete) void submitForm();
    },
    [submitForm, update],
  );

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const form = current.current.form;
    if (form && !currentField(form)) {
      void submitForm();
      return;
    }
    const text = draft;
    if (!form && text.trim() === '') return;
    setDraft('');
    if (form) answer(text);
    else void ask(text.trim());
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
      return;
    }
    if (event.key !== 'Tab' || !panelRef.current) return;
    const focusable = Array.from(panelRef.current.querySelectorAll<HTMLElement>(FOCUSABLE));
    if (focusable.length === 0) return;
    const first = focusable[0]!;
    const last = focusable[focusable.length - 1]!;
    const active = props.shadow.activeElement;
    if (event.shiftKey && (active === first || !panelRef.current.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !panelRef.current.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  };

  if (!conversation.open) return null;
  const form = conversation.form;
  const field = form ? currentField(form) : undefined;
  const inputLabel = field ? field.label.charAt(0).toUpperCase() + field.label.slice(1) : form ? 'Send your answers' : 'Type your question';
  return (
    <div className="panel" role="dialog" aria-modal="true" aria-labelledby="pw-title" ref={panelRef} onKeyDown={onKeyDown} data-testid="panel">
      <header className="header">
        <h2 id="pw-title">{config?.name ?? 'Chat'}</h2>
        <button type="button" className="icon" aria-label="Close chat" onClick={close}>
          <span aria-hidden="true">×</span>
        </button>
      </header>
      <div className="messages" ref={messagesRef} data-testid="transcript">
        {config && <p className="bubble assistant">{config.greeting}</p>}
        {conversation.transcript.map((e) => (
          <div key={e.id} className={`bubble ${e.role} ${e.status}`} data-testid={`entry-${e.role}`} data-status={e.status} aria-busy={e.status === 'streaming'}>
            <p>{e.text || (e.status === 'streaming' ? '…' : '')}</p>
            {e.sources && (
              <div className="sources" data-testid="sources">
                <span>Sources:</span>
                <ul>
                  {e.sources.map((s) => (
                    <li key={s}>{sourceLabel(s)}</li>
                  ))}
                </ul>
              </div>
            )}
            {e.role === 'assistant' && e.status === 'done' && e.messageId && (
              <div className="feedback" role="group" aria-label="Rate this answer" data-testid="feedback">
                <button type="button" className="thumb" aria-pressed={e.rating === 'up'} aria-label="Helpful" onClick={() => rate(e, 'up')}>
                  <span aria-hidden="true">👍</span>
                </button>
                <button type="button" className="thumb" aria-pressed={e.rating === 'down'} aria-label="Not helpful" onClick={() => rate(e, 'down')}>
                  <span aria-hidden="true">👎</span>
                </button>
                {e.rating && commentFor !== e.id && <span className="thanks">Thanks for your feedback.</span>}
              </div>
            )}
            {commentFor === e.id && (
              <form
                className="feedback-comment"
                data-testid="feedback-comment"
                onSubmit={(event) => {
                  event.preventDefault();
                  sendComment(e);
                }}
              >
                <label htmlFor={`pw-comment-${e.id}`}>What was wrong? (optional)</label>
                <textarea id={`pw-comment-${e.id}`} rows={2} maxLength={COMMENT_MAX_LENGTH} value={comment} onChange={(change) => setComment(change.target.value)} aria-describedby={`pw-comment-hint-${e.id}`} autoFocus />
                <span className="hint" id={`pw-comment-hint-${e.id}`}>
                  Don&apos;t include personal details.
                </span>
                <div className="feedback-actions">
                  <button type="submit" className="chip">
                    Send feedback
                  </button>
                  <button type="button" className="link" onClick={() => setCommentFor(null)}>
                    No thanks
                  </button>
                </div>
              </form>
            )}
            {e.status === 'failed' && e.retryOf && (
              <button type="button" className="retry" disabled={busy} onClick={() => void ask(e.retryOf!, e.id)}>
                Try again
              </button>
            )}
          </div>
        ))}
        {problem && (
          <div className="bubble system failed" role="alert">
            <p>{problem}</p>
            <button type="button" className="retry" onClick={() => void open(null)}>
              Try again
            </button>
          </div>
        )}
      </div>
      {config && config.forms.length > 0 && !form && (
        <div className="forms" role="group" aria-label="Forms">
          {config.forms.map((f) => (
            <button type="button" key={f.form_id} className="chip" disabled={busy} onClick={() => beginForm(f)}>
              {f.title}
            </button>
          ))}
        </div>
      )}
      {form && (
        <div className="form-bar">
          <span data-testid="form-progress">
            {form.formTitle}: {Math.min(form.index + 1, form.fields.length)} of {form.fields.length}
          </span>
          {field && !field.required && (
            <button type="button" className="link" onClick={() => answer('', true)}>
              Skip
            </button>
          )}
          <button type="button" className="link" onClick={() => abandonForm(false)}>
            Cancel form
          </button>
        </div>
      )}
      {formProblem && (
        <p className="problem" id="pw-problem" role="alert">
          {formProblem}
        </p>
      )}
      <form className="composer" onSubmit={onSubmit}>
        <label className="visually-hidden" htmlFor="pw-input">
          {inputLabel}
        </label>
        <input
          id="pw-input"
          ref={inputRef}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder={inputLabel}
          autoComplete="off"
          inputMode={field?.type === 'email' ? 'email' : field?.type === 'phone' ? 'tel' : field?.type === 'number' ? 'decimal' : 'text'}
          aria-invalid={formProblem ? true : undefined}
          aria-describedby={formProblem ? 'pw-problem' : undefined}
          maxLength={field?.max_length ?? 4000}
        />
        <button type="submit" className="send" disabled={busy}>
          Send
        </button>
      </form>
      <div className="visually-hidden" aria-live="polite" data-testid="announcer">
        {announcement}
      </div>
    </div>
  );
}
