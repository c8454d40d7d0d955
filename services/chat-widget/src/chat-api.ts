import type { ChatSession, DoneFrame, ErrorFrame, Refusal, TokenFrame, WidgetConfig, WidgetEvent } from './contract';
import { SseParser } from './sse-parser';

/** A call the server refused (4xx/5xx), with its reason. */
export class ChatApiError extends Error {
  override name = 'ChatApiError';
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** The network failed (offline, connection reset, CORS): the visitor can retry. */
export class ConnectionError extends Error {
  override name = 'ConnectionError';
}

export interface StreamHandlers {
  onToken(text: string): void;
  onDone(frame: DoneFrame): void;
  onError(frame: ErrorFrame): void;
}

/**
 * The widget's calls to the master function and the streaming Function URL. `fetchImpl` is a
 * port so tests can hand in a fetch over a canned stream.
 */
export class ChatApi {
  constructor(
    private readonly masterUrl: string,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  config(tenantHash: string): Promise<WidgetConfig> {
    return this.json<WidgetConfig>(`/config?t=${encodeURIComponent(tenantHash)}`, { method: 'GET' });
  }

  startSession(tenantHash: string): Promise<ChatSession> {
    return this.json<ChatSession>('/session', { method: 'POST', body: JSON.stringify({ t: tenantHash }) });
  }

  async sendEvents(token: string, events: (WidgetEvent & { event_id: string; step_number: number; client_timestamp: string })[], keepalive = false): Promise<void> {
    await this.json('/events', { method: 'POST', body: JSON.stringify({ events }), token, keepalive });
  }

  submitForm(token: string, body: { submission_id: string; form_id: string; values: Record<string, string>; duration_seconds: number }): Promise<{ submission_id: string; duplicate: boolean }> {
    return this.json('/form_submission', { method: 'POST', body: JSON.stringify(body), token });
  }

  revoke(token: string): Promise<unknown> {
    return this.json('/revoke', { method: 'POST', body: '{}', token });
  }

  /**
   * One chat turn: POST the question, read the SSE body as it arrives. Resolves when the stream
   * ends with `done` or `error`; a stream that ends without either is a dropped connection.
   */
  async streamTurn(streamingUrl: string, token: string, body: { message: string; step_number: number }, handlers: StreamHandlers, signal?: AbortSignal): Promise<void> {
    let response: Response;
    try {
      response = await this.fetchImpl(streamingUrl, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, Accept: 'text/event-stream' }, body: JSON.stringify(body), ...(signal ? { signal } : {}) });
    } catch (error) {
      throw asConnectionError(error);
    }
    if (!response.ok) throw await refusalOf(response);
    if (!response.body) throw new ConnectionError('the answer stream is empty');
    let finished = false;
    const parser = new SseParser((message) => {
      const data = JSON.parse(message.data) as unknown;
      if (message.event === 'token') handlers.onToken((data as TokenFrame).text);
      else if (message.event === 'done') {
        finished = true;
        handlers.onDone(data as DoneFrame);
      } else if (message.event === 'error') {
        finished = true;
        handlers.onError(data as ErrorFrame);
      }
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.push(value);
      }
    } catch (error) {
      throw asConnectionError(error);
    }
    parser.end();
    if (!finished) throw new ConnectionError('the connection closed before the answer was complete');
  }

  private async json<T>(path: string, init: { method: string; body?: string; token?: string; keepalive?: boolean }): Promise<T> {
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.masterUrl}${path}`, {
        method: init.method,
        headers: { ...(init.body ? { 'Content-Type': 'application/json' } : {}), ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}) },
        ...(init.body ? { body: init.body } : {}),
        ...(init.keepalive ? { keepalive: true } : {}),
      });
    } catch (error) {
      throw asConnectionError(error);
    }
    if (!response.ok) throw await refusalOf(response);
    return (await response.json()) as T;
  }
}

async function refusalOf(response: Response): Promise<ChatApiError> {
  let body: Partial<Refusal> = {};
  try {
    body = (await response.json()) as Partial<Refusal>;
  } catch {
    // not JSON: the status says enough
  }
  return new ChatApiError(response.status, body.error ?? `http_${response.status}`, body.message ?? response.statusText);
}

function asConnectionError(error: unknown): Error {
  if (error instanceof DOMException && error.name === 'AbortError') return error;
  return new ConnectionError(error instanceof Error ? error.message : 'network error');
}
