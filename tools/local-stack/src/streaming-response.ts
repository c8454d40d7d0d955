import { Writable } from 'node:stream';

/**
 * The Lambda Node runtime's response-streaming API, as `awslambda.streamifyResponse` and
 * `awslambda.HttpResponseStream` provide it (aws-lambda-nodejs-runtime-interface-client,
 * `src/utils/globals.ts`, `src/stream/response-stream.ts`, `src/stream/http-response-stream.ts`).
 */

/** The symbols the runtime reads off a handler to choose the streaming path. */
export const HANDLER_STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
export const HANDLER_HIGHWATERMARK = Symbol.for('aws.lambda.runtime.handler.streaming.highWaterMark');
const STREAM_RESPONSE = 'response';

/** Content type of a body that starts with a JSON prelude (status, headers, cookies) and 8 NUL bytes. */
export const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
export const PRELUDE_DELIMITER = Buffer.alloc(8);
/** The runtime's default content type of a streamed response. */
export const DEFAULT_STREAM_CONTENT_TYPE = 'application/octet-stream';

/** A streaming handler: `(event, responseStream, context) => Promise<void>`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StreamingHandler<TEvent = any, TContext = any> = (event: TEvent, responseStream: LambdaResponseStream, context: TContext) => Promise<unknown>;

/** Whether `streamifyResponse` marked this handler. */
export function isStreamingHandler(handler: unknown): handler is StreamingHandler {
  return typeof handler === 'function' && (handler as unknown as Record<symbol, unknown>)[HANDLER_STREAMING] === STREAM_RESPONSE;
}

/** `awslambda.streamifyResponse`: marks the handler (and its high-water mark) and returns it unchanged. */
export function streamifyResponse<H extends (...args: never[]) => unknown>(handler: H, options?: { highWaterMark?: number }): H {
  const marked = handler as unknown as Record<symbol, unknown>;
  marked[HANDLER_STREAMING] = STREAM_RESPONSE;
  if (typeof options?.highWaterMark === 'number') marked[HANDLER_HIGHWATERMARK] = Math.trunc(options.highWaterMark);
  return handler;
}

/**
 * The writable a streaming handler gets. As in the runtime: the content type can be set until the
 * first write (then it throws), a written value that is not a string or bytes is written as JSON,
 * and a hook set by `HttpResponseStream.from` writes the prelude just before the first write.
 */
export class LambdaResponseStream extends Writable {
  contentType = DEFAULT_STREAM_CONTENT_TYPE;
  /** Set by `HttpResponseStream.from`; called with the raw write just before the first write. */
  _onBeforeFirstWrite: ((write: (chunk: string | Uint8Array) => void) => void) | undefined;
  private writeCalled = false;

  constructor(
    private readonly sink: (chunk: Buffer, contentType: string) => Promise<void>,
    highWaterMark?: number,
  ) {
    super(highWaterMark === undefined ? {} : { highWaterMark });
  }

  setContentType(contentType: string): void {
    if (this.writeCalled) throw new Error('Cannot set content-type, too late.');
    this.contentType = contentType;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override write(chunk: any, encoding?: any, callback?: any): boolean {
    const data = typeof chunk === 'string' || chunk instanceof Uint8Array ? chunk : JSON.stringify(chunk);
    this.firstWrite();
    return super.write(data, encoding, callback);
  }

  // Lenient where the runtime is not: `end(chunk)` goes through `write` (prelude included), and a
  // stream ended without any write still sends its prelude, so `from(s, { statusCode: 204 }).end()` works.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override end(chunk?: any, encoding?: any, callback?: any): this {
    if (typeof chunk === 'function') return this.end(undefined, undefined, chunk);
    if (chunk !== undefined && chunk !== null) this.write(chunk, typeof encoding === 'string' ? encoding : undefined);
    else this.firstWrite();
    return super.end(typeof encoding === 'function' ? encoding : callback);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.sink(chunk, this.contentType).then(() => callback(), callback);
  }

  private firstWrite(): void {
    if (this.writeCalled) return;
    this.writeCalled = true;
    this._onBeforeFirstWrite?.((c) => super.write(c));
  }
}

/** `awslambda.HttpResponseStream`: status, headers and cookies for a Function URL as a prelude. */
export class HttpResponseStream {
  static from(underlyingStream: LambdaResponseStream, prelude: { statusCode?: number; headers?: Record<string, string>; cookies?: string[] }): LambdaResponseStream {
    underlyingStream.setContentType(HTTP_INTEGRATION_CONTENT_TYPE);
    const metadata = JSON.stringify(prelude);
    underlyingStream._onBeforeFirstWrite = (write) => {
      write(metadata);
      write(PRELUDE_DELIMITER);
    };
    return underlyingStream;
  }
}

/**
 * Installs `globalThis.awslambda` as the Lambda Node runtime does before loading the handler
 * module (a handler calls `awslambda.streamifyResponse` at import time). Keeps an existing one.
 */
export function installAwsLambdaGlobal(): void {
  const g = globalThis as { awslambda?: Record<string, unknown> };
  g.awslambda = { streamifyResponse, HttpResponseStream, ...g.awslambda };
}
