import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import type { Context } from 'aws-lambda';
import { listenAsFunctionUrl, toFunctionUrlEvent, writeFunctionUrlResult } from './function-url-server';
import { lambdaContext } from './lambda-context';
import type { LogCapture } from './log-capture';
import {
  HANDLER_HIGHWATERMARK,
  HTTP_INTEGRATION_CONTENT_TYPE,
  LambdaResponseStream,
  PRELUDE_DELIMITER,
  installAwsLambdaGlobal,
  isStreamingHandler,
} from './streaming-response';

export interface StreamingFunctionUrlServerOptions {
  /** A handler wrapped in `awslambda.streamifyResponse` (streamed), or a plain one (buffered). */
  handler: unknown;
  functionName: string;
  /** 0 picks a free port (tests). */
  port?: number;
  host?: string;
  /** Lambda timeout: the context's deadline, and when an unfinished stream is cut. Default 30 s. */
  functionTimeoutMs?: number;
  /** Function URL request payload limit (6 MB). */
  maxBodyBytes?: number;
  /**
   * Execution environments: invocations in flight at once. Default 1, as one Lambda environment
   * never gets a second event before the first is answered; more lets a bench run concurrent chats
   * (they then share module state, which separate AWS environments would not).
   */
  maxConcurrency?: number;
  /** Captures the handler's stdout/stderr into its log group, as Lambda does. */
  logs?: LogCapture;
  /** Called when an invocation fails (handler throws, or its stream is left unfinished). */
  onError?: (error: unknown) => void;
  /**
   * The Function URL's CORS configuration, which AWS applies in front of the function
   * (https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html#urls-cors): a preflight
   * is answered without invoking it, and every response gets the allow-origin header.
   */
  cors?: FunctionUrlCors;
}

/** `aws_lambda_function_url`'s `cors` block, as the local host applies it. */
export interface FunctionUrlCors {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  maxAgeSeconds?: number;
}

/** The allow-origin value for `origin`, or undefined when the configuration does not allow it. */
function allowedOrigin(cors: FunctionUrlCors, origin: string | undefined): string | undefined {
  if (cors.allowOrigins.includes('*')) return '*';
  return origin && cors.allowOrigins.includes(origin) ? origin : undefined;
}

export interface StreamingFunctionUrlServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** The error a streaming handler's stream emits when the client goes away. */
export class ClientDisconnectedError extends Error {
  readonly code = 'ECONNRESET';
  constructor() {
    super('The client closed the connection before the response stream ended.');
    this.name = 'ClientDisconnectedError';
  }
}

function semaphore(size: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= size) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
    try {
      return await fn();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  };
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Turns the bytes a streaming handler writes into the HTTP response a Function URL in
 * `RESPONSE_STREAM` mode sends: with the http-integration content type, the JSON prelude before
 * the 8 NUL bytes gives status, headers and cookies; otherwise 200 with the stream's content type.
 * Every chunk is written to the socket as it comes (chunked transfer encoding).
 */
function responseSink(res: ServerResponse, requestId: string) {
  let pending: Buffer | null = null; // prelude bytes seen so far
  const head = (statusCode: number, headers: Record<string, string>, cookies?: string[]) => {
    if (res.headersSent) return;
    res.setHeader('x-amzn-RequestId', requestId);
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, String(value));
    if (cookies?.length) res.setHeader('set-cookie', cookies);
    res.writeHead(statusCode);
    res.flushHeaders();
  };
  const write = (bytes: Buffer) =>
    bytes.length === 0 || res.destroyed ? Promise.resolve() : new Promise<void>((resolve, reject) => res.write(bytes, (e) => (e ? reject(e) : resolve())));
  return {
    async chunk(bytes: Buffer, contentType: string): Promise<void> {
      if (res.headersSent) return write(bytes);
      if (contentType !== HTTP_INTEGRATION_CONTENT_TYPE) {
        head(200, { 'content-type': contentType });
        return write(bytes);
      }
      pending = pending ? Buffer.concat([pending, bytes]) : bytes;
      const at = pending.indexOf(PRELUDE_DELIMITER);
      if (at < 0) return;
      const prelude = JSON.parse(pending.subarray(0, at).toString('utf8') || '{}') as { statusCode?: number; headers?: Record<string, string>; cookies?: string[] };
      const rest = pending.subarray(at + PRELUDE_DELIMITER.length);
      pending = null;
      head(prelude.statusCode ?? 200, prelude.headers ?? {}, prelude.cookies);
      return write(rest);
    },
    finish(contentType: string): void {
      head(200, contentType === HTTP_INTEGRATION_CONTENT_TYPE ? {} : { 'content-type': contentType });
      res.end();
    },
  };
}

