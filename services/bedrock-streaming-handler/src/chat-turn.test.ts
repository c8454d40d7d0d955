import { chatSettingsOf, type AnalyticsEvent } from '@picasso/shared';
import { runChatTurn, USER_SAFE_MESSAGES } from './chat-turn';
import type { ChatTurnPorts, ModelStreamItem, QaCompleteLine, SessionTurnRecord, SseSink, TurnSettings } from './ports';
import { parseSse } from './sse';

const tenant = chatSettingsOf({ tenant_id: 'T1', tenant_hash: 'abcd1234', name: 'Demo', chat: { knowledge_base_id: 'KB1', model_id: 'model-x' } });
const settings: TurnSettings = { defaultModelId: 'default-model', environment: 'test', maxPassages: 3, retrieveTimeoutMs: 200, firstTokenTimeoutMs: 200, idleTimeoutMs: 200 };

/** A sink that collects frames; `closeAfter` tokens it behaves like a client that hung up. */
function collectingSink(closeAfter = Infinity) {
  const frames: string[] = [];
  const listeners: (() => void)[] = [];
  const sink: SseSink & { frames: string[] } = {
    frames,
    closed: false,
    write(frame) {
      frames.push(frame);
      if (frames.length >= closeAfter && !sink.closed) {
        (sink as { closed: boolean }).closed = true;
        listeners.forEach((l) => l());
      }
    },
    onClose: (l) => listeners.push(l),
  };
  return sink;
}

function fakePorts(converse: ChatTurnPorts['converse'], overrides: Partial<ChatTurnPorts> = {}) {
  const published: AnalyticsEvent[] = [];
  const logs: QaCompleteLine[] = [];
  const sessions: SessionTurnRecord[] = [];
  const failures: string[] = [];
  let t = 0;
  const ports: ChatTurnPorts = {
    retrieve: () => Promise.resolve([{ text: 'We open at 9.', source: 's3://kb/hours.md', score: 0.9 }]),
    converse,
    classify: (e) => ((e as Error).name === 'ThrottlingException' ? 'throttled' : 'model_error'),
    redact: (s) => s.replace(/\S+@\S+/g, '[EMAIL]'),
    publish: (events) => (published.push(...events), Promise.resolve()),
    recordSession: (r) => (sessions.push(r), Promise.resolve()),
    logQaComplete: (line) => logs.push(line),
    countFailure: (k) => failures.push(k),
    monotonicNow: () => (t += 10),
    now: () => new Date('2026-02-01T10:00:00.000Z'),
    newId: () => 'msg-1',
    ...overrides,
  };
  return { ports, published, logs, sessions, failures };
}

async function* words(...list: ModelStreamItem[]) {
  for (const w of list) yield w;
}

const input = { tenant, sessionId: 'sess-1', question: 'When do you open? me@example.org', stepNumber: 2 };

