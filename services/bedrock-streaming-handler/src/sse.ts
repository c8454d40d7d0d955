/** The Server-Sent Events this handler streams. */
export type SseEventName = 'token' | 'done' | 'error';

/**
 * One SSE frame (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation):
 * `event:` line, one `data:` line of JSON (JSON never contains a raw newline, so one line is
 * always enough), a blank line. An `id:` lets a client resume.
 */
export function sseFrame(event: SseEventName, data: unknown, id?: string): string {
  return `${id !== undefined ? `id: ${id.replace(/[\r\n]/g, '')}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Parses a stream of frames back into events (tests and the dev client use it). */
export function parseSse(text: string): { event: string; data: unknown; id?: string }[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const fields: Record<string, string> = {};
      for (const line of block.split('\n')) {
        const colon = line.indexOf(':');
        if (colon <= 0) continue;
        const name = line.slice(0, colon);
        const value = line.slice(colon + 1).replace(/^ /, '');
        fields[name] = name === 'data' && fields.data !== undefined ? `${fields.data}\n${value}` : value;
      }
      return { event: fields.event ?? 'message', data: fields.data !== undefined ? (JSON.parse(fields.data) as unknown) : undefined, ...(fields.id !== undefined ? { id: fields.id } : {}) };
    });
}
