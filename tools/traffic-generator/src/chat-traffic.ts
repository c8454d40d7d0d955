import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  DEFAULT_CHAT_PLAN,
  planChatSession,
  SseReader,
  summariseChatRun,
  type ChatPlanOptions,
  type ChatRunSummary,
  type ChatSessionPlan,
  type PublicForm,
  type TurnRecord,
} from './chat-plan';

export interface ChatTrafficOptions {
  /** The master function's Function URL (`make dev`: http://127.0.0.1:3002). */
  masterUrl: string;
  /** Tenants the sessions go to, round robin. */
  tenantHashes: readonly string[];
  seed: number;
  /** Sessions in flight at once. */
  concurrency: number;
  /** Stop after this many sessions ... */
  sessions?: number;
  /** ... or start no session and no turn after this long (sessions in flight finish their current turn). */
  durationMs?: number;
  plan?: Partial<ChatPlanOptions>;
  /** Per request (a turn's whole stream included). */
  requestTimeoutMs?: number;
  onProgress?(progress: ChatProgress): void;
}

export interface ChatProgress {
  sessionsDone: number;
  turnsSent: number;
  turnsAnswered: number;
  errors: number;
  elapsedMs: number;
}

export interface ChatSessionRecord {
  sessionId: string | null;
  tenantHash: string;
  plan: ChatSessionPlan;
}

export interface ChatTrafficResult {
  summary: ChatRunSummary;
  turns: TurnRecord[];
  sessions: ChatSessionRecord[];
}

class RequestFailed extends Error {
  constructor(readonly kind: string) {
    super(kind);
  }
}

/**
 * The chat mode: real visitors through the master function and the streaming handler. Each
 * session loads the tenant config, starts a session, sends WIDGET_OPENED, asks its questions one
 * turn at a time (reading the SSE stream as it arrives, timing the first token as the client sees
 * it), and sometimes starts a form and abandons or submits it. A failed request is counted by
 * kind and ends that session; the run goes on.
 */
export async function runChatTraffic(options: ChatTrafficOptions): Promise<ChatTrafficResult> {
  if (options.sessions === undefined && options.durationMs === undefined) throw new RangeError('give sessions or durationMs');
  const master = options.masterUrl.replace(/\/+$/, '');
  const plan = { ...DEFAULT_CHAT_PLAN, ...options.plan };
  const timeoutMs = options.requestTimeoutMs ?? 60_000;
  const started = performance.now();
  const deadline = options.durationMs === undefined ? Infinity : started + options.durationMs;
  const maxSessions = options.sessions ?? Infinity;
  const turns: TurnRecord[] = [];
  const sessions: ChatSessionRecord[] = [];
  const otherErrors: Record<string, number> = {};
  const forms = { submitted: 0, abandoned: 0 };
  let ratingsSent = 0;
  const configs = new Map<string, Promise<PublicForm[]>>();
  let nextIndex = 0;
  let sessionsDone = 0;

  const countError = (kind: string) => (otherErrors[kind] = (otherErrors[kind] ?? 0) + 1);
  const progress = () =>
    options.onProgress?.({
      sessionsDone,
      turnsSent: turns.length,
      turnsAnswered: turns.filter((t) => t.answered).length,
      errors: Object.values(otherErrors).reduce((a, b) => a + b, 0) + turns.filter((t) => t.errorKind).length,
      elapsedMs: performance.now() - started,
    });

  async function call(route: string, init: RequestInit & { token?: string }, what: string): Promise<Record<string, unknown>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    let res: Response;
    try {
      res = await fetch(`${master}${route}`, { ...init, headers, signal: AbortSignal.timeout(timeoutMs) });
    } catch {
      throw new RequestFailed(`${what}:network`);
    }
    const text = await res.text().catch(() => '');
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      /* a non-JSON body is reported by status alone */
    }
    if (!res.ok) throw new RequestFailed(`${what}:http_${res.status}${typeof body.error === 'string' ? `_${body.error}` : ''}`);
    return body;
  }

  // The config is public and the same for every session of a tenant: one request per tenant, as a CDN would serve it.
  const formsOf = (hash: string) => {
    if (!configs.has(hash)) configs.set(hash, call(`/config?t=${encodeURIComponent(hash)}`, { method: 'GET' }, 'config').then((c) => (c.forms as PublicForm[] | undefined) ?? []));
    return configs.get(hash)!;
  };

  async function runSession(index: number): Promise<void> {
    const tenantHash = options.tenantHashes[index % options.tenantHashes.length]!;
    const tenantForms = await formsOf(tenantHash);
    const p = planChatSession(options.seed, index, options.tenantHashes, () => tenantForms, plan);
    const record: ChatSessionRecord = { sessionId: null, tenantHash, plan: p };
    sessions.push(record);
    const session = await call('/session', { method: 'POST', body: JSON.stringify({ t: tenantHash }) }, 'session');
    const token = session.token as string;
    record.sessionId = session.session_id as string;
    const streamingUrl = session.streaming_url as string;
    const events = (list: unknown[]) => call('/events', { method: 'POST', token, body: JSON.stringify({ events: list }) }, 'events');
    const now = () => new Date().toISOString();
    await events([{ event_type: 'WIDGET_OPENED', step_number: 0, client_timestamp: now(), event_payload: { trigger: p.trigger, page_path: p.pagePath } }]);
    let step = 1;
    for (const [i, question] of p.questions.entries()) {
      if (performance.now() >= deadline) return;
      const turn = await chatTurn(streamingUrl, token, question, step, timeoutMs);
      turns.push({ ...turn, sessionId: record.sessionId, tenantHash });
      progress();
      if (!turn.answered) return;
      step += 2;
      const rating = p.ratings[i];
      if (rating && turn.messageId) {
        // The widget's thumbs: the reply's id from the done frame, a new event id per vote.
        await events([{ event_type: 'MESSAGE_FEEDBACK', event_id: `feedback_${randomUUID()}`, step_number: step, client_timestamp: now(), event_payload: { message_id: turn.messageId, ...rating } }]);
        ratingsSent += 1;
      }
    }
    if (!p.form || performance.now() >= deadline) return;
    const f = p.form;
    const formStarted = performance.now();
    await events([{ event_type: 'FORM_STARTED', step_number: step, client_timestamp: now(), event_payload: { form_id: f.formId, form_label: f.title, total_fields: f.totalFields } }]);
    const seconds = () => Math.round((performance.now() - formStarted) / 100) / 10;
    if (f.outcome === 'abandoned') {
      await events([{ event_type: 'FORM_ABANDONED', step_number: step + 1, client_timestamp: now(), event_payload: { form_id: f.formId, form_label: f.title, last_field: f.lastField, fields_completed: f.fieldsCompleted, duration_seconds: seconds() } }]);
      forms.abandoned += 1;
    } else {
      await call('/form_submission', { method: 'POST', token, body: JSON.stringify({ submission_id: randomUUID(), form_id: f.formId, values: f.values, duration_seconds: seconds() }) }, 'form_submission');
      forms.submitted += 1;
    }
  }

  async function worker(): Promise<void> {
    while (nextIndex < maxSessions && performance.now() < deadline) {
      const index = nextIndex++;
      try {
        await runSession(index);
      } catch (error) {
        countError(error instanceof RequestFailed ? error.kind : `unexpected:${(error as Error).name}`);
      }
      sessionsDone += 1;
      progress();
    }
  }

  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, () => worker()));
  const summary = summariseChatRun({ sessions: sessionsDone, turns, otherErrors, formsSubmitted: forms.submitted, formsAbandoned: forms.abandoned, ratingsSent, elapsedMs: performance.now() - started });
  return { summary, turns, sessions };
}

