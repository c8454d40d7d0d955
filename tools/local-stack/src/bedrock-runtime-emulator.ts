import { randomBytes } from 'node:crypto';
import type { Http2ServerResponse } from 'node:http2';
import { setTimeout as sleep } from 'node:timers/promises';
import { EventStreamCodec, type MessageHeaders } from '@smithy/core/event-streams';
import { composeAnswer, type AnswerOptions, type ComposedAnswer, type PromptText } from './bedrock-answer';
import { AwsErrorResponse, parseJsonBody, startBedrockHttpServer, type BedrockHttpServer } from './bedrock-http-server';

/**
 * A Bedrock runtime emulator on the real wire format (REST-JSON over HTTP/2, responses streamed as
 * `application/vnd.amazon.eventstream` frames), so `@aws-sdk/client-bedrock-runtime` runs
 * unchanged against it through `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`. Operations:
 * `POST /model/{modelId}/converse-stream`, `/converse`, `/invoke-with-response-stream` and
 * `/invoke` (Anthropic messages body). Wire format:
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html
 */

/** The exceptions Bedrock sends as an event-stream frame once the stream has begun. */
export type StreamExceptionType = 'modelStreamErrorException' | 'internalServerException' | 'throttlingException' | 'serviceUnavailableException' | 'validationException';

/** A failure to inject. */
export type BedrockFault =
  /** HTTP 429 `ThrottlingException` before any byte of the stream. */
  | { kind: 'throttle' }
  /** An exception frame after `afterTokens` text deltas (default `modelStreamErrorException`). */
  | { kind: 'stream-error'; afterTokens: number; exceptionType?: StreamExceptionType };

export interface BedrockRuntimeEmulatorOptions {
  port?: number;
  host?: string;
  /** Delay before the first text delta (the model "thinking"). Default 0. */
  firstTokenDelayMs?: number;
  /** Delay between text deltas. Default 0. */
  tokenDelayMs?: number;
  /** Faults that hit every request to a model id. */
  faultsByModel?: Record<string, BedrockFault>;
  answer?: Partial<AnswerOptions>;
}

/** What the emulator saw of one request (for tests: did the caller put passages in the prompt?). */
export interface RecordedBedrockRequest {
  operation: 'ConverseStream' | 'Converse' | 'InvokeModelWithResponseStream' | 'InvokeModel';
  modelId: string;
  prompt: PromptText;
  answer: string;
  /** The token counts this response reports (ConverseStream's `metadata` event, when the stream gets that far). */
  usage: { inputTokens: number; outputTokens: number; totalTokens: number };
  fault?: BedrockFault;
}

export interface BedrockRuntimeEmulator extends BedrockHttpServer {
  /** The next `times` requests (any model) fail with `fault`, before any per-model or phrase fault. */
  injectFault(fault: BedrockFault, times?: number): void;
  /** Drops injected faults that have not fired yet. */
  clearFaults(): void;
  /** Changes the delays of later requests. */
  setDelays(delays: { firstTokenDelayMs?: number; tokenDelayMs?: number }): void;
  /** The last 100 requests, oldest first. */
  readonly requests: readonly RecordedBedrockRequest[];
}

const STREAM_EXCEPTION_TYPES = new Set<string>(['modelStreamErrorException', 'internalServerException', 'throttlingException', 'serviceUnavailableException', 'validationException']);

/**
 * Magic phrases in the last user message: `[[fault:throttle]]`, `[[fault:stream-error:3]]`,
 * `[[fault:stream-error:3:internalServerException]]`.
 */
export function faultFromPhrase(text: string): BedrockFault | undefined {
  const m = /\[\[fault:(throttle|stream-error)(?::(\d+))?(?::(\w+))?\]\]/.exec(text);
  if (!m) return undefined;
  if (m[1] === 'throttle') return { kind: 'throttle' };
  const exceptionType = m[3] && STREAM_EXCEPTION_TYPES.has(m[3]) ? (m[3] as StreamExceptionType) : undefined;
  return { kind: 'stream-error', afterTokens: Number(m[2] ?? 0), ...(exceptionType ? { exceptionType } : {}) };
}

interface ConverseBody {
  messages?: { role?: string; content?: { text?: string }[] }[];
  system?: { text?: string }[];
  inferenceConfig?: { maxTokens?: number };
}

interface AnthropicBody {
  anthropic_version?: string;
  max_tokens?: number;
  system?: string | { type?: string; text?: string }[];
  messages?: { role?: string; content?: string | { type?: string; text?: string }[] }[];
}

const invalid = (message: string) => new AwsErrorResponse(400, 'ValidationException', message);

function converseRequest(body: ConverseBody): { prompt: PromptText; maxTokens: number | undefined } {
  if (!Array.isArray(body.messages) || body.messages.length === 0) throw invalid('The model returned the following errors: messages: field required');
  const messages = body.messages.map((m, i) => {
    if (m.role !== 'user' && m.role !== 'assistant') throw invalid(`messages.${i}.role: must be user or assistant`);
    if (!Array.isArray(m.content)) throw invalid(`messages.${i}.content: field required`);
    return { role: m.role as 'user' | 'assistant', text: m.content.map((c) => c.text ?? '').join('\n') };
  });
  return { prompt: { system: (body.system ?? []).map((s) => s.text ?? ''), messages }, maxTokens: body.inferenceConfig?.maxTokens };
}

