import { randomUUID } from 'node:crypto';
import { createServer, type Http2ServerRequest, type Http2ServerResponse, type Http2Session } from 'node:http2';
import type { AddressInfo } from 'node:net';

/**
 * The SDK's Bedrock clients (`bedrock-runtime`, `bedrock-agent-runtime`) use `NodeHttp2Handler`,
 * which speaks HTTP/2 with prior knowledge to an `http://` endpoint (cleartext, h2c) and never
 * falls back to HTTP/1.1. Node cannot serve both on one cleartext port (`allowHTTP1` only works
 * with TLS), so the emulators speak HTTP/2 only: use `curl --http2-prior-knowledge` by hand.
 */
export interface BedrockHttpServer {
  /** `http://<host>:<port>`: the value for `AWS_ENDPOINT_URL_BEDROCK_RUNTIME` and friends. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** An AWS JSON error as the REST-JSON protocol sends it: the type in `x-amzn-errortype`. */
export class AwsErrorResponse extends Error {
  constructor(
    readonly statusCode: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

export type BedrockRequestHandler = (req: Http2ServerRequest, res: Http2ServerResponse, context: { requestId: string; body: Buffer }) => Promise<void>;

/** Writes an AWS REST-JSON error response (what the SDK turns into its typed exception). */
export function writeAwsError(res: Http2ServerResponse, requestId: string, error: AwsErrorResponse): void {
  if (res.headersSent || res.closed) return;
  res.writeHead(error.statusCode, {
    'content-type': 'application/json',
    'x-amzn-requestid': requestId,
    'x-amzn-errortype': `${error.type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
  });
  res.end(JSON.stringify({ message: error.message }));
}

/** Reads and parses a JSON request body; a malformed body is the service's ValidationException. */
export function parseJsonBody<T>(body: Buffer): T {
  try {
    return JSON.parse(body.toString('utf8') || '{}') as T;
  } catch {
    throw new AwsErrorResponse(400, 'ValidationException', 'Malformed input request, please reformat your input and try again.');
  }
}

/**
 * Starts a cleartext HTTP/2 server for a Bedrock emulator. The handler gets the whole request
 * body; an `AwsErrorResponse` it throws becomes the matching error response, anything else a 500
 * `InternalServerException`.
 */
export async function startBedrockHttpServer(handler: BedrockRequestHandler, options: { port?: number; host?: string; maxBodyBytes?: number } = {}): Promise<BedrockHttpServer> {
  const host = options.host ?? '127.0.0.1';
  const limit = options.maxBodyBytes ?? 25 * 1024 * 1024;
  const sessions = new Set<Http2Session>();
  const server = createServer((req, res) => {
    const requestId = randomUUID();
    void (async () => {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > limit) throw new AwsErrorResponse(413, 'ValidationException', 'Input is too long for the requested model.');
        chunks.push(chunk as Buffer);
      }
      await handler(req, res, { requestId, body: Buffer.concat(chunks) });
    })().catch((error: unknown) => {
      const known = error instanceof AwsErrorResponse ? error : new AwsErrorResponse(500, 'InternalServerException', 'The server encountered an internal error.');
      if (!res.headersSent) writeAwsError(res, requestId, known);
      else if (!res.closed) res.stream.close();
    });
  });
  server.on('session', (session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sessions) s.destroy();
        server.close(() => resolve());
      }),
  };
}
