import type { TenantChatSettings } from '@picasso/shared';
import { buildMessageEvents, PREVIEW_MAX_CHARS, truncateCodePoints } from './message-events';
import type { ChatTurnPorts, ModelFailureKind, ModelStreamItem, Passage, SseSink, TokenUsage, TurnOutcome, TurnSettings } from './ports';
import { sseFrame } from './sse';
import { TurnClock } from './turn-clock';

export interface ChatTurnInput {
  tenant: TenantChatSettings;
  sessionId: string;
  question: string;
  stepNumber: number;
}

export interface ChatTurnResult {
  messageId: string;
  outcome: TurnOutcome;
  answer: string;
  failure: ModelFailureKind | null;
}

/** What the visitor reads when the model cannot answer: nothing internal. */
export const USER_SAFE_MESSAGES: Record<ModelFailureKind, string> = {
  throttled: 'The assistant is busy right now. Please try again in a moment.',
  timeout: 'The assistant took too long to answer. Please try again.',
  model_error: 'The assistant could not answer this time. Please try again.',
  retrieval_error: 'The assistant could not look that up right now. Please try again.',
};

class TurnTimeout extends Error {
  override name = 'TurnTimeout';
}

class RetrievalFailed extends Error {
  override name = 'RetrievalFailed';
}

/**
 * One chat turn: retrieve passages, stream the model's answer as SSE `token` frames, end with
 * `done` (or `error`, never a hung stream: every wait has a deadline), then record the turn:
 * MESSAGE_SENT + MESSAGE_RECEIVED, one QA_COMPLETE line, the session item. A client that leaves
 * mid-stream stops the model, and the turn is still recorded, marked interrupted.
 */
export async function runChatTurn(input: ChatTurnInput, sink: SseSink, ports: ChatTurnPorts, settings: TurnSettings): Promise<ChatTurnResult> {
  const clock = new TurnClock(() => ports.monotonicNow());
  const receivedAt = ports.now();
  const messageId = ports.newId();
  const modelId = input.tenant.modelId ?? settings.defaultModelId;
  const kbId = input.tenant.knowledgeBaseId;
  const abort = new AbortController();
  sink.onClose(() => abort.abort(new Error('client disconnected')));

  let answer = '';
  let usage: TokenUsage | undefined;
  let passages: Passage[] = [];
  let failure: ModelFailureKind | null = null;
  try {
    if (kbId) {
      passages = await withDeadline((signal) => ports.retrieve(kbId, input.question, signal), settings.retrieveTimeoutMs, abort.signal).catch((error: unknown) => {
        throw new RetrievalFailed('Knowledge Base retrieval failed', { cause: error });
      });
    }
    passages = passages.slice(0, settings.maxPassages);
    const stream = ports.converse({ modelId, system: systemPrompt(input.tenant.systemPrompt, passages), question: input.question, signal: abort.signal })[Symbol.asyncIterator]();
    for (;;) {
      const next = await nextWithin(stream, clock.hasFirstToken ? settings.idleTimeoutMs : settings.firstTokenTimeoutMs, abort);
      if (next.done || sink.closed) break;
      if (!next.value) continue;
      if (typeof next.value !== 'string') {
        usage = next.value;
        continue;
      }
      answer += next.value;
      sink.write(sseFrame('token', { text: next.value }));
      clock.tokenWritten();
    }
  } catch (error) {
    if (!sink.closed) {
      failure = error instanceof RetrievalFailed ? 'retrieval_error' : error instanceof TurnTimeout ? 'timeout' : ports.classify(error);
      ports.countFailure(failure);
    }
  }

  const outcome: TurnOutcome = sink.closed ? 'interrupted' : failure ? 'failed' : 'answered';
  const timings = clock.finish();
  if (!sink.closed) {
    if (failure) sink.write(sseFrame('error', { message_id: messageId, code: failure, message: USER_SAFE_MESSAGES[failure] }));
    else sink.write(sseFrame('done', { message_id: messageId, ...timings, knowledge_base_used: passages.length > 0, sources: sourcesOf(passages) }));
  }
  await recordTurn({ input, messageId, answer, usage, timings, modelId, kbId, passages, outcome, failure, receivedAt }, ports, settings);
  return { messageId, outcome, answer, failure };
}