/**
 * Serves a Lambda handler as its Function URL would, in `RESPONSE_STREAM` invoke mode when the
 * handler is wrapped in `awslambda.streamifyResponse` (installed as a global here, as the Node
 * runtime does) and buffered otherwise. Each request is one invocation with a payload 2.0 event.
 * A client that disconnects mid-stream destroys the handler's stream (`error`, then `close`), as
 * the runtime's connection reset does; a handler that throws before writing is a 502.
 */
export async function startStreamingFunctionUrlServer(options: StreamingFunctionUrlServerOptions): Promise<StreamingFunctionUrlServer> {
  installAwsLambdaGlobal();
  const host = options.host ?? '127.0.0.1';
  const limit = options.maxBodyBytes ?? 6 * 1024 * 1024;
  const timeoutMs = options.functionTimeoutMs ?? 30_000;
  const inTurn = semaphore(options.maxConcurrency ?? 1);
  const handler = options.handler as (...args: unknown[]) => Promise<unknown>;
  const streaming = isStreamingHandler(options.handler);
  const highWaterMark = (handler as unknown as Record<symbol, number | undefined>)[HANDLER_HIGHWATERMARK];

  async function invokeStreaming(event: unknown, context: Context, res: ServerResponse): Promise<void> {
    const sink = responseSink(res, context.awsRequestId);
    const stream = new LambdaResponseStream((bytes, contentType) => sink.chunk(bytes, contentType), highWaterMark);
    // The runtime listens on its connection too, so a reset never crashes the process even when
    // the handler has no 'error' listener of its own.
    stream.on('error', () => undefined);
    // Resolves when the handler ends its stream (false: not timed out); a destroyed stream counts as over.
    const finished = once(stream, 'finish').then(
      () => {
        sink.finish(stream.contentType);
        return false;
      },
      () => false,
    );
    res.once('close', () => {
      if (!res.writableFinished && !stream.destroyed) stream.destroy(new ClientDisconnectedError());
    });
    try {
      await handler(event, stream, context);
    } catch (error) {
      options.onError?.(error);
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json', 'x-amzn-RequestId': context.awsRequestId }).end(JSON.stringify({ message: 'Internal Server Error' }));
      else res.end(); // once streaming has begun, the client only sees the body stop
      return;
    }
    if (stream.destroyed) return;
    // The runtime waits for the stream to end; one never ended is cut at the function's timeout.
    const timedOut = await Promise.race([finished, new Promise<boolean>((r) => setTimeout(r, Math.max(0, context.getRemainingTimeInMillis()), true).unref())]);
    if (timedOut) {
      options.onError?.(new Error(`Task timed out: ${options.functionName} returned without ending its response stream`));
      res.end();
    }
  }

  const server = createServer((req, res) => {
    const requestId = randomUUID();
    if (options.cors) {
      const origin = allowedOrigin(options.cors, req.headers.origin);
      if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
        res
          .writeHead(200, {
            ...(origin ? { 'access-control-allow-origin': origin } : {}),
            'access-control-allow-methods': options.cors.allowMethods.join(', '),
            'access-control-allow-headers': options.cors.allowHeaders.join(', '),
            'access-control-max-age': String(options.cors.maxAgeSeconds ?? 600),
          })
          .end();
        return;
      }
      if (origin) res.setHeader('access-control-allow-origin', origin);
    }
    void (async () => {
      const body = await readBody(req, limit);
      if (body === null) {
        res.writeHead(413, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Request Entity Too Large' }));
        return;
      }
      const event = toFunctionUrlEvent(req, body, { requestId, host: `${host}:${(server.address() as AddressInfo).port}` });
      await inTurn(async () => {
        const base = lambdaContext(options.functionName, timeoutMs);
        const context: Context = { ...base, awsRequestId: requestId, ...(options.logs ? { logStreamName: options.logs.logStreamName(options.functionName) } : {}) };
        const run = async () => {
          if (streaming) return invokeStreaming(event, context, res);
          let result: unknown;
          try {
            result = await handler(event, context);
          } catch (error) {
            options.onError?.(error);
            res.writeHead(502, { 'content-type': 'application/json', 'x-amzn-RequestId': requestId }).end(JSON.stringify({ message: 'Internal Server Error' }));
            return;
          }
          writeFunctionUrlResult(res, result, requestId);
        };
        await (options.logs ? options.logs.runInvocation({ functionName: options.functionName, requestId }, run) : run());
      });
    })().catch((error: unknown) => {
      options.onError?.(error);
      if (!res.headersSent) res.writeHead(502).end();
      else res.end();
    });
  });
  return listenAsFunctionUrl(server, host, options.port);
}
