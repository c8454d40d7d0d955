import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { loadConfig, SUBMISSIONS_TENANT_TIMESTAMP_INDEX } from '@picasso/shared';
import { parse } from 'yaml';
import { FIELD_CHECKS, MASTER_ROUTES, type ChatSession, type EventsReply, type EventsRequest, type FormSubmissionReply, type FormSubmissionRequest, type Refusal, type RevokeReply, type SessionRequest, type WidgetConfig } from '@picasso/shared/chat-contract';
import type { SpillRecord } from '@picasso/shared/publishing';
import { DEMO_TENANTS, seedTenants } from '@picasso/local-stack';
import { startStreamingFunctionUrlServer, type StreamingFunctionUrlServer } from '@picasso/local-stack/streaming';
import { createTestEnvironment, type TestEnvironment } from '@picasso/local-stack/testing';
import { openApiValidator, type OpenApiDocument } from '@picasso/shared/testing';
import { masterFunctionEnv } from '../src/config';
import { createHandler } from '../src/create-handler';
import { masterDependencies } from '../src/wiring';

const SECRET = 'integration-secret-0123456789-abcdefghij';
const tenant = DEMO_TENANTS[0]!;
const ORIGIN = 'https://widget.example.org';

const openapiDocument = parse(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8')) as OpenApiDocument;
const openapi = openApiValidator(openapiDocument);
const documentedRoutes = openapiDocument.paths;

/** A JSON value's shape: object keys with their shapes, an array by its first item, a leaf by its `typeof`. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length > 0 ? [shapeOf(value[0])] : [];
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v)]));
  return value === null ? 'null' : typeof value;
}

/*
 * One value of each reply type of `@picasso/shared/chat-contract`, every field present: the
 * compiler holds each to its type (no missing or extra field), and the test below holds the
 * function's real replies to the same shape, so a reply that drifts from the shared type fails.
 */
const CONTRACT_SHAPES = {
  config: { tenant_hash: 'h', name: 'n', greeting: 'g', streaming_url: 'u', forms: [{ form_id: 'f', title: 't', fields: [{ name: 'n', label: 'l', type: 'email', required: true, max_length: 1 }] }] } satisfies WidgetConfig,
  session: { token: 't', session_id: 's', expires_at: 'e', streaming_url: 'u' } satisfies ChatSession,
  events: { accepted: 1 } satisfies EventsReply,
  submission: { submission_id: 's', duplicate: false } satisfies FormSubmissionReply,
  revoke: { revoked: true } satisfies RevokeReply,
  refusal: { error: 'e', message: 'm' } satisfies Refusal,
};

describe('master function on the local stack', () => {
  let env: TestEnvironment;
  let server: StreamingFunctionUrlServer;

  /** Starts the function behind a local Function URL; `queueUrl` lets a test point it at a queue that does not exist. */
  async function start(queueUrl: string, overrides: Record<string, string> = {}): Promise<StreamingFunctionUrlServer> {
    const config = loadConfig(masterFunctionEnv, {
      CONFIG_BUCKET: env.names.configBucket,
      EVENTS_QUEUE_URL: queueUrl,
      LAKE_BUCKET: env.names.lakeBucket,
      FORM_SUBMISSIONS_TABLE: env.names.formSubmissionsTable,
      AUDIT_TABLE: env.names.auditTable,
      TOKEN_BLACKLIST_TABLE: env.names.tokenBlacklistTable,
      RATE_LIMIT_TABLE: env.names.conversationsTable,
      STREAMING_URL: 'http://127.0.0.1:9/chat',
      JWT_ISSUER: 'https://auth.picasso.test',
      JWT_AUDIENCE: 'picasso-chat',
      JWT_SECRET: SECRET,
      EVENTS_PER_SESSION_PER_MINUTE: '5',
      MAX_BODY_BYTES: '2048',
      ENVIRONMENT_NAME: env.names.environment,
      ...overrides,
    });
    const metrics = new Metrics({ namespace: 'test', serviceName: 'master-function', logger: { warn: () => undefined, info: () => undefined, error: () => undefined, debug: () => undefined } as never });
    const handler = createHandler({ ...masterDependencies(config, { doc: env.doc, s3: env.s3, sqs: env.sqs, ssm: () => ({ send: () => Promise.reject(new Error('no SSM locally')) }) }, metrics), logger: new Logger({ logLevel: 'SILENT' }), metrics });
    return startStreamingFunctionUrlServer({ handler, functionName: 'master-function' });
  }

  const call = (path: string, init: { method?: string; body?: unknown; token?: string; origin?: string } = {}) =>
    fetch(`${server.url}${path}`, {
      method: init.method ?? 'POST',
      headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.origin ? { origin: init.origin } : {}) },
      ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}),
    });

  async function newSession(): Promise<{ token: string; session_id: string }> {
    const res = await call('/session', { body: { t: tenant.tenant_hash } });
    expect(res.status).toBe(201);
    return (await res.json()) as { token: string; session_id: string };
  }

  async function drainQueue(): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    for (;;) {
      const { Messages } = await env.sqs.send(new ReceiveMessageCommand({ QueueUrl: env.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      if (!Messages?.length) return out;
      out.push(...Messages.map((m) => JSON.parse(m.Body!) as Record<string, unknown>));
    }
  }

  async function spillRecords(): Promise<SpillRecord[]> {
    const listed = await env.s3.send(new ListObjectsV2Command({ Bucket: env.names.lakeBucket, Prefix: 'spill/master-function/' }));
    return Promise.all(
      (listed.Contents ?? []).map(async (o) => JSON.parse(await (await env.s3.send(new GetObjectCommand({ Bucket: env.names.lakeBucket, Key: o.Key! }))).Body!.transformToString()) as SpillRecord),
    );
  }

  /** Everything the function published since the last call: the queue, and the spill for what SQS refused (fauxqs refuses characters above U+FFFF). */
  async function published(spilledBefore: number): Promise<Record<string, unknown>[]> {
    const spilled = (await spillRecords()).flatMap((r) => r.bodies).slice(spilledBefore);
    return [...(await drainQueue()), ...spilled.map((b) => JSON.parse(b) as Record<string, unknown>)];
  }

  const spilledCount = async () => (await spillRecords()).flatMap((r) => r.bodies).length;

  beforeAll(async () => {
    env = await createTestEnvironment('master');
    await seedTenants(env.s3, env.names.configBucket);
    server = await start(env.queueUrl);
  });
  afterAll(() => server?.close());

  it('answers every route in the shape of the shared chat contract the widget reads', async () => {
    // Prepare: the request bodies typed as the widget sends them.
    const sessionRequest: SessionRequest = { t: tenant.tenant_hash };
    const eventsRequest: EventsRequest = { events: [{ event_type: 'WIDGET_OPENED', event_id: 'contract-open-1', step_number: 1, client_timestamp: new Date().toISOString(), event_payload: { trigger: 'launcher' } }] };

    // Act
    const config = await call(`/config?t=${tenant.tenant_hash}`, { method: 'GET' });
    const session = await call('/session', { body: sessionRequest });
    const { token, expires_at } = (await session.clone().json()) as ChatSession;
    const events = await call('/events', { token, body: eventsRequest });
    const served = (await config.clone().json()) as WidgetConfig;
    const form = served.forms.find((f) => f.form_id === 'volunteer_interest')!;
    const submissionRequest: FormSubmissionRequest = { submission_id: 'sub-contract-0001', form_id: form.form_id, values: { first_name: 'Ana', email: 'ana@example.org' }, duration_seconds: 12 };
    const submission = await call('/form_submission', { token, body: submissionRequest });
    const refused = await call('/form_submission', { token, body: { ...submissionRequest, submission_id: 'sub-contract-0002', values: { email: 'not-an-address' } } });
    const revoke = await call('/revoke', { token });

    // Assess
    expect([config.status, session.status, events.status, submission.status, refused.status, revoke.status]).toEqual([200, 201, 202, 201, 400, 200]);
    const replies = { config, session, events, submission, refusal: refused, revoke };
    const shapes = Object.fromEntries(await Promise.all(Object.entries(replies).map(async ([name, res]) => [name, shapeOf(await res.json())])));
    expect(shapes).toEqual(Object.fromEntries(Object.keys(replies).map((name) => [name, shapeOf(CONTRACT_SHAPES[name as keyof typeof CONTRACT_SHAPES])])));
    expect(Number.isNaN(Date.parse(expires_at))).toBe(false);
    expect(form.fields.filter((f) => !(f.type in FIELD_CHECKS))).toEqual([]);
  });

  it('is described by openapi.yaml: the shared route table, every reply and the widget’s request bodies', async () => {
    // Prepare
    const { token } = await newSession();
    const sessionRequest: SessionRequest = { t: tenant.tenant_hash };
    const eventsRequest: EventsRequest = { events: [{ event_type: 'FORM_STARTED', event_id: 'openapi-start-1', step_number: 2, event_payload: { form_id: 'volunteer_interest' } }] };
    const submissionRequest: FormSubmissionRequest = { submission_id: 'sub-openapi-0001', form_id: 'volunteer_interest', values: { first_name: 'Ana' }, duration_seconds: 3 };
    const calls: [path: string, method: string, init: Parameters<typeof call>[1]][] = [
      ['/config', 'GET', { method: 'GET' }],
      ['/config', 'GET', { method: 'GET', origin: ORIGIN }],
      ['/session', 'POST', { body: sessionRequest }],
      ['/session', 'POST', { body: { t: 'zzzz9999' } }],
      ['/events', 'POST', { token, body: eventsRequest }],
      ['/events', 'POST', { token, body: { events: [] } }],
      ['/events', 'POST', { body: eventsRequest }],
      ['/form_submission', 'POST', { token, body: submissionRequest }],
      ['/form_submission', 'POST', { token, body: submissionRequest }],
      ['/form_submission', 'POST', { token, body: { ...submissionRequest, submission_id: 'x' } }],
      ['/revoke', 'POST', { token }],
    ];

    // Act
    const answers = [];
    for (const [path, method, init] of calls) {
      const res = await call(path === '/config' ? `${path}?t=${tenant.tenant_hash}` : path, init);
      answers.push({ path, method, status: res.status, errors: openapi.responseErrors(path, method, res.status, await res.json()) });
    }

    // Assess
    expect(Object.keys(documentedRoutes).sort()).toEqual(Object.values(MASTER_ROUTES).map((r) => r.path).sort());
    expect(Object.values(MASTER_ROUTES).map((r) => Object.keys(documentedRoutes[r.path]!))).toEqual(Object.values(MASTER_ROUTES).map((r) => [r.method.toLowerCase()]));
    expect(answers.map((a) => a.status)).toEqual([200, 403, 201, 404, 202, 400, 401, 201, 200, 400, 200]);
    expect(answers.filter((a) => a.errors !== null)).toEqual([]);
    const feedbackRequest: EventsRequest = { events: [{ event_type: 'MESSAGE_FEEDBACK', event_id: 'vote-1', event_payload: { message_id: 'reply-1', rating: 'down', comment: 'Out of date' } }] };
    expect([openapi.requestErrors('/session', 'POST', sessionRequest), openapi.requestErrors('/events', 'POST', eventsRequest), openapi.requestErrors('/events', 'POST', feedbackRequest), openapi.requestErrors('/form_submission', 'POST', submissionRequest)]).toEqual([null, null, null, null]);
  });

  it('has an OpenAPI document strict enough to refuse a reply that breaks the contract', () => {
    const config = { tenant_hash: 'abcd', name: 'n', greeting: 'g', streaming_url: 'u', forms: [{ form_id: 'f', title: 't', fields: [{ name: 'n', label: 'l', type: 'email', required: true, max_length: 5 }] }] };
    expect(openapi.responseErrors('/config', 'GET', 200, config)).toBeNull();
    expect(openapi.responseErrors('/config', 'GET', 200, { ...config, system_prompt: 'secret' })).not.toBeNull();
    expect(openapi.responseErrors('/config', 'GET', 200, { ...config, forms: [{ ...config.forms[0], fields: [{ ...config.forms[0]!.fields[0], type: 'ssn' }] }] })).not.toBeNull();
    expect(openapi.responseErrors('/session', 'POST', 201, { token: 't', session_id: 's', expires_at: 'tomorrow', streaming_url: 'u' })).not.toBeNull();
  });

  it('serves the public widget config of a known tenant and 404 for an unknown one', async () => {
    const res = await call(`/config?t=${tenant.tenant_hash}`, { method: 'GET' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ tenant_hash: tenant.tenant_hash, name: tenant.name, streaming_url: 'http://127.0.0.1:9/chat' });
    expect(JSON.stringify(body)).not.toMatch(/system_prompt|knowledge_base/);
    const unknown = await call('/config?t=zzzz9999', { method: 'GET' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: 'unknown_tenant' });
  });

  it('issues a session token with an audit item, and refuses it everywhere once revoked', async () => {
    // Prepare
    const { token, session_id } = await newSession();
    expect((await call('/events', { token, body: { events: [{ event_type: 'WIDGET_OPENED', event_payload: {} }] } })).status).toBe(202);

    // Act
    const revoked = await call('/revoke', { token });

    // Assess
    expect(revoked.status).toBe(200);
    const again = await call('/events', { token, body: { events: [{ event_type: 'WIDGET_OPENED', event_payload: {} }] } });
    expect(again.status).toBe(401);
    expect(await again.json()).toMatchObject({ message: 'token has been revoked' });
    const { Items } = await env.doc.send(new ScanCommand({ TableName: env.names.auditTable }));
    expect(Items!.filter((i) => i.session_id === session_id).map((i) => i.action).sort()).toEqual(['session_issued', 'token_revoked']);
  });

  it('sends widget events with the tenant and session of the token, and rate-limits a session', async () => {
    // Prepare
    await drainQueue();
    const { token, session_id } = await newSession();

    // Act
    const accepted = await call('/events', { token, body: { events: [{ event_type: 'FORM_STARTED', event_payload: { form_id: 'volunteer_interest' } }] } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await call('/events', { token, body: { events: [{ event_type: 'WIDGET_OPENED', event_payload: {} }] } })).status);

    // Assess
    expect(accepted.status).toBe(202);
    expect(statuses).toEqual([202, 202, 202, 202, 429]);
    const events = await drainQueue();
    expect(events.find((e) => e.event_type === 'FORM_STARTED')).toMatchObject({ tenant_hash: tenant.tenant_hash, tenant_id: tenant.tenant_id, session_id });
  });

  it('refuses with a reason: a bad event, a body over the cap, an origin the tenant does not allow', async () => {
    const { token } = await newSession();
    const bad = await call('/events', { token, body: { events: [{ event_type: 'MESSAGE_SENT', event_payload: {} }] } });
    expect([bad.status, ((await bad.json()) as { error: string }).error]).toEqual([400, 'event_type_not_allowed']);
    const big = await call('/events', { token, body: 'x'.repeat(3000) });
    expect([big.status, ((await big.json()) as { error: string }).error]).toEqual([413, 'body_too_large']);
    const foreign = await call(`/config?t=${tenant.tenant_hash}`, { method: 'GET', origin: ORIGIN });
    expect([foreign.status, ((await foreign.json()) as { error: string }).error]).toEqual([403, 'origin_not_allowed']);
    expect((await call('/session', { method: 'GET' })).status).toBe(405);
  });

  it('stores a form submission once and emits FORM_COMPLETED without any field value', async () => {
    // Prepare
    await drainQueue();
    const { token, session_id } = await newSession();
    const values = { first_name: 'Zyxwvut', email: 'zyxwvut@example.org', comments: 'call me at 512-555-0199' };
    const submission = { submission_id: 'sub-0a1b2c3d4e5f', form_id: 'volunteer_interest', values, duration_seconds: 75 };

    // Act
    const first = await call('/form_submission', { token, body: submission });
    const retry = await call('/form_submission', { token, body: submission });

    // Assess
    expect([first.status, retry.status]).toEqual([201, 200]);
    const stored = await env.doc.send(
      new QueryCommand({ TableName: env.names.formSubmissionsTable, IndexName: SUBMISSIONS_TENANT_TIMESTAMP_INDEX, KeyConditionExpression: 'tenant_id = :t', ExpressionAttributeValues: { ':t': tenant.tenant_id } }),
    );
    // This session's items only: other tests store submissions for the same tenant.
    expect(stored.Items!.filter((i) => i.session_id === session_id)).toEqual([expect.objectContaining({ submission_id: 'sub-0a1b2c3d4e5f', session_id, form_id: 'volunteer_interest', form_data: values })]);
    const events = (await drainQueue()).filter((e) => e.event_type === 'FORM_COMPLETED');
    expect(events.map((e) => e.event_id)).toEqual(['form_completed:sub-0a1b2c3d4e5f', 'form_completed:sub-0a1b2c3d4e5f']);
    expect(events[0]!.event_payload).toEqual({ form_id: 'volunteer_interest', form_label: 'Volunteer Interest Form', fields_completed: 3, submission_id: 'sub-0a1b2c3d4e5f', duration_seconds: 75 });
    for (const v of Object.values(values)) expect(JSON.stringify(events)).not.toContain(v);
  });

  it('refuses values that do not fit the tenant form, naming the field but not the value', async () => {
    const { token } = await newSession();
    const res = await call('/form_submission', { token, body: { submission_id: 'sub-bad-00000001', form_id: 'volunteer_interest', values: { email: 'not-an-address-qq' } } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; message: string };
    expect(body).toMatchObject({ error: 'invalid_form_values', message: 'email is not an e-mail address' });
  });

  it('spills events to the lake bucket when SQS is unavailable, and still answers', async () => {
    // Prepare: the same function pointed at a queue that does not exist
    const broken = await start(env.queueUrl.replace(/[^/]+$/, 'no-such-queue'));
    const swap = server;
    server = broken;
    try {
      const { token } = await newSession();

      // Act
      const res = await call('/events', { token, body: { events: [{ event_type: 'WIDGET_OPENED', event_id: 'spilled-widget-open-1', event_payload: { trigger: 'launcher' } }] } });

      // Assess
      expect(res.status).toBe(202);
      const records = await spillRecords();
      expect(records.flatMap((r) => r.bodies).map((b) => (JSON.parse(b) as { event_id: string }).event_id)).toContain('spilled-widget-open-1');
      expect(records[0]).toMatchObject({ producer: 'master-function', reason: expect.any(String) });
    } finally {
      server = swap;
      await broken.close();
    }
  });

  it('publishes MESSAGE_FEEDBACK with the token’s tenant and session, the comment redacted, and a retried vote once', async () => {
    // Prepare
    await drainQueue();
    const { token, session_id } = await newSession();
    const vote = (eventId: string, rating: 'up' | 'down', comment?: string) => ({
      events: [{ event_type: 'MESSAGE_FEEDBACK', event_id: eventId, tenant_hash: 'forged0000', session_id: 'forged', step_number: 3, event_payload: { message_id: 'reply-0001', rating, ...(comment ? { comment } : {}) } }],
    });
    const body = vote('vote-a', 'down', 'Wrong address. Write to zyx.qwv@example.org or call 512-555-0199');

    // Act: the first vote, its retry, then a changed vote
    const statuses = [];
    for (const b of [body, body, vote('vote-b', 'up')]) statuses.push((await call('/events', { token, body: b })).status);

    // Assess
    expect(statuses).toEqual([202, 202, 202]);
    const events = (await drainQueue()).filter((e) => e.event_type === 'MESSAGE_FEEDBACK');
    expect(events).toHaveLength(3);
    expect(new Set(events.map((e) => e.event_id)).size).toBe(2);
    expect(events[0]).toMatchObject({ tenant_id: tenant.tenant_id, tenant_hash: tenant.tenant_hash, session_id, schema_version: '1.0.0' });
    expect(events[0]!.event_payload).toEqual({ message_id: 'reply-0001', rating: 'down', comment: 'Wrong address. Write to [EMAIL] or call [PHONE]' });
    expect(events[2]!.event_payload).toEqual({ message_id: 'reply-0001', rating: 'up' });
    expect(JSON.stringify(events)).not.toMatch(/zyx\.qwv|555-0199/);
  });

  it('refuses bad feedback with a 4xx naming the problem', async () => {
    const { token } = await newSession();
    const send = async (payload: unknown) => {
      const res = await call('/events', { token, body: { events: [{ event_type: 'MESSAGE_FEEDBACK', event_payload: payload }] } });
      return `${res.status} ${((await res.json()) as { error: string }).error}`;
    };
    expect(await send({ message_id: 'bad id!', rating: 'up' })).toBe('400 invalid_message_id');
    expect(await send({ message_id: 'reply-1', rating: 'meh' })).toBe('400 invalid_rating');
    expect(await send({ message_id: 'reply-1', rating: 'down', comment: { text: 'x' } })).toBe('400 invalid_comment');
  });

  describe('with hostile feedback bodies (fast-check, fixed seed; FC_SEED to vary)', () => {
    const PII = ['zyx.qwv@example.org', '512-555-0199', '4111 1111 1111 1111', '219-09-9999'];
    let roomy: StreamingFunctionUrlServer;
    beforeAll(async () => {
      // Room for huge comments and many calls: the body cap and rate limit have their own tests.
      roomy = await start(env.queueUrl, { MAX_BODY_BYTES: '262144', EVENTS_PER_SESSION_PER_MINUTE: '100000' });
    });
    afterAll(() => roomy?.close());

    const textArb = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('😀🙋‍♀️', '\u0000\ud800', '[EMA', '\uFFFF'));
    const commentArb = fc.oneof(
      { weight: 4, arbitrary: fc.array(fc.oneof(textArb, fc.constantFrom(...PII)), { maxLength: 8 }).map((parts) => parts.join(' ')) },
      { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 400, max: 20_000 }), fc.constantFrom(...PII)).map(([n, pii]) => `${'ü😀 '.repeat(n / 3)} ${pii} `.repeat(2)) },
      { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
    );
    /** Mostly `good`, sometimes anything at all. */
    const mostly = <T,>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 8, arbitrary: good }, { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) });
    const payloadArb = fc.oneof(
      { weight: 6, arbitrary: fc.record({ message_id: mostly(fc.stringMatching(/^[A-Za-z0-9_:.-]{1,128}$/)), rating: mostly(fc.constantFrom('up', 'down')), comment: commentArb }, { requiredKeys: ['message_id', 'rating'] }) },
      { weight: 1, arbitrary: fc.anything({ maxDepth: 4 }) },
    );
    const eventArb = fc.record(
      { event_type: mostly(fc.constant('MESSAGE_FEEDBACK')), event_id: mostly(fc.uuid()), step_number: mostly(fc.nat(200)), client_timestamp: mostly(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString())), event_payload: payloadArb },
      { requiredKeys: ['event_type', 'event_payload'] },
    );
    const bodyArb = fc.oneof(
      { weight: 6, arbitrary: fc.array(eventArb, { minLength: 1, maxLength: 3 }).map((events) => JSON.stringify({ events })) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify({ events: [v] })) },
      { weight: 1, arbitrary: fc.nat(3000).map((depth) => `{"events":[${'['.repeat(depth)}${']'.repeat(depth)}]}`) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    );

    it('never fails the request (always a 2xx or a 4xx with a reason) and never publishes or echoes PII', async () => {
      const { token } = await newSession();
      await drainQueue();
      let redactedComments = 0;
      await fc.assert(
        fc.asyncProperty(bodyArb, async (body) => {
          // Prepare
          const before = await spilledCount();

          // Act
          const res = await fetch(`${roomy.url}/events`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });

          // Assess
          const reply = await res.text();
          expect([202, 400]).toContain(res.status);
          if (res.status !== 202) expect(JSON.parse(reply)).toEqual({ error: expect.any(String), message: expect.any(String) });
          const events = await published(before);
          expect(events).toHaveLength(res.status === 202 ? (JSON.parse(reply) as EventsReply).accepted : 0);
          for (const e of events) {
            expect(e).toMatchObject({ tenant_id: tenant.tenant_id, session_id: expect.any(String) });
            const comment = (e.event_payload as { comment?: string }).comment;
            if (comment !== undefined) expect(Array.from(comment).length).toBeLessThanOrEqual(500);
            if (comment && /\[(EMAIL|PHONE|CARD|SSN)\]/.test(comment)) redactedComments += 1;
          }
          for (const pii of PII) expect(`${reply}${JSON.stringify(events)}`).not.toContain(pii);
        }),
        { numRuns: 60, seed: Number(process.env.FC_SEED ?? 1402) },
      );
      // The property saw PII reach the published path, not only refusals.
      expect(redactedComments).toBeGreaterThan(5);
    }, 120_000);
  });
});