async function recordTurn(
  turn: { input: ChatTurnInput; messageId: string; answer: string; usage: TokenUsage | undefined; timings: ReturnType<TurnClock['finish']>; modelId: string; kbId: string | undefined; passages: Passage[]; outcome: TurnOutcome; failure: ModelFailureKind | null; receivedAt: Date },
  ports: ChatTurnPorts,
  settings: TurnSettings,
): Promise<void> {
  const { input } = turn;
  const answeredAt = ports.now();
  const knowledgeBaseUsed = turn.passages.length > 0;
  const events = buildMessageEvents(
    { tenantId: input.tenant.tenantId, tenantHash: input.tenant.tenantHash, sessionId: input.sessionId, messageId: turn.messageId, stepNumber: input.stepNumber, question: input.question, answer: turn.answer, usage: turn.usage, timings: turn.timings, modelId: turn.modelId, knowledgeBaseUsed, receivedAt: turn.receivedAt, answeredAt, environment: settings.environment },
    ports.redact,
  );
  // A failed turn produced no answer: only the visitor's message is an event.
  await ports.publish(turn.outcome === 'failed' ? [events[0]] : events);
  ports.logQaComplete({
    event: 'QA_COMPLETE',
    tenant_id: input.tenant.tenantId,
    tenant_hash: input.tenant.tenantHash,
    session_id: input.sessionId,
    message_id: turn.messageId,
    question_redacted: truncateCodePoints(ports.redact(input.question), PREVIEW_MAX_CHARS),
    answer_redacted: truncateCodePoints(ports.redact(turn.answer), PREVIEW_MAX_CHARS),
    ...turn.timings,
    model_id: turn.modelId,
    knowledge_base_used: knowledgeBaseUsed,
    knowledge_base_id: turn.kbId ?? null,
    sources: sourcesOf(turn.passages),
    outcome: turn.outcome,
    failure: turn.failure,
  });
  await ports.recordSession({ sessionId: input.sessionId, tenantId: input.tenant.tenantId, messageId: turn.messageId, at: answeredAt, outcome: turn.outcome });
}

/** The tenant's prompt plus the passages, each in a `<passage>` tag the model is told to answer from. */
export function systemPrompt(base: string, passages: Passage[]): string {
  if (passages.length === 0) return base;
  const tagged = passages.map((p) => `<passage${p.source ? ` source="${p.source.replace(/"/g, "'")}"` : ''}>\n${p.text}\n</passage>`).join('\n');
  return `${base}\n\n${tagged}`;
}

function sourcesOf(passages: Passage[]): string[] {
  return [...new Set(passages.map((p) => p.source).filter((s): s is string => Boolean(s)))];
}

async function withDeadline<T>(run: (signal: AbortSignal) => Promise<T>, ms: number, parent: AbortSignal): Promise<T> {
  const controller = new AbortController();
  const onParent = () => controller.abort(parent.reason);
  parent.addEventListener('abort', onParent, { once: true });
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      run(controller.signal),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(new TurnTimeout(`no answer within ${ms} ms`));
          controller.abort(new TurnTimeout(`no answer within ${ms} ms`));
        }, ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    parent.removeEventListener('abort', onParent);
  }
}

/** The next delta, or `TurnTimeout` (and the model stream aborted) when none comes within `ms`. */
async function nextWithin(stream: AsyncIterator<ModelStreamItem>, ms: number, abort: AbortController): Promise<IteratorResult<ModelStreamItem>> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<IteratorResult<ModelStreamItem>>((resolve) => {
    onAbort = () => resolve({ done: true, value: undefined });
    if (abort.signal.aborted) onAbort();
    else abort.signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([
      stream.next(),
      stopped,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          // Reject before aborting: the abort settles `stopped`, and the race must see the timeout first.
          reject(new TurnTimeout(`no token within ${ms} ms`));
          abort.abort(new TurnTimeout(`no token within ${ms} ms`));
        }, ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    if (onAbort) abort.signal.removeEventListener('abort', onAbort);
  }
}
