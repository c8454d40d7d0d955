import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { loadConfig, SUBMISSIONS_TENANT_TIMESTAMP_INDEX } from '@picasso/shared';
import type { SpillRecord } from '@picasso/shared/publishing';
import { DEMO_TENANTS, seedTenants } from '@picasso/local-stack';
import { startStreamingFunctionUrlServer, type StreamingFunctionUrlServer } from '@picasso/local-stack/streaming';
import { createTestEnvironment, type TestEnvironment } from '@picasso/local-stack/testing';
import { masterFunctionEnv } from '../src/config';
import { createHandler } from '../src/create-handler';
import { masterDependencies } from '../src/wiring';

const SECRET = 'integration-secret-0123456789-abcdefghij';
const tenant = DEMO_TENANTS[0]!;
const ORIGIN = 'https://widget.example.org';

describe('master function on the local stack', () => {
  let env: TestEnvironment;
  let server: StreamingFunctionUrlServer;

  /** Starts the function behind a local Function URL; `queueUrl` lets a test point it at a queue that does not exist. */
  async function start(queueUrl: string): Promise<StreamingFunctionUrlServer> {
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

  beforeAll(async () => {
    env = await createTestEnvironment('master');
    await seedTenants(env.s3, env.names.configBucket);
    server = await start(env.queueUrl);
  });
  afterAll(() => server?.close());

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
    expect(stored.Items).toEqual([expect.objectContaining({ submission_id: 'sub-0a1b2c3d4e5f', session_id, form_id: 'volunteer_interest', form_data: values })]);
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
      const listed = await env.s3.send(new ListObjectsV2Command({ Bucket: env.names.lakeBucket, Prefix: 'spill/master-function/' }));
      const records = await Promise.all(
        (listed.Contents ?? []).map(async (o) => JSON.parse(await (await env.s3.send(new GetObjectCommand({ Bucket: env.names.lakeBucket, Key: o.Key! }))).Body!.transformToString()) as SpillRecord),
      );
      expect(records.flatMap((r) => r.bodies).map((b) => (JSON.parse(b) as { event_id: string }).event_id)).toContain('spilled-widget-open-1');
      expect(records[0]).toMatchObject({ producer: 'master-function', reason: expect.any(String) });
    } finally {
      server = swap;
      await broken.close();
    }
  });
});
