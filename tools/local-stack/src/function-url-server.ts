import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { lambdaContext } from './lambda-context';

/** A Function URL handler: payload format 2.0 in, a structured result (or any JSON value) out. */
export type FunctionUrlHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2 | string | object | void>;

export interface FunctionUrlServerOptions {
  handler: FunctionUrlHandler;
  functionName: string;
  /** 0 picks a free port (tests). */
  port?: number;
  host?: string;
  /** Lambda timeout handed to the handler's context. */
  functionTimeoutMs?: number;
  /** Function URL request payload limit (6 MB). */
  maxBodyBytes?: number;
  /** Called when the handler throws (Lambda answers 502 then). */
  onError?: (error: unknown) => void;
}

export interface FunctionUrlServer {
  /** `http://<host>:<port>` */
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

// Content types Lambda passes as text; anything else is base64 (isBase64Encoded: true).
const TEXT_TYPES = /^(text\/|application\/(json|javascript|xml|x-www-form-urlencoded|[a-z.+-]*\+(json|xml)))/i;

/**
 * Builds the event a Lambda Function URL would send for this request (payload format 2.0:
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads). As in AWS:
 * header names are lower-cased and repeated headers joined with commas, cookies go to `cookies`,
 * repeated query parameters are joined with commas, a non-text body is base64-encoded.
 */
export function toFunctionUrlEvent(req: IncomingMessage, body: Buffer, options: { requestId: string; host: string; now?: Date }): APIGatewayProxyEventV2 {
  const now = options.now ?? new Date();
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    const value = req.rawHeaders[i + 1]!;
    if (name === 'cookie') {
      cookies = [...(cookies ?? []), ...value.split(';').map((c) => c.trim()).filter(Boolean)];
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  const rawQueryString = (req.url ?? '').includes('?') ? (req.url ?? '').slice((req.url ?? '').indexOf('?') + 1) : '';
  let queryStringParameters: Record<string, string> | undefined;
  for (const [k, v] of url.searchParams) {
    queryStringParameters ??= {};
    queryStringParameters[k] = queryStringParameters[k] === undefined ? v : `${queryStringParameters[k]},${v}`;
  }
  const contentType = headers['content-type'] ?? '';
  const isText = body.length === 0 || TEXT_TYPES.test(contentType);
  const domainName = headers.host ?? options.host;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext: {
      accountId: 'anonymous',
      apiId: 'local',
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: (req.method ?? 'GET').toUpperCase(),
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: options.requestId,
      routeKey: '$default',
      stage: '$default',
      time: formatRequestTime(now),
      timeEpoch: now.getTime(),
    },
    ...(body.length ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: !isText,
  };
}

/** `25/Nov/2026:13:42:34 +0000`, the format of `requestContext.time`. */
function formatRequestTime(d: Date): string {
  const month = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${month}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

function isStructured(result: unknown): result is APIGatewayProxyStructuredResultV2 {
  return typeof result === 'object' && result !== null && 'statusCode' in result;
}

/**
 * Writes a handler's result as Lambda would: a structured result as is (its `cookies` as
 * `Set-Cookie`, a base64 body decoded); any other value as a 200 JSON body
 * (https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-response-payload).
 */
export function writeFunctionUrlResult(res: ServerResponse, result: unknown, requestId: string): void {
  res.setHeader('x-amzn-RequestId', requestId);
  if (!isStructured(result)) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(result === undefined ? '' : typeof result === 'string' ? result : JSON.stringify(result));
    return;
  }
  for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, String(value));
  if (result.cookies?.length) res.setHeader('set-cookie', result.cookies);
  const body = result.body === undefined ? Buffer.alloc(0) : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  if (!res.hasHeader('content-type') && body.length) res.setHeader('content-type', 'application/json');
  res.writeHead(result.statusCode ?? 200);
  res.end(body);
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
 * Serves a Lambda handler as its Function URL would: each HTTP request becomes one invocation
 * with a payload 2.0 event and a fresh context. A handler that throws is a 502, as in AWS.
 *
 * The handler is one execution environment, and Lambda never gives an environment a second
 * event before the first is answered: concurrent requests wait their turn here, so module state
 * (Powertools metrics, caches) behaves as it does in AWS.
 */
export async function startFunctionUrlServer(options: FunctionUrlServerOptions): Promise<FunctionUrlServer> {
  const host = options.host ?? '127.0.0.1';
  const limit = options.maxBodyBytes ?? 6 * 1024 * 1024;
  let previous: Promise<unknown> = Promise.resolve();
  const invokeInTurn = (event: Parameters<FunctionUrlHandler>[0], context: Parameters<FunctionUrlHandler>[1]) => {
    const run = previous.then(() => options.handler(event, context));
    previous = run.catch(() => undefined);
    return run;
  };
  const server = createServer((req, res) => {
    const requestId = randomUUID();
    void (async () => {
      const body = await readBody(req, limit);
      if (body === null) {
        res.writeHead(413, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Request Entity Too Large' }));
        return;
      }
      const event = toFunctionUrlEvent(req, body, { requestId, host: `${host}:${(server.address() as AddressInfo).port}` });
      const context = { ...lambdaContext(options.functionName, options.functionTimeoutMs ?? 30_000), awsRequestId: requestId };
      let result: unknown;
      try {
        result = await invokeInTurn(event, context);
      } catch (error) {
        options.onError?.(error);
        res.writeHead(502, { 'content-type': 'application/json', 'x-amzn-RequestId': requestId }).end(JSON.stringify({ message: 'Internal Server Error' }));
        return;
      }
      writeFunctionUrlResult(res, result, requestId);
    })().catch((error: unknown) => {
      options.onError?.(error);
      if (!res.headersSent) res.writeHead(502).end();
    });
  });
  return listenAsFunctionUrl(server, host, options.port);
}

/**
 * Starts a Function URL host's HTTP server (keep-alive as Lambda's front end, 5 s) on `port`
 * (0: a free one); `close()` drops open connections too, so a stopped system frees its ports at once.
 */
export async function listenAsFunctionUrl(server: Server, host: string, port = 0): Promise<FunctionUrlServer> {
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${bound}`,
    port: bound,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
