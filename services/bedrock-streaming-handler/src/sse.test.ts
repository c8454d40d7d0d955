import type { DoneFrame } from '@picasso/shared/chat-contract';
import { parseSse, sseFrame } from './sse';

const done: DoneFrame = { message_id: 'm1', first_token_ms: 1, response_time_ms: 2, total_time_ms: 3, knowledge_base_used: false, sources: [] };
const doneJson = JSON.stringify(done);

describe('SSE framing', () => {
  it('writes event, one data line of JSON and a blank line', () => {
    expect(sseFrame('token', { text: 'Hi' })).toBe('event: token\ndata: {"text":"Hi"}\n\n');
    expect(sseFrame('done', done, 'm1')).toBe(`id: m1\nevent: done\ndata: ${doneJson}\n\n`);
  });

  it('keeps newlines and emoji inside one data line, and parses back to the same values', () => {
    const data = { text: 'line one\nline two\r\n😀 done' };
    const frame = sseFrame('token', data);
    expect(frame.split('\n').filter((l) => l.startsWith('data:'))).toHaveLength(1);
    expect(parseSse(frame + sseFrame('done', done))).toEqual([
      { event: 'token', data },
      { event: 'done', data: done },
    ]);
  });

  it('cannot be broken by a newline in an id', () => {
    expect(sseFrame('done', done, 'a\nevent: error')).toBe(`id: aevent: error\nevent: done\ndata: ${doneJson}\n\n`);
  });
});