/**
 * One turn against the streaming handler: POST the question, read the SSE stream frame by frame,
 * note when the first `token` frame arrives, end at `done` or `error`.
 */
export async function chatTurn(streamingUrl: string, token: string, question: string, stepNumber: number, timeoutMs = 60_000): Promise<Omit<TurnRecord, 'sessionId' | 'tenantHash'>> {
  const t0 = performance.now();
  const fail = (errorKind: string, messageId: string | null = null, firstTokenMs: number | null = null) => ({ messageId, answered: false, errorKind, firstTokenMs, totalMs: performance.now() - t0 });
  let res: Response;
  try {
    res = await fetch(streamingUrl, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ message: question, step_number: stepNumber }), signal: AbortSignal.timeout(timeoutMs) });
  } catch {
    return fail('network');
  }
  if (!res.ok || !res.body) {
    const body = (await res.json().catch(() => ({}))) as { error?: unknown };
    return fail(`http_${res.status}${typeof body.error === 'string' ? `_${body.error}` : ''}`);
  }
  const reader = new SseReader();
  const decoder = new TextDecoder();
  let firstTokenMs: number | null = null;
  const body = res.body.getReader();
  try {
    for (;;) {
      const chunk = await body.read();
      if (chunk.done) break;
      for (const frame of reader.push(decoder.decode(chunk.value, { stream: true }))) {
        const data = (frame.data ?? {}) as { message_id?: string; code?: string };
        if (frame.event === 'token' && firstTokenMs === null) firstTokenMs = performance.now() - t0;
        if (frame.event === 'done') return { messageId: data.message_id ?? null, answered: true, errorKind: null, firstTokenMs, totalMs: performance.now() - t0 };
        if (frame.event === 'error') return fail(`sse_${data.code ?? 'unknown'}`, data.message_id ?? null, firstTokenMs);
      }
    }
  } catch {
    return fail('network', null, firstTokenMs);
  } finally {
    // After `done` the handler has nothing more to say; release the connection either way.
    await body.cancel().catch(() => undefined);
  }
  return fail('stream_ended', null, firstTokenMs);
}
