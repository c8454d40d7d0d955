import { ChatApi, ChatApiError, ConnectionError } from '../src/chat-api';
import type { DoneFrame, ErrorFrame } from '../src/contract';

const encoder = new TextEncoder();

/** A fetch whose response body streams `chunks` (bytes, cut anywhere) and then ends or fails. */
function streamingFetch(chunks: Uint8Array[], options: { status?: number; failAfter?: boolean } = {}) {
  const calls: { url: string; init: RequestInit }[] = [];
  const impl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        chunks.forEach((c) => controller.enqueue(c));
        if (options.failAfter) controller.error(new TypeError('network error'));
        else controller.close();
      },
    });
    return new Response(body, { status: options.status ?? 200, headers: { 'content-type': 'text/event-stream' } });
  }) as unknown as typeof fetch;
  return { impl, calls };
}

const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
const done: DoneFrame = { message_id: 'm1', first_token_ms: 5, response_time_ms: 9, total_time_ms: 10, knowledge_base_used: true, sources: ['s3://b/tenants/T/kb/volunteering.md'] };

describe('ChatApi.streamTurn', () => {
  it('hands each token over as it arrives, then done; a code point split between chunks survives', async () => {
    const bytes = encoder.encode(frame('token', { text: 'Hi 👋' }) + frame('token', { text: ' there' }) + frame('done', done));
    const cut = bytes.indexOf(0xf0) + 2; // inside the emoji's four bytes
    const { impl, calls } = streamingFetch([bytes.slice(0, cut), bytes.slice(cut)]);
    const tokens: string[] = [];
    let finished: DoneFrame | undefined;
    await new ChatApi('http://master', impl).streamTurn('http://stream/', 'jwt', { message: 'hello', step_number: 1 }, { onToken: (t) => tokens.push(t), onDone: (d) => (finished = d), onError: () => undefined });
    expect(tokens).toEqual(['Hi 👋', ' there']);
    expect(finished).toEqual(done);
    expect(calls[0]!.init.headers).toMatchObject({ Authorization: 'Bearer jwt' });
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({ message: 'hello', step_number: 1 });
  });

  it('passes an error frame on as the user-safe message', async () => {
    const { impl } = streamingFetch([encoder.encode(frame('token', { text: 'Par' }) + frame('error', { message_id: 'm', code: 'model_error', message: 'The assistant could not answer this time.' }))]);
    let failure: ErrorFrame | undefined;
    await new ChatApi('http://master', impl).streamTurn('http://stream/', 'jwt', { message: 'q', step_number: 1 }, { onToken: () => undefined, onDone: () => undefined, onError: (e) => (failure = e) });
    expect(failure?.code).toBe('model_error');
  });

  it('a stream that ends without done or error, or breaks, is a dropped connection', async () => {
    const handlers = { onToken: () => undefined, onDone: () => undefined, onError: () => undefined };
    const ended = streamingFetch([encoder.encode(frame('token', { text: 'a' }))]);
    await expect(new ChatApi('http://master', ended.impl).streamTurn('http://s/', 'jwt', { message: 'q', step_number: 1 }, handlers)).rejects.toBeInstanceOf(ConnectionError);
    const broken = streamingFetch([encoder.encode(frame('token', { text: 'a' }))], { failAfter: true });
    await expect(new ChatApi('http://master', broken.impl).streamTurn('http://s/', 'jwt', { message: 'q', step_number: 1 }, handlers)).rejects.toBeInstanceOf(ConnectionError);
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    await expect(new ChatApi('http://master', offline).streamTurn('http://s/', 'jwt', { message: 'q', step_number: 1 }, handlers)).rejects.toBeInstanceOf(ConnectionError);
  });

  it('a refusal before streaming (401 on a revoked token) is a ChatApiError with its status and reason', async () => {
    const { impl } = streamingFetch([encoder.encode(JSON.stringify({ error: 'unauthorized', message: 'token revoked' }))], { status: 401 });
    const error = await new ChatApi('http://master', impl).streamTurn('http://s/', 'jwt', { message: 'q', step_number: 1 }, { onToken: () => undefined, onDone: () => undefined, onError: () => undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatApiError);
    expect(error).toMatchObject({ status: 401, reason: 'unauthorized', message: 'token revoked' });
  });
});

describe('ChatApi master calls', () => {
  it('sends events with the bearer token and keepalive when asked', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const impl = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({ accepted: 1 }), { status: 202 });
    }) as unknown as typeof fetch;
    const event = { event_type: 'FORM_ABANDONED' as const, event_payload: { form_id: 'f', last_field: 'email' }, event_id: 'e1', step_number: 2, client_timestamp: '2026-01-01T00:00:00.000Z' };
    await new ChatApi('http://master', impl).sendEvents('jwt', [event], true);
    expect(calls[0]!.url).toBe('http://master/events');
    expect(calls[0]!.init).toMatchObject({ method: 'POST', keepalive: true, headers: { Authorization: 'Bearer jwt', 'Content-Type': 'application/json' } });
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({ events: [event] });
  });
});
