import { buildMessageEvents, PREVIEW_MAX_CHARS, textCounts, truncateCodePoints, type CompletedTurn } from './message-events';

// A stand-in redaction: the real one is wired in the handler; these tests check that it is applied.
const redact = (text: string) => text.replace(/\S+@\S+/g, '[EMAIL]');

const turn: CompletedTurn = {
  tenantId: 'FOS402334',
  tenantHash: 'fo85e6a06dcdf4',
  sessionId: 'sess-1',
  messageId: 'msg-1',
  stepNumber: 4,
  question: 'Can I volunteer? 🙂 mail me at ana@example.org',
  answer: 'Yes, on Saturdays.',
  usage: undefined,
  timings: { first_token_ms: 120, response_time_ms: 900, total_time_ms: 950 },
  modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
  knowledgeBaseUsed: true,
  receivedAt: new Date('2026-02-01T10:00:00.000Z'),
  answeredAt: new Date('2026-02-01T10:00:01.000Z'),
  environment: 'test',
};

describe('buildMessageEvents', () => {
  it('builds MESSAGE_SENT with a redacted preview and the counts of the original text', () => {
    const [sent] = buildMessageEvents(turn, redact);
    expect(sent).toEqual({
      event_id: 'msg-1:sent',
      schema_version: '1.0.0',
      event_type: 'MESSAGE_SENT',
      session_id: 'sess-1',
      tenant_id: 'FOS402334',
      tenant_hash: 'fo85e6a06dcdf4',
      step_number: 4,
      server_timestamp: '2026-02-01T10:00:00.000Z',
      environment: 'test',
      event_payload: { content_preview: 'Can I volunteer? 🙂 mail me at [EMAIL]', character_count: 45, word_count: 8 },
    });
  });

  it('builds MESSAGE_RECEIVED 1.1.0 with the timings, model, knowledge base use, message id and token usage', () => {
    const [, received] = buildMessageEvents({ ...turn, usage: { inputTokens: 812, outputTokens: 37 } }, redact);
    expect(received).toMatchObject({ event_id: 'msg-1:received', schema_version: '1.1.0', event_type: 'MESSAGE_RECEIVED', step_number: 5 });
    expect(received.event_payload).toEqual({
      content_preview: 'Yes, on Saturdays.',
      first_token_ms: 120,
      response_time_ms: 900,
      total_time_ms: 950,
      model_id: turn.modelId,
      knowledge_base_used: true,
      message_id: 'msg-1',
      input_tokens: 812,
      output_tokens: 37,
    });
  });

  it('keeps MESSAGE_RECEIVED at 1.0.0, with no token fields, when the usage is unknown', () => {
    const [, received] = buildMessageEvents(turn, redact);
    expect(received).toMatchObject({ event_id: 'msg-1:received', schema_version: '1.0.0', step_number: 5 });
    expect(received.event_payload).toEqual({ content_preview: 'Yes, on Saturdays.', first_token_ms: 120, response_time_ms: 900, total_time_ms: 950, model_id: turn.modelId, knowledge_base_used: true });
  });

  it('publishes a reported usage of zero tokens as zero (a known count), not as unknown', () => {
    const [, received] = buildMessageEvents({ ...turn, answer: '', usage: { inputTokens: 0, outputTokens: 0 } }, redact);
    expect(received).toMatchObject({ schema_version: '1.1.0', event_payload: { input_tokens: 0, output_tokens: 0 } });
  });

  it('truncates previews to the schema maximum without splitting an emoji', () => {
    const long = '😀'.repeat(PREVIEW_MAX_CHARS + 5);
    const [sent] = buildMessageEvents({ ...turn, question: long }, redact);
    const preview = (sent.event_payload as { content_preview: string }).content_preview;
    expect(Array.from(preview)).toHaveLength(PREVIEW_MAX_CHARS);
    expect(preview).toBe(truncateCodePoints(long, PREVIEW_MAX_CHARS));
    expect((sent.event_payload as { character_count: number }).character_count).toBe(PREVIEW_MAX_CHARS + 5);
  });
});

describe('textCounts', () => {
  it('counts code points and words', () => {
    expect(textCounts('  héllo   wörld 👋 ')).toEqual({ character_count: 18, word_count: 3 });
    expect(textCounts('   ')).toEqual({ character_count: 3, word_count: 0 });
  });
});
