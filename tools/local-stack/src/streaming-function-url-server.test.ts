import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { startStreamingFunctionUrlServer, type StreamingFunctionUrlServer } from './streaming-function-url-server';
import { HttpResponseStream, streamifyResponse, type LambdaResponseStream } from './streaming-response';

/** A promise with its resolve exposed: lets a test and a handler take turns without timers. */
function signal<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

async function readChunk(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  const { value } = await reader.read();
  return Buffer.from(value ?? new Uint8Array()).toString('utf8');
}

describe('Streaming Function URL host', () => {
  const servers: StreamingFunctionUrlServer[] = [];
  const serve = async (handler: unknown, extra: { maxConcurrency?: number } = {}) => {
    const s = await startStreamingFunctionUrlServer({ handler, functionName: 'stream-fn', ...extra });
    servers.push(s);
    return s;
  };
  afterAll(() => Promise.all(servers.map((s) => s.close())));

  it('delivers the first chunk to the client before the handler has finished', async () => {
    // Prepare: the handler writes, then waits until the test has seen the first chunk.
    const clientSawFirst = signal();
    let handlerFinished = false;
    const server = await serve(
      streamifyResponse(async (_event: unknown, stream: LambdaResponseStream) => {
        stream.setContentType('text/event-stream');
        stream.write('event: token\ndata: Hello\n\n');
        await clientSawFirst.promise;
        stream.write('event: token\ndata: world\n\n');
        stream.end();
        handlerFinished = true;
      }),
    );

    // Act
    const res = await fetch(server.url + '/chat', { method: 'POST', body: '{}' });
    const reader = res.body!.getReader();
    const first = await readChunk(reader);
    const finishedBeforeFirstChunk = handlerFinished;
    clientSawFirst.resolve();
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += Buffer.from(chunk.value).toString('utf8');

    // Assess
    expect(first).toBe('event: token\ndata: Hello\n\n');
    expect(finishedBeforeFirstChunk).toBe(false);
    expect(rest).toBe('event: token\ndata: world\n\n');
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
  });

  it('takes status, headers and cookies from the HttpResponseStream.from prelude, through the awslambda global', async () => {
    // Prepare: the handler uses the global, as code bundled for Lambda does.
    const server = await serve(
      streamifyResponse(async (event: APIGatewayProxyEventV2, stream: LambdaResponseStream) => {
        const { HttpResponseStream: FromGlobal } = (globalThis as unknown as { awslambda: { HttpResponseStream: typeof HttpResponseStream } }).awslambda;
        const http = FromGlobal.from(stream, { statusCode: 201, headers: { 'content-type': 'text/plain', 'x-path': event.rawPath }, cookies: ['a=1; HttpOnly'] });
        http.write('made ');
        http.end('it');
      }),
    );

    // Act
    const res = await fetch(server.url + '/things?x=1');

    // Assess
    expect(res.status).toBe(201);
    expect(res.headers.get('x-path')).toBe('/things');
    expect(res.headers.getSetCookie()).toEqual(['a=1; HttpOnly']);
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.text()).toBe('made it');
  });

  it('sends a prelude-only response (no body) with its status', async () => {
    const server = await serve(streamifyResponse(async (_e: unknown, stream: LambdaResponseStream) => void HttpResponseStream.from(stream, { statusCode: 401, headers: { 'www-authenticate': 'Bearer' } }).end()));
    const res = await fetch(server.url);
    expect([res.status, res.headers.get('www-authenticate'), await res.text()]).toEqual([401, 'Bearer', '']);
  });

  it('defaults to application/octet-stream, writes objects as JSON, and refuses a content type after the first write', async () => {
    // Prepare
    let lateError: unknown;
    const server = await serve(
      streamifyResponse(async (_e: unknown, stream: LambdaResponseStream) => {
        stream.write({ a: 1 });
        try {
          stream.setContentType('text/plain');
        } catch (error) {
          lateError = error;
        }
        stream.end();
      }),
    );

    // Act
    const res = await fetch(server.url);

    // Assess
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(await res.text()).toBe('{"a":1}');
    expect(String(lateError)).toMatch(/too late/);
  });

  it("lets the handler see the client's disconnect: its stream emits error and close", async () => {
    // Prepare
    const seen = signal<{ error: string | undefined; closed: boolean }>();
    const server = await serve(
      streamifyResponse(async (_e: unknown, stream: LambdaResponseStream) => {
        let error: string | undefined;
        stream.on('error', (e: NodeJS.ErrnoException) => (error = e.code));
        stream.on('close', () => seen.resolve({ error, closed: true }));
        stream.write('token ');
        await new Promise((r) => stream.once('close', r));
      }),
    );
    const abort = new AbortController();

    // Act: read the first token, then go away.
    const res = await fetch(server.url, { signal: abort.signal });
    const reader = res.body!.getReader();
    await readChunk(reader);
    abort.abort();

    // Assess
    expect(await seen.promise).toEqual({ error: 'ECONNRESET', closed: true });
  });

  it('serves a handler not wrapped in streamifyResponse buffered, as a Function URL does', async () => {
    const server = await serve(async (event: APIGatewayProxyEventV2) => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ echo: event.body }) }));
    const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    expect(await res.json()).toEqual({ echo: 'hi' });
  });

  it('answers 502 when a streaming handler throws before writing, ends the body when it throws later, and keeps serving', async () => {
    // Prepare
    let mode: 'early' | 'late' | 'ok' = 'early';
    const errors: unknown[] = [];
    const server = await startStreamingFunctionUrlServer({
      functionName: 'failing',
      onError: (e) => errors.push(e),
      handler: streamifyResponse(async (_e: unknown, stream: LambdaResponseStream) => {
        if (mode === 'early') throw new Error('boom');
        stream.write('partial');
        if (mode === 'late') throw new Error('late boom');
        stream.end();
      }),
    });
    servers.push(server);

    // Act
    const early = await fetch(server.url);
    mode = 'late';
    const late = await fetch(server.url);
    const lateBody = await late.text();
    mode = 'ok';
    const ok = await fetch(server.url);

    // Assess
    expect(early.status).toBe(502);
    expect(await early.text()).not.toMatch(/boom/);
    expect([late.status, lateBody]).toEqual([200, 'partial']);
    expect(await ok.text()).toBe('partial');
    expect(errors.map(String)).toEqual(['Error: boom', 'Error: late boom']);
  });

  it('runs invocations one at a time by default and side by side with maxConcurrency', async () => {
    // Prepare: a handler that notes overlaps; in parallel mode two invocations wait for each other
    // (a barrier that gives up after 5 s, so serialised invocations fail instead of hanging).
    let inFlight = 0;
    let maxInFlight = 0;
    const bothStarted = signal();
    const handler = (barrier: boolean) =>
      streamifyResponse(async (_e: unknown, stream: LambdaResponseStream) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        if (inFlight === 2) bothStarted.resolve();
        await (barrier ? Promise.race([bothStarted.promise, new Promise((r) => setTimeout(r, 5000))]) : new Promise((r) => setTimeout(r, 20)));
        inFlight -= 1;
        stream.end('ok');
      });
    const serial = await serve(handler(false));
    const parallel = await serve(handler(true), { maxConcurrency: 2 });

    // Act
    await Promise.all(Array.from({ length: 4 }, () => fetch(serial.url).then((r) => r.text())));
    const serialMax = maxInFlight;
    maxInFlight = 0;
    await Promise.all(Array.from({ length: 2 }, () => fetch(parallel.url).then((r) => r.text())));

    // Assess
    expect(serialMax).toBe(1);
    expect(maxInFlight).toBe(2);
  });
});
