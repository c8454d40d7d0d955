import { parseSse, sseFrame } from './sse';

describe('SSE framing', () => {
  it('writes event, one data line of JSON and a blank line', () => {
    expect(sseFrame('token', { text: 'Hi' })).toBe('event: token\ndata: {"text":"Hi"}\n\n');
    expect(sseFrame('done', { a: 1 }, 'm1')).toBe('id: m1\nevent: done\ndata: {"a":1}\n\n');
  });

  it('keeps newlines and emoji inside one data line, and parses back to the same values', () => {
    const data = { text: 'line one\nline two\r\n😀 done' };
    const frame = sseFrame('token', data);
    expect(frame.split('\n').filter((l) => l.startsWith('data:'))).toHaveLength(1);
    expect(parseSse(frame + sseFrame('done', { ok: true }))).toEqual([
      { event: 'token', data },
      { event: 'done', data: { ok: true } },
    ]);
  });

  it('cannot be broken by a newline in an id', () => {
    expect(sseFrame('done', {}, 'a\nevent: error')).toBe('id: aevent: error\nevent: done\ndata: {}\n\n');
  });
});
