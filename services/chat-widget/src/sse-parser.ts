/**
 * An incremental Server-Sent Events parser for a response body read with `fetch` (EventSource
 * cannot send a body or an Authorization header). It follows the spec's interpretation rules
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation):
 * lines end in CRLF, LF or CR; a blank line dispatches; `data` lines join with "\n"; a line
 * starting with ":" is a comment; one leading space after the colon is dropped; unknown fields
 * are ignored; an event with no data is not dispatched. Chunks may split anywhere, even a CRLF.
 */
export interface SseMessage {
  event: string;
  data: string;
  id: string | undefined;
}

export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private eventName = '';
  private lastId: string | undefined;
  /** A chunk ended in CR: a LF at the start of the next chunk belongs to it. */
  private pendingCr = false;

  constructor(private readonly onMessage: (message: SseMessage) => void) {}

  /** Feeds decoded text (decode with `TextDecoder(…, { stream: true })` so code points split across chunks survive). */
  push(chunk: string): void {
    let text = chunk;
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = false;
    this.buffer += text;
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer[i];
      if (c !== '\n' && c !== '\r') continue;
      this.line(this.buffer.slice(start, i));
      if (c === '\r') {
        if (i + 1 === this.buffer.length) this.pendingCr = true;
        else if (this.buffer[i + 1] === '\n') i++;
      }
      start = i + 1;
    }
    this.buffer = this.buffer.slice(start);
  }

  /** The stream ended: an unterminated last event is discarded, as the spec says. */
  end(): void {
    this.buffer = '';
    this.data = [];
    this.eventName = '';
  }

  private line(line: string): void {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.eventName = value;
    else if (field === 'id' && !value.includes('\0')) this.lastId = value;
  }

  private dispatch(): void {
    if (this.data.length > 0) this.onMessage({ event: this.eventName || 'message', data: this.data.join('\n'), id: this.lastId });
    this.data = [];
    this.eventName = '';
  }
}
