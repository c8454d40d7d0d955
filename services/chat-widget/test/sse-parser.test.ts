import fc from 'fast-check';
import { SseParser, type SseMessage } from '../src/sse-parser';

const parseAll = (chunks: string[]) => {
  const out: SseMessage[] = [];
  const parser = new SseParser((m) => out.push(m));
  chunks.forEach((c) => parser.push(c));
  parser.end();
  return out;
};

/** The streaming handler's framing (services/bedrock-streaming-handler/src/sse.ts). */
const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

describe('SseParser', () => {
  it('reads the handler frames: token, token, done', () => {
    const text = frame('token', { text: 'Hello' }) + frame('token', { text: ' world' }) + frame('done', { message_id: 'm1', sources: [] });
    expect(parseAll([text]).map((m) => [m.event, JSON.parse(m.data)])).toEqual([
      ['token', { text: 'Hello' }],
      ['token', { text: ' world' }],
      ['done', { message_id: 'm1', sources: [] }],
    ]);
  });

  it('gives the same events however the stream is cut into chunks, even inside a CRLF or a code point pair', () => {
    const text = frame('token', { text: 'café 👋 at a@b.org' }).replace(/\n/g, '\r\n') + ': keep-alive comment\r\n\r\n' + frame('done', { message_id: 'x' });
    const whole = parseAll([text]);
    expect(whole).toHaveLength(2);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 12 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks = [0, ...points].map((start, i) => text.slice(start, points[i] ?? text.length));
        expect(parseAll(chunks)).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });

  it('joins multi-line data with newlines, drops one leading space, ignores comments and unknown fields', () => {
    expect(parseAll(['data:first\ndata:  second\nretry: 10\nfoo: bar\n: a comment\n\n'])).toEqual([{ event: 'message', data: 'first\n second', id: undefined }]);
  });

  it('accepts lone CR line endings and keeps the last id', () => {
    expect(parseAll(['id: 7\revent: token\rdata: {}\r\r', 'data: 2\r\r'])).toEqual([
      { event: 'token', data: '{}', id: '7' },
      { event: 'message', data: '2', id: '7' },
    ]);
  });

  it('does not dispatch an event without data, nor an unterminated last event', () => {
    expect(parseAll(['event: done\n\n', 'event: token\ndata: {"text":"cut"}'])).toEqual([]);
  });
});