function anthropicRequest(body: AnthropicBody): { prompt: PromptText; maxTokens: number | undefined } {
  if (typeof body.anthropic_version !== 'string') throw invalid('Malformed input request: required key [anthropic_version] not found, please reformat your input and try again.');
  if (typeof body.max_tokens !== 'number') throw invalid('Malformed input request: required key [max_tokens] not found, please reformat your input and try again.');
  if (!Array.isArray(body.messages) || body.messages.length === 0) throw invalid('Malformed input request: required key [messages] not found, please reformat your input and try again.');
  const text = (c: string | { text?: string }[] | undefined) => (typeof c === 'string' ? c : (c ?? []).map((b) => b.text ?? '').join('\n'));
  const messages = body.messages.map((m, i) => {
    if (m.role !== 'user' && m.role !== 'assistant') throw invalid(`messages.${i}.role: Input should be 'user' or 'assistant'`);
    return { role: m.role as 'user' | 'assistant', text: text(m.content) };
  });
  return { prompt: { system: body.system === undefined ? [] : [text(body.system)], messages }, maxTokens: body.max_tokens };
}

/** The answer cut to `maxTokens` deltas, as the model stops at its limit. */
function limitAnswer(answer: ComposedAnswer, maxTokens: number | undefined): { tokens: string[]; stopReason: 'end_turn' | 'max_tokens' } {
  if (maxTokens === undefined || answer.tokens.length <= maxTokens) return { tokens: answer.tokens, stopReason: 'end_turn' };
  return { tokens: answer.tokens.slice(0, Math.max(0, maxTokens)), stopReason: 'max_tokens' };
}

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes).toString('utf8'),
  (text) => new Uint8Array(Buffer.from(text, 'utf8')),
);

// Bedrock pads every event with a random-length `p` field so the frame size does not reveal the
// token; the SDK ignores it. Kept so a parser that chokes on it fails here first.
const padding = () => 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.slice(0, 1 + (randomBytes(1)[0]! % 30));

function frame(headers: MessageHeaders, body: unknown): Uint8Array {
  return codec.encode({ headers, body: new Uint8Array(Buffer.from(JSON.stringify(body), 'utf8')) });
}

/** An `event` frame of the ConverseStream union (`:event-type` names the member). */
export function eventFrame(eventType: string, body: Record<string, unknown>): Uint8Array {
  return frame(
    { ':event-type': { type: 'string', value: eventType }, ':content-type': { type: 'string', value: 'application/json' }, ':message-type': { type: 'string', value: 'event' } },
    { ...body, p: padding() },
  );
}

/** An `exception` frame: the SDK throws its typed exception from the iterator. */
export function exceptionFrame(exceptionType: StreamExceptionType, message: string): Uint8Array {
  const body = exceptionType === 'modelStreamErrorException' ? { message, originalStatusCode: 500, originalMessage: message } : { message };
  return frame(
    { ':exception-type': { type: 'string', value: exceptionType }, ':content-type': { type: 'string', value: 'application/json' }, ':message-type': { type: 'string', value: 'exception' } },
    body,
  );
}

const STREAM_ERROR_MESSAGE: Record<StreamExceptionType, string> = {
  modelStreamErrorException: 'The model stream was interrupted by an error.',
  internalServerException: 'The server encountered an internal error while streaming.',
  throttlingException: 'Too many tokens, please wait before trying again.',
  serviceUnavailableException: 'The service is temporarily unable to handle the stream.',
  validationException: 'The stream was rejected as invalid.',
};

/** Writes one frame and waits for the socket to take it (so delays are real on the wire). */
function send(res: Http2ServerResponse, bytes: Uint8Array): Promise<boolean> {
  if (res.closed || res.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    res.write(bytes, (error) => resolve(!error));
  });
}

