import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { createLogger, loadConfig } from '@picasso/shared';
import { DynamoDbTokenRevoker, signChatToken, StaticSigningSecret } from '@picasso/shared/auth';
import type { SpillRecord } from '@picasso/shared/publishing';
import { DEMO_TENANTS, seedTenants } from '@picasso/local-stack';
import { startBedrockRuntimeEmulator, type BedrockRuntimeEmulator } from '@picasso/local-stack/bedrock';
import { startKnowledgeBaseEmulator, type KnowledgeBaseEmulator } from '@picasso/local-stack/knowledge-base';
import { lambdaLogGroupName, readLogGroup, startLogCapture, type LogCapture } from '@picasso/local-stack/log-capture';
import { startStreamingFunctionUrlServer, type StreamingFunctionUrlServer } from '@picasso/local-stack/streaming';
import { installAwsLambdaGlobal } from '@picasso/local-stack/streaming-response';
import { createTestEnvironment, type TestEnvironment } from '@picasso/local-stack/testing';
import { streamingHandlerEnv } from '../src/config';
import { createStreamingHandler } from '../src/create-handler';
import { lambdaStreaming } from '../src/lambda-streaming';
import { redact } from '../src/redaction';
import { parseSse } from '../src/sse';
import { streamingDependencies } from '../src/wiring';

const SECRET = 'integration-secret-0123456789-abcdefghij';
const ISSUER = 'https://auth.picasso.test';
const AUDIENCE = 'picasso-chat';
const FUNCTION = 'test-bedrock-streaming-handler';
const tenant = DEMO_TENANTS[0]!;

