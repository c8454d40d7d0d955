import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The AWS JSON 1.1 protocol as the local emulators speak it (Athena, CloudWatch Logs): one POST
 * per call, the operation in `X-Amz-Target: <prefix>.<Action>`, a JSON body in and out, and errors
 * as `{ "__type", "message" }` with a 4xx (the caller's fault) or 5xx status, which the SDK turns
 * into the named exception (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html).
 * Unauthenticated: the emulators bind to loopback.
 */

/** An error the caller is told about as `__type` (a 400 unless a status is given). */
export class AwsJsonError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export interface AwsJsonServerOptions {
  /** `AmazonAthena`, `Logs_20140328`, … */
  targetPrefix: string;
  /** One handler per action; it throws `AwsJsonError` to refuse. */
  actions: Record<string, (input: Record<string, unknown>) => unknown>;
  /** `__type` of an operation the emulator does not know. */
  unknownOperationType: string;
  /** `__type` and status of an unexpected failure. */
  internalError: { type: string; status: number };
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
}

export interface AwsJsonServer {
  /** e.g. `http://127.0.0.1:4599`: the value of `AWS_ENDPOINT_URL_<SERVICE>`. */
  url: string;
  close(): Promise<void>;
}

/** Starts an AWS JSON 1.1 endpoint over `actions`; close it with `close()`. */
export async function startAwsJsonServer(options: AwsJsonServerOptions): Promise<AwsJsonServer> {
  const respond = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() });
    res.end(JSON.stringify(body));
  };
  const prefix = `${options.targetPrefix}.`;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const target = String(req.headers['x-amz-target'] ?? '');
    const action = target.startsWith(prefix) ? options.actions[target.slice(prefix.length)] : undefined;
    try {
      if (req.method !== 'POST' || !action) throw new AwsJsonError(options.unknownOperationType, `unsupported operation ${JSON.stringify(target)}`);
      const input = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      respond(res, 200, action(input));
    } catch (error) {
      const known = error instanceof AwsJsonError;
      respond(res, known ? error.status : options.internalError.status, { __type: known ? error.type : options.internalError.type, message: (error as Error).message });
    }
  };
  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