/** Starts the Bedrock runtime emulator on a free port (or `options.port`). */
export async function startBedrockRuntimeEmulator(options: BedrockRuntimeEmulatorOptions = {}): Promise<BedrockRuntimeEmulator> {
  const delays = { firstTokenDelayMs: options.firstTokenDelayMs ?? 0, tokenDelayMs: options.tokenDelayMs ?? 0 };
  const answerOptions: AnswerOptions = { relevanceCutoff: 0.34, maxSentences: 2, ...options.answer };
  const injected: BedrockFault[] = [];
  const requests: RecordedBedrockRequest[] = [];

  const server = await startBedrockHttpServer(
    async (req, res, { requestId, body }) => {
      const started = Date.now();
      const match = /^\/model\/([^/]+)\/(converse-stream|converse|invoke-with-response-stream|invoke)$/.exec((req.url ?? '').split('?')[0]!);
      if (req.method !== 'POST' || !match) throw new AwsErrorResponse(404, 'UnknownOperationException', `No operation at ${req.method} ${req.url}`);
      const modelId = decodeURIComponent(match[1]!);
      const route = match[2]!;
      const anthropic = route.startsWith('invoke');
      const operation = (
        { 'converse-stream': 'ConverseStream', converse: 'Converse', 'invoke-with-response-stream': 'InvokeModelWithResponseStream', invoke: 'InvokeModel' } as const
      )[route as 'converse'];
      const { prompt, maxTokens } = anthropic ? anthropicRequest(parseJsonBody<AnthropicBody>(body)) : converseRequest(parseJsonBody<ConverseBody>(body));
      const answer = composeAnswer(prompt, answerOptions);
      const lastUser = [...prompt.messages].reverse().find((m) => m.role === 'user')?.text ?? '';
      const fault = injected.shift() ?? options.faultsByModel?.[modelId] ?? faultFromPhrase(lastUser);
      const { tokens, stopReason } = limitAnswer(answer, maxTokens);
      const usage = { inputTokens: answer.inputTokens, outputTokens: tokens.length, totalTokens: answer.inputTokens + tokens.length };
      requests.push({ operation, modelId, prompt, answer: answer.text, usage, ...(fault ? { fault } : {}) });
      if (requests.length > 100) requests.shift();

      if (fault?.kind === 'throttle') throw new AwsErrorResponse(429, 'ThrottlingException', 'Too many requests, please wait before trying again.');

      if (route === 'converse' || route === 'invoke') {
        await sleep(delays.firstTokenDelayMs + delays.tokenDelayMs * Math.max(0, tokens.length - 1));
        const text = tokens.join('');
        const payload = anthropic
          ? {
              id: `msg_bdrk_${requestId.replace(/-/g, '').slice(0, 24)}`,
              type: 'message',
              role: 'assistant',
              model: modelId,
              content: [{ type: 'text', text }],
              stop_reason: stopReason,
              stop_sequence: null,
              usage: { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens },
            }
          : { output: { message: { role: 'assistant', content: [{ text }] } }, stopReason, usage, metrics: { latencyMs: Date.now() - started } };
        res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': requestId });
        res.end(JSON.stringify(payload));
        return;
      }

      res.writeHead(200, {
        'content-type': 'application/vnd.amazon.eventstream',
        'x-amzn-requestid': requestId,
        ...(anthropic ? { 'x-amzn-bedrock-content-type': 'application/json' } : {}),
      });
      // InvokeModelWithResponseStream wraps each Anthropic streaming event in a `chunk` whose
      // `bytes` is the base64 of the event's JSON.
      const chunk = (event: Record<string, unknown>) => eventFrame('chunk', { bytes: Buffer.from(JSON.stringify(event)).toString('base64') });
      const startFrames = anthropic
        ? [
            chunk({
              type: 'message_start',
              message: { id: `msg_bdrk_${requestId.replace(/-/g, '').slice(0, 24)}`, type: 'message', role: 'assistant', model: modelId, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: usage.inputTokens, output_tokens: 1 } },
            }),
            chunk({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
          ]
        : [eventFrame('messageStart', { role: 'assistant' })];
      const delta = (text: string) => (anthropic ? chunk({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }) : eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text } }));

      await sleep(delays.firstTokenDelayMs);
      const firstByte = Date.now() - started;
      for (const f of startFrames) if (!(await send(res, f))) return;
      for (let i = 0; i < tokens.length; i += 1) {
        if (fault?.kind === 'stream-error' && i === fault.afterTokens) break;
        if (i > 0) await sleep(delays.tokenDelayMs);
        if (!(await send(res, delta(tokens[i]!)))) return; // the client went away: stop generating
      }
      if (fault?.kind === 'stream-error') {
        const type = fault.exceptionType ?? 'modelStreamErrorException';
        await send(res, exceptionFrame(type, STREAM_ERROR_MESSAGE[type]));
        res.end();
        return;
      }
      const latencyMs = Date.now() - started;
      const endFrames = anthropic
        ? [
            chunk({ type: 'content_block_stop', index: 0 }),
            chunk({ type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: usage.outputTokens } }),
            chunk({
              type: 'message_stop',
              'amazon-bedrock-invocationMetrics': { inputTokenCount: usage.inputTokens, outputTokenCount: usage.outputTokens, invocationLatency: latencyMs, firstByteLatency: firstByte },
            }),
          ]
        : [eventFrame('contentBlockStop', { contentBlockIndex: 0 }), eventFrame('messageStop', { stopReason }), eventFrame('metadata', { usage, metrics: { latencyMs } })];
      for (const f of endFrames) if (!(await send(res, f))) return;
      res.end();
    },
    { ...(options.port !== undefined ? { port: options.port } : {}), ...(options.host ? { host: options.host } : {}) },
  );

  return {
    ...server,
    injectFault(fault, times = 1) {
      for (let i = 0; i < times; i += 1) injected.push(fault);
    },
    clearFaults() {
      injected.length = 0;
    },
    setDelays(next) {
      Object.assign(delays, next);
    },
    get requests() {
      return requests;
    },
  };
}
