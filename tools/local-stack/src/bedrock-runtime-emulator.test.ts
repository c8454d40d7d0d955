import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelWithResponseStreamCommand,
  ModelStreamErrorException,
  InternalServerException,
  ThrottlingException,
  ValidationException,
  type ConverseStreamOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { NO_ANSWER } from './bedrock-answer';
import { startBedrockRuntimeEmulator, type BedrockRuntimeEmulator } from './bedrock-runtime-emulator';
import { DEMO_KB_DOCUMENTS } from './kb-documents';

const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const passages = DEMO_KB_DOCUMENTS.FOS402334!.map((d) => `<passage source="${d.name}">\n${d.markdown}\n</passage>`).join('\n');
const system = [{ text: `You are the assistant of Foster Village Austin. Answer only from these passages:\n${passages}` }];
const ask = (question: string) => ({ modelId: MODEL, system, messages: [{ role: 'user' as const, content: [{ text: question }] }], inferenceConfig: { maxTokens: 500 } });

async function collect(stream: AsyncIterable<ConverseStreamOutput>) {
  const events: ConverseStreamOutput[] = [];
  for await (const e of stream) events.push(e);
  return events;
}

describe('Bedrock runtime emulator', () => {
  let emulator: BedrockRuntimeEmulator;
  let client: BedrockRuntimeClient;

  beforeAll(async () => {
    emulator = await startBedrockRuntimeEmulator();
    client = new BedrockRuntimeClient({ endpoint: emulator.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  });
  afterEach(() => emulator.clearFaults());
  afterAll(async () => {
    client.destroy();
    await emulator.close();
  });

  it('streams a grounded answer word by word to the production ConverseStream client', async () => {
    // Act
    const res = await client.send(new ConverseStreamCommand(ask('When is the resource center open?')));
    const events = await collect(res.stream!);

    // Assess
    const deltas = events.flatMap((e) => (e.contentBlockDelta ? [e.contentBlockDelta.delta!.text!] : []));
    const answer = deltas.join('');
    expect(answer).toBe('The Foster Village resource center is open Monday through Friday from 9 AM to 5 PM.');
    expect(deltas.length).toBe(answer.split(' ').length);
    expect(events[0]!.messageStart).toEqual({ role: 'assistant' });
    expect(events.find((e) => e.messageStop)!.messageStop).toEqual({ stopReason: 'end_turn' });
    expect(events.some((e) => e.contentBlockStop?.contentBlockIndex === 0)).toBe(true);
    const metadata = events.at(-1)!.metadata!;
    expect(metadata.usage!.outputTokens).toBe(deltas.length);
    expect(metadata.usage!.inputTokens).toBeGreaterThan(100);
    expect(metadata.usage!.totalTokens).toBe(metadata.usage!.inputTokens! + metadata.usage!.outputTokens!);
    expect(typeof metadata.metrics!.latencyMs).toBe('number');
  });

  it('says it does not know when no passage matches, and when the prompt has no passages', async () => {
    const unrelated = await collect((await client.send(new ConverseStreamCommand(ask('What is the airspeed of a swallow?')))).stream!);
    const noPassages = await collect(
      (await client.send(new ConverseStreamCommand({ modelId: MODEL, messages: [{ role: 'user', content: [{ text: 'When are you open?' }] }] }))).stream!,
    );
    for (const events of [unrelated, noPassages]) expect(events.flatMap((e) => (e.contentBlockDelta ? [e.contentBlockDelta.delta!.text!] : [])).join('')).toBe(NO_ANSWER);
  });

  it('answers InvokeModelWithResponseStream with Anthropic streaming events in chunks', async () => {
    // Act
    const res = await client.send(
      new InvokeModelWithResponseStreamCommand({
        modelId: MODEL,
        contentType: 'application/json',
        body: JSON.stringify({
          anthropic_version: 'bedrock-2023-05-31',
          max_tokens: 400,
          system: system[0]!.text,
          messages: [{ role: 'user', content: [{ type: 'text', text: 'How old do volunteers have to be?' }] }],
        }),
      }),
    );
    const events: { type: string; delta?: { text?: string }; [k: string]: unknown }[] = [];
    for await (const e of res.body!) events.push(JSON.parse(Buffer.from(e.chunk!.bytes!).toString('utf8')));

    // Assess
    expect(events.map((e) => e.type)).toEqual(['message_start', 'content_block_start', ...events.slice(2, -3).map(() => 'content_block_delta'), 'content_block_stop', 'message_delta', 'message_stop']);
    expect(events.filter((e) => e.type === 'content_block_delta').map((e) => e.delta!.text).join('')).toMatch(/^Volunteers must be at least 18 years old/);
    expect(events.at(-1)!['amazon-bedrock-invocationMetrics']).toMatchObject({ outputTokenCount: events.length - 5 });
  });

  it('answers the non-streaming Converse with the same answer', async () => {
    const res = await client.send(new ConverseCommand(ask('When is the resource center open?')));
    expect(res.output!.message!.content![0]!.text).toBe('The Foster Village resource center is open Monday through Friday from 9 AM to 5 PM.');
    expect(res.stopReason).toBe('end_turn');
    expect(res.usage!.outputTokens).toBe(16);
  });

  it('stops at maxTokens with stopReason max_tokens', async () => {
    const events = await collect((await client.send(new ConverseStreamCommand({ ...ask('When is the resource center open?'), inferenceConfig: { maxTokens: 3 } }))).stream!);
    expect(events.filter((e) => e.contentBlockDelta).length).toBe(3);
    expect(events.find((e) => e.messageStop)!.messageStop!.stopReason).toBe('max_tokens');
  });

  it('throttles with HTTP 429, which the SDK raises as its ThrottlingException', async () => {
    // Prepare
    emulator.injectFault({ kind: 'throttle' });

    // Act
    const sent = client.send(new ConverseStreamCommand(ask('When is the resource center open?')));

    // Assess
    await expect(sent).rejects.toBeInstanceOf(ThrottlingException);
    await expect(sent).rejects.toMatchObject({ $metadata: { httpStatusCode: 429 } });
  });

  it('throttles by magic phrase and by model id', async () => {
    const byModel = await startBedrockRuntimeEmulator({ faultsByModel: { 'throttled-model': { kind: 'throttle' } } });
    const other = new BedrockRuntimeClient({ endpoint: byModel.url, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' }, maxAttempts: 1 });
    try {
      await expect(client.send(new ConverseStreamCommand(ask('When are you open? [[fault:throttle]]')))).rejects.toBeInstanceOf(ThrottlingException);
      await expect(other.send(new ConverseStreamCommand({ ...ask('When are you open?'), modelId: 'throttled-model' }))).rejects.toBeInstanceOf(ThrottlingException);
      await expect(other.send(new ConverseStreamCommand(ask('When are you open?')))).resolves.toBeDefined();
    } finally {
      other.destroy();
      await byModel.close();
    }
  });

  it('fails mid-stream after N tokens with an exception frame the SDK raises while iterating', async () => {
    // Prepare
    emulator.injectFault({ kind: 'stream-error', afterTokens: 3 });
    const res = await client.send(new ConverseStreamCommand(ask('When is the resource center open?')));
    const received: string[] = [];

    // Act
    const iterate = (async () => {
      for await (const e of res.stream!) if (e.contentBlockDelta) received.push(e.contentBlockDelta.delta!.text!);
    })();

    // Assess
    await expect(iterate).rejects.toBeInstanceOf(ModelStreamErrorException);
    expect(received).toEqual(['The ', 'Foster ', 'Village ']);
  });

  it('sends the exception type the magic phrase names', async () => {
    const res = await client.send(new ConverseStreamCommand(ask('When is the resource center open? [[fault:stream-error:1:internalServerException]]')));
    await expect(collect(res.stream!)).rejects.toBeInstanceOf(InternalServerException);
  });

  it('refuses a request without messages with the SDK ValidationException', async () => {
    await expect(client.send(new ConverseStreamCommand({ modelId: MODEL, messages: [] }))).rejects.toBeInstanceOf(ValidationException);
  });

  it('is found by the SDK through AWS_ENDPOINT_URL_BEDROCK_RUNTIME, first token after the configured delay', async () => {
    // Prepare
    const previous = process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME;
    process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = emulator.url;
    emulator.setDelays({ firstTokenDelayMs: 150 });
    const fromEnv = new BedrockRuntimeClient({ region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
    try {
      // Act
      const res = await fromEnv.send(new ConverseStreamCommand(ask('When is the resource center open?')));
      const events = await collect(res.stream!);

      // Assess: the delay is in the model's own latency figure (not a wall-clock assertion on the test).
      expect(events.filter((e) => e.contentBlockDelta).length).toBe(16);
      expect(events.at(-1)!.metadata!.metrics!.latencyMs).toBeGreaterThanOrEqual(150);
      expect(emulator.requests.at(-1)).toMatchObject({ operation: 'ConverseStream', modelId: MODEL });
    } finally {
      emulator.setDelays({ firstTokenDelayMs: 0 });
      fromEnv.destroy();
      if (previous === undefined) delete process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME;
      else process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = previous;
    }
  });
});