describe('runChatTurn', () => {
  it('streams tokens whose concatenation is the answer, then done with timings and sources', async () => {
    // Prepare
    const sink = collectingSink();
    const { ports, published, logs, sessions } = fakePorts(() => words('We ', 'open ', 'at 9.'));

    // Act
    const result = await runChatTurn(input, sink, ports, settings);

    // Assess
    const events = parseSse(sink.frames.join(''));
    expect(events.filter((e) => e.event === 'token').map((e) => (e.data as { text: string }).text).join('')).toBe('We open at 9.');
    const done = events.at(-1)!;
    expect(done.event).toBe('done');
    expect(done.data).toMatchObject({ message_id: 'msg-1', knowledge_base_used: true, sources: ['s3://kb/hours.md'] });
    expect(result).toMatchObject({ outcome: 'answered', answer: 'We open at 9.' });
    const received = published.find((e) => e.event_type === 'MESSAGE_RECEIVED')!;
    const { first_token_ms, response_time_ms, total_time_ms } = done.data as Record<string, number>;
    expect(received.event_payload).toMatchObject({ first_token_ms, response_time_ms, total_time_ms, model_id: 'model-x', knowledge_base_used: true });
    expect(logs).toEqual([expect.objectContaining({ event: 'QA_COMPLETE', first_token_ms, response_time_ms, total_time_ms, question_redacted: 'When do you open? [EMAIL]', outcome: 'answered' })]);
    expect(sessions).toEqual([expect.objectContaining({ sessionId: 'sess-1', outcome: 'answered' })]);
  });

  it('publishes MESSAGE_RECEIVED 1.1.0 with the usage the model stream reported and the done frame\'s message id', async () => {
    // Prepare
    const sink = collectingSink();
    const { ports, published } = fakePorts(() => words('We ', 'open.', { inputTokens: 640, outputTokens: 2 }));

    // Act
    await runChatTurn(input, sink, ports, settings);

    // Assess: the usage is not text, and the ids agree
    const frames = parseSse(sink.frames.join(''));
    expect(frames.filter((e) => e.event === 'token').map((e) => (e.data as { text: string }).text)).toEqual(['We ', 'open.']);
    const { message_id } = frames.at(-1)!.data as { message_id: string };
    const received = published.find((e) => e.event_type === 'MESSAGE_RECEIVED')!;
    expect(received).toMatchObject({ event_id: `${message_id}:received`, schema_version: '1.1.0', event_payload: { message_id, input_tokens: 640, output_tokens: 2, content_preview: 'We open.' } });
  });

  it('publishes MESSAGE_RECEIVED 1.0.0 (tokens unknown) when the stream ends without usage', async () => {
    const { ports, published } = fakePorts(() => words('We ', 'open.'));
    await runChatTurn(input, collectingSink(), ports, settings);
    const received = published.find((e) => e.event_type === 'MESSAGE_RECEIVED')!;
    expect(received.schema_version).toBe('1.0.0');
    expect(received.event_payload).not.toHaveProperty('input_tokens');
  });

  it('puts the retrieved passages in the prompt the model receives', async () => {
    let system = '';
    const { ports } = fakePorts((r) => ((system = r.system), words('ok')));
    await runChatTurn(input, collectingSink(), ports, settings);
    expect(system).toContain('<passage source="s3://kb/hours.md">\nWe open at 9.\n</passage>');
  });

  it('turns a throttled model into an SSE error with a user-safe message, a metric, and the visitor message still recorded', async () => {
    // Prepare
    const sink = collectingSink();
    const { ports, published, failures, logs } = fakePorts(() => ({
      [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(Object.assign(new Error('Too many requests, arn:aws:bedrock:...'), { name: 'ThrottlingException' })) }),
    }));

    // Act
    await runChatTurn(input, sink, ports, settings);

    // Assess
    const [error] = parseSse(sink.frames.join(''));
    expect(error).toEqual({ event: 'error', data: { message_id: 'msg-1', code: 'throttled', message: USER_SAFE_MESSAGES.throttled } });
    expect(failures).toEqual(['throttled']);
    expect(published.map((e) => e.event_type)).toEqual(['MESSAGE_SENT']);
    expect(logs[0]).toMatchObject({ outcome: 'failed', failure: 'throttled' });
  });

  it('never hangs: a model that stops sending ends the stream with a timeout error', async () => {
    const sink = collectingSink();
    const { ports, failures } = fakePorts(() => ({ [Symbol.asyncIterator]: () => ({ next: () => new Promise<IteratorResult<ModelStreamItem>>(() => undefined) }) }));
    await runChatTurn(input, sink, ports, settings);
    expect(parseSse(sink.frames.join('')).map((e) => e.event)).toEqual(['error']);
    expect(failures).toEqual(['timeout']);
  });

  it('records a turn whose client left mid-stream, marked interrupted, and stops reading the model', async () => {
    // Prepare: the client hangs up after the second token
    const sink = collectingSink(2);
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled += 1;
        yield `w${pulled} `;
      }
    }
    const { ports, published, logs, sessions } = fakePorts(() => endless());

    // Act
    const result = await runChatTurn(input, sink, ports, settings);

    // Assess
    expect(result.outcome).toBe('interrupted');
    expect(pulled).toBeLessThan(5);
    expect(published.map((e) => e.event_type)).toEqual(['MESSAGE_SENT', 'MESSAGE_RECEIVED']);
    // The stream was cut before Bedrock's metadata event: tokens unknown, so 1.0.0
    expect(published[1]!.schema_version).toBe('1.0.0');
    expect(logs[0]).toMatchObject({ outcome: 'interrupted', answer_redacted: 'w1 w2 ' });
    expect(sessions[0]!.outcome).toBe('interrupted');
    expect(sink.frames).toHaveLength(2);
  });

  it('answers without retrieval when the tenant has no knowledge base', async () => {
    const { ports, published } = fakePorts(() => words('Hello'), { retrieve: () => Promise.reject(new Error('must not be called')) });
    const noKb = chatSettingsOf({ tenant_id: 'T1', tenant_hash: 'abcd1234' });
    await runChatTurn({ ...input, tenant: noKb }, collectingSink(), ports, settings);
    expect(published[1]!.event_payload).toMatchObject({ knowledge_base_used: false, model_id: 'default-model' });
  });

  it('reports a failed retrieval as an error rather than answering without the tenant documents', async () => {
    const sink = collectingSink();
    const { ports } = fakePorts(() => words('x'), { retrieve: () => Promise.reject(new Error('AccessDenied')) });
    await runChatTurn(input, sink, ports, settings);
    expect(parseSse(sink.frames.join(''))[0]).toMatchObject({ event: 'error', data: { code: 'retrieval_error' } });
  });
});
