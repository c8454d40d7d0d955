import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Lambda sends everything a function writes to stdout and stderr to CloudWatch Logs, in log group
 * `/aws/lambda/<function name>` and one log stream per execution environment, framed by the
 * platform's `START` / `END` / `REPORT` lines. Functions hosted in-process here share one
 * process.stdout, so writes are routed by invocation (AsyncLocalStorage): whatever runs inside
 * `runInvocation`, and every callback it schedules, lands in that function's log.
 *
 * Files (the contract the Logs Insights emulator reads):
 * `<logsDir>/<encodeURIComponent(log group)>/<encodeURIComponent(log stream)>.ndjson`, one JSON object
 * a line: `{"timestamp": <ms>, "ingestionTime": <ms>, "message": "<the line, without its newline>"}`.
 */

export interface CapturedLogEvent {
  timestamp: number;
  ingestionTime: number;
  message: string;
}

export interface LogCaptureOptions {
  logsDir: string;
  /** Also pass captured writes on to the real stdout/stderr (`make dev`). Default false. */
  echo?: boolean;
  /** Write Lambda's `START`/`END`/`REPORT` lines around each invocation. Default true. */
  platformLines?: boolean;
  /** `Memory Size` in REPORT lines. Default 1024. */
  memorySizeMb?: number;
}

export interface LogCapture {
  /** Runs one invocation of `functionName` with its stdout/stderr captured into its log group. */
  runInvocation<T>(invocation: { functionName: string; requestId: string }, fn: () => Promise<T>): Promise<T>;
  /** This capture's log stream for the function (one per execution environment, as in Lambda). */
  logStreamName(functionName: string): string;
  /** Restores process.stdout/stderr once every capture has stopped. */
  stop(): void;
}

/** `/aws/lambda/<function name>`, as Lambda names a function's log group. */
export const lambdaLogGroupName = (functionName: string) => `/aws/lambda/${functionName}`;

/** The directory holding a log group's streams. */
export const logGroupDir = (logsDir: string, logGroupName: string) => join(logsDir, encodeURIComponent(logGroupName));

/** The file of one log stream. */
export const logStreamFile = (logsDir: string, logGroupName: string, logStreamName: string) =>
  join(logGroupDir(logsDir, logGroupName), `${encodeURIComponent(logStreamName)}.ndjson`);

/** Reads every event of a log group (all streams), oldest first. */
export function readLogGroup(logsDir: string, logGroupName: string): (CapturedLogEvent & { logStreamName: string })[] {
  const dir = logGroupDir(logsDir, logGroupName);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ndjson'))
    .flatMap((f) =>
      readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => ({ ...(JSON.parse(line) as CapturedLogEvent), logStreamName: decodeURIComponent(f.slice(0, -'.ndjson'.length)) })),
    )
    .sort((a, b) => a.timestamp - b.timestamp);
}

interface InvocationLog {
  file: string;
  echo: boolean;
  partial: { stdout: string; stderr: string };
}

const current = new AsyncLocalStorage<InvocationLog>();
let installs = 0;
let restore: (() => void) | undefined;

function append(file: string, message: string): void {
  const now = Date.now();
  appendFileSync(file, `${JSON.stringify({ timestamp: now, ingestionTime: now, message })}\n`);
}

function take(log: InvocationLog, which: 'stdout' | 'stderr', text: string): void {
  const lines = (log.partial[which] + text).split('\n');
  log.partial[which] = lines.pop()!;
  for (const line of lines) if (line.trim()) append(log.file, line.replace(/\r$/, ''));
}

function flushPartial(log: InvocationLog): void {
  for (const which of ['stdout', 'stderr'] as const) {
    if (log.partial[which].trim()) append(log.file, log.partial[which]);
    log.partial[which] = '';
  }
}

// Patches the `write` of the process streams themselves: Powertools Logger writes through its own
// `Console` built on process.stdout, which a patched `console.log` would miss.
function install(): void {
  installs += 1;
  if (installs > 1) return;
  const patch = (stream: NodeJS.WriteStream, which: 'stdout' | 'stderr') => {
    const original = stream.write;
    stream.write = function write(this: NodeJS.WriteStream, chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
      const log = current.getStore();
      if (!log) return (original as (...a: unknown[]) => boolean).call(this, chunk, encoding, callback);
      take(log, which, typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString(typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
      if (log.echo) return (original as (...a: unknown[]) => boolean).call(this, chunk, encoding, callback);
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') process.nextTick(done as () => void);
      return true;
    } as typeof stream.write;
    return () => {
      stream.write = original;
    };
  };
  const undo = [patch(process.stdout, 'stdout'), patch(process.stderr, 'stderr')];
  restore = () => undo.forEach((u) => u());
}

function uninstall(): void {
  installs -= 1;
  if (installs === 0) restore?.();
}

/** `2026/12/02/[$LATEST]<32 hex>`, Lambda's log stream name format. */
function newLogStreamName(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getUTCFullYear()}/${p(now.getUTCMonth() + 1)}/${p(now.getUTCDate())}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

/** Starts capturing the stdout/stderr of in-process function invocations into per-log-group files. */
export function startLogCapture(options: LogCaptureOptions): LogCapture {
  install();
  const streams = new Map<string, string>();
  const platformLines = options.platformLines ?? true;
  const memory = options.memorySizeMb ?? 1024;
  const logStreamName = (functionName: string) => {
    let name = streams.get(functionName);
    if (!name) {
      name = newLogStreamName();
      streams.set(functionName, name);
      mkdirSync(logGroupDir(options.logsDir, lambdaLogGroupName(functionName)), { recursive: true });
    }
    return name;
  };
  let stopped = false;
  return {
    logStreamName,
    async runInvocation({ functionName, requestId }, fn) {
      const file = logStreamFile(options.logsDir, lambdaLogGroupName(functionName), logStreamName(functionName));
      const log: InvocationLog = { file, echo: options.echo ?? false, partial: { stdout: '', stderr: '' } };
      const started = performance.now();
      if (platformLines) append(file, `START RequestId: ${requestId} Version: $LATEST`);
      try {
        return await current.run(log, fn);
      } finally {
        flushPartial(log);
        if (platformLines) {
          const duration = performance.now() - started;
          append(file, `END RequestId: ${requestId}`);
          append(
            file,
            `REPORT RequestId: ${requestId}\tDuration: ${duration.toFixed(2)} ms\tBilled Duration: ${Math.ceil(duration)} ms\tMemory Size: ${memory} MB\tMax Memory Used: ${Math.round(process.memoryUsage().rss / 1048576)} MB\t`,
          );
        }
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      uninstall();
    },
  };
}