describe('bedrock streaming handler on the local stack', () => {
  let env: TestEnvironment;
  let bedrock: BedrockRuntimeEmulator;
  let kb: KnowledgeBaseEmulator;
  let logs: LogCapture;
  let logsDir: string;
  const servers: StreamingFunctionUrlServer[] = [];

  async function start(queueUrl: string): Promise<StreamingFunctionUrlServer> {
    installAwsLambdaGlobal();
    const config = loadConfig(streamingHandlerEnv, {
      CONFIG_BUCKET: env.names.configBucket,
      EVENTS_QUEUE_URL: queueUrl,
      LAKE_BUCKET: env.names.lakeBucket,
      CONVERSATIONS_TABLE: env.names.conversationsTable,
      TOKEN_BLACKLIST_TABLE: env.names.tokenBlacklistTable,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      JWT_SECRET: SECRET,
      DEFAULT_MODEL_ID: 'anthropic.claude-3-haiku-20240307-v1:0',
      FIRST_TOKEN_TIMEOUT_MS: '5000',
      ENVIRONMENT_NAME: env.names.environment,
    });
    const logger = createLogger('bedrock-streaming-handler');
    logger.setLogLevel('INFO');
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    // One attempt: a throttle injected once must reach the handler, not be retried away by the SDK.
    const clients = {
      doc: env.doc,
      s3: env.s3,
      sqs: env.sqs,
      ssm: () => ({ send: () => Promise.reject(new Error('no SSM locally')) }),
      bedrock: new BedrockRuntimeClient({ endpoint: bedrock.url, region: 'us-east-1', credentials, maxAttempts: 1 }),
      knowledgeBases: new BedrockAgentRuntimeClient({ endpoint: kb.url, region: 'us-east-1', credentials, maxAttempts: 1 }),
    };
    const metrics = new Metrics({ namespace: 'test', serviceName: 'bedrock-streaming-handler' });
    const handler = lambdaStreaming().streamifyResponse(createStreamingHandler({ ...streamingDependencies(config, clients, { logger, metrics }, redact), streaming: lambdaStreaming() }));
    const server = await startStreamingFunctionUrlServer({ handler, functionName: FUNCTION, logs });
    servers.push(server);
    return server;
  }

  async function token(sessionId: string): Promise<{ token: string; tokenId: string; expiresAt: number }> {
    return signChatToken({ tenantId: tenant.tenant_id, tenantHash: tenant.tenant_hash, sessionId, issuer: ISSUER, audience: AUDIENCE, lifetimeSeconds: 600, now: new Date() }, await new StaticSigningSecret(SECRET).key());
  }

  async function turn(server: StreamingFunctionUrlServer, bearer: string, message: string) {
    const res = await fetch(server.url, { method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: JSON.stringify({ message, step_number: 1 }) });
    return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
  }

  async function drainQueue(): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    for (;;) {
      const { Messages } = await env.sqs.send(new ReceiveMessageCommand({ QueueUrl: env.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      if (!Messages?.length) return out;
      out.push(...Messages.map((m) => JSON.parse(m.Body!) as Record<string, unknown>));
    }
  }

  function qaLines(): Record<string, unknown>[] {
    return readLogGroup(logsDir, lambdaLogGroupName(FUNCTION))
      .map((e) => e.message)
      .filter((m) => m.includes('"QA_COMPLETE"'))
      .map((m) => JSON.parse(m) as Record<string, unknown>);
  }

  let server: StreamingFunctionUrlServer;
  beforeAll(async () => {
    env = await createTestEnvironment('chat');
    await seedTenants(env.s3, env.names.configBucket);
    bedrock = await startBedrockRuntimeEmulator({ firstTokenDelayMs: 20, tokenDelayMs: 2 });
    kb = await startKnowledgeBaseEmulator({ s3: env.s3, configBucket: env.names.configBucket });
    logsDir = mkdtempSync(join(tmpdir(), 'chat-logs-'));
    logs = startLogCapture({ logsDir });
    server = await start(env.queueUrl);
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await bedrock?.close();
    await kb?.close();
    logs?.stop();
    rmSync(logsDir, { recursive: true, force: true });
  });

  it('streams tokens whose concatenation is the answer; the MESSAGE events and the QA_COMPLETE line agree on timings', async () => {
    // Prepare
    await drainQueue();
    const { token: bearer } = await token('sess-answer-1');

    // Act
    const res = await turn(server, bearer, 'Where can I drop off donations?');

    // Assess
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^text\/event-stream/);
    const frames = parseSse(res.text);
    const tokens = frames.filter((f) => f.event === 'token').map((f) => (f.data as { text: string }).text);
    expect(tokens.length).toBeGreaterThan(3);
    const answer = tokens.join('');
    expect(answer).toBe(bedrock.requests.at(-1)!.answer);
    expect(answer).toMatch(/dropped off/i);
    const done = frames.at(-1)!;
    expect(done.event).toBe('done');
    const { message_id, first_token_ms, response_time_ms, total_time_ms } = done.data as Record<string, number | string>;
    expect(done.data).toMatchObject({ knowledge_base_used: true, sources: expect.arrayContaining([expect.stringContaining('donations')]) });

    const events = await drainQueue();
    const sent = events.find((e) => e.event_id === `${String(message_id)}:sent`)!;
    const received = events.find((e) => e.event_id === `${String(message_id)}:received`)!;
    expect(sent).toMatchObject({ event_type: 'MESSAGE_SENT', session_id: 'sess-answer-1', tenant_hash: tenant.tenant_hash, event_payload: { content_preview: 'Where can I drop off donations?', character_count: 31, word_count: 6 } });
    // Token usage from the ConverseStream `metadata` event, as the production SDK client parses it off the wire
    const { usage } = bedrock.requests.at(-1)!;
    expect(usage.inputTokens).toBeGreaterThan(0);
    expect(received.schema_version).toBe('1.1.0');
    expect(received.event_payload).toEqual({
      content_preview: answer,
      first_token_ms,
      response_time_ms,
      total_time_ms,
      model_id: tenant.chat.model_id,
      knowledge_base_used: true,
      message_id,
      input_tokens: usage.inputTokens,
      output_tokens: usage.outputTokens,
    });
    const [qa] = qaLines().filter((l) => l.message_id === message_id);
    expect(qa).toMatchObject({ session_id: 'sess-answer-1', first_token_ms, response_time_ms, total_time_ms, knowledge_base_used: true, knowledge_base_id: tenant.chat.knowledge_base_id, outcome: 'answered', answer_redacted: answer });
    const session = await env.doc.send(new GetCommand({ TableName: env.names.conversationsTable, Key: { conversation_id: 'sess-answer-1' } }));
    expect(session.Item).toMatchObject({ tenant_id: tenant.tenant_id, turn_count: 1, answered_count: 1, last_message_id: message_id });
  });

  it('gives an SSE error with a user-safe message when the model is throttled, and still records the visitor message', async () => {
    // Prepare
    await drainQueue();
    const { token: bearer } = await token('sess-throttled-1');
    bedrock.injectFault({ kind: 'throttle' }, 1);

    // Act
    const res = await turn(server, bearer, 'What are your hours?');

    // Assess
    const frames = parseSse(res.text);
    expect(frames.map((f) => f.event)).toEqual(['error']);
    expect(frames[0]!.data).toMatchObject({ code: 'throttled', message: 'The assistant is busy right now. Please try again in a moment.' });
    const messageId = (frames[0]!.data as { message_id: string }).message_id;
    expect((await drainQueue()).map((e) => e.event_id)).toEqual([`${messageId}:sent`]);
    expect(qaLines().find((l) => l.message_id === messageId)).toMatchObject({ outcome: 'failed', failure: 'throttled' });
  });

  it('ends with an SSE error when the model fails mid-stream, after the tokens already sent', async () => {
    await drainQueue();
    const { token: bearer } = await token('sess-midstream-1');
    bedrock.injectFault({ kind: 'stream-error', afterTokens: 2 }, 1);
    const frames = parseSse((await turn(server, bearer, 'How do I become a volunteer?')).text);
    expect(frames.map((f) => f.event)).toEqual(['token', 'token', 'error']);
    expect((await drainQueue()).map((e) => e.event_type)).toEqual(['MESSAGE_SENT']);
  });

  it('records a turn whose client disconnected mid-stream, marked interrupted', async () => {
    // Prepare: slow tokens so the client can leave in the middle
    await drainQueue();
    bedrock.setDelays({ firstTokenDelayMs: 10, tokenDelayMs: 80 });
    const { token: bearer } = await token('sess-gone-1');
    const controller = new AbortController();

    // Act: read the first token, then hang up
    const res = await fetch(server.url, { method: 'POST', headers: { authorization: `Bearer ${bearer}` }, body: JSON.stringify({ message: 'Where can I drop off donations?' }), signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    await reader.cancel().catch(() => undefined);

    // Assess: the handler notices, stops, and records the turn
    const deadline = Date.now() + 10_000;
    let qa: Record<string, unknown> | undefined;
    while (!qa && Date.now() < deadline) {
      qa = qaLines().find((l) => l.session_id === 'sess-gone-1');
      if (!qa) await new Promise((r) => setTimeout(r, 50));
    }
    bedrock.setDelays({ firstTokenDelayMs: 20, tokenDelayMs: 2 });
    expect(qa).toMatchObject({ outcome: 'interrupted' });
    const events = await drainQueue();
    const mine = events.filter((e) => e.session_id === 'sess-gone-1');
    expect(mine.map((e) => e.event_type).sort()).toEqual(['MESSAGE_RECEIVED', 'MESSAGE_SENT']);
    // The stream was cut before its metadata event: tokens unknown, published as 1.0.0 rather than zero
    const received = mine.find((e) => e.event_type === 'MESSAGE_RECEIVED')!;
    expect(received.schema_version).toBe('1.0.0');
    expect(received.event_payload).not.toHaveProperty('input_tokens');
    const session = await env.doc.send(new GetCommand({ TableName: env.names.conversationsTable, Key: { conversation_id: 'sess-gone-1' } }));
    expect(session.Item).toMatchObject({ interrupted_count: 1, last_outcome: 'interrupted' });
  });

  it('refuses a revoked token before streaming', async () => {
    // Prepare
    const signed = await token('sess-revoked-1');
    await new DynamoDbTokenRevoker(env.doc, env.names.tokenBlacklistTable, 30).revoke(signed.token, signed.tokenId, signed.expiresAt);

    // Act
    const res = await turn(server, signed.token, 'hello');

    // Assess
    expect(res.status).toBe(401);
    expect(JSON.parse(res.text)).toMatchObject({ error: 'unauthorized', message: 'token has been revoked' });
  });

  it('redacts only the PII of an emoji question, and spills the events when SQS refuses them', async () => {
    // Prepare: the local SQS (fauxqs, unpatched) refuses characters above U+FFFF; those events must land in the spill, intact
    await drainQueue();
    const { token: bearer } = await token('sess-emoji-1');
    const question = 'Can I volunteer 🙋‍♀️🎉 on weekends? mail me at ana.perez@example.org or call 512-555-0199';

    // Act
    const frames = parseSse((await turn(server, bearer, question)).text);

    // Assess
    const messageId = (frames.at(-1)!.data as { message_id: string }).message_id;
    const queued = await drainQueue();
    const spilled = await spilledBodies('bedrock-streaming-handler');
    const sent = [...queued, ...spilled].find((e) => e.event_id === `${messageId}:sent`);
    expect(sent).toBeDefined();
    expect((sent!.event_payload as { content_preview: string }).content_preview).toBe('Can I volunteer 🙋‍♀️🎉 on weekends? mail me at [EMAIL] or call [PHONE]');
    expect(qaLines().find((l) => l.message_id === messageId)!.question_redacted).toBe('Can I volunteer 🙋‍♀️🎉 on weekends? mail me at [EMAIL] or call [PHONE]');
    expect(readLogGroup(logsDir, lambdaLogGroupName(FUNCTION)).some((e) => e.message.includes('ana.perez@example.org'))).toBe(false);
  });

  it('spills the turn events to the lake bucket when SQS is unavailable, and the visitor still gets the answer', async () => {
    // Prepare
    const broken = await start(env.queueUrl.replace(/[^/]+$/, 'no-such-queue'));
    const { token: bearer } = await token('sess-spill-1');

    // Act
    const frames = parseSse((await turn(broken, bearer, 'Where can I drop off donations?')).text);

    // Assess
    expect(frames.at(-1)!.event).toBe('done');
    const messageId = (frames.at(-1)!.data as { message_id: string }).message_id;
    const ids = (await spilledBodies('bedrock-streaming-handler')).map((e) => e.event_id);
    expect(ids).toEqual(expect.arrayContaining([`${messageId}:sent`, `${messageId}:received`]));
  });

  async function spilledBodies(producer: string): Promise<Record<string, unknown>[]> {
    const listed = await env.s3.send(new ListObjectsV2Command({ Bucket: env.names.lakeBucket, Prefix: `spill/${producer}/` }));
    const records = await Promise.all(
      (listed.Contents ?? []).map(async (o) => JSON.parse(await (await env.s3.send(new GetObjectCommand({ Bucket: env.names.lakeBucket, Key: o.Key! }))).Body!.transformToString()) as SpillRecord),
    );
    return records.flatMap((r) => r.bodies.map((b) => JSON.parse(b) as Record<string, unknown>));
  }
});
