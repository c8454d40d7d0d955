import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createS3Client, LAKE_PREFIX } from '@picasso/shared';
import { DEMO_TENANTS } from '@picasso/local-stack';
import { chatPart } from '../src/chat-part';
import { startSystem, type RunningSystem } from '../src/system';

/**
 * The chat path end to end on the `make dev` system (free ports): the master function's and the
 * streaming handler's bundles, the processor bundle behind the emulated SQS trigger, the lake.
 */
describe('the chat path into the lake', () => {
  const tenant = DEMO_TENANTS[0]!;
  let dir: string;
  let system: RunningSystem;
  let master: string;
  let streaming: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chat-e2e-'));
    process.env.BEDROCK_FIRST_TOKEN_MS = '5';
    process.env.BEDROCK_TOKEN_MS = '1';
    system = await startSystem({ dir, awsPort: 0, dynamoPort: 0, processor: { batchSize: 10, batchingWindowMs: 200 } }, [chatPart]);
    ({ master, streaming } = system.urls as { master: string; streaming: string });
  });

  afterAll(async () => {
    await system?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function lakeRows(): Promise<Record<string, unknown>[]> {
    const s3 = createS3Client();
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: system.names.lakeBucket, Prefix: `${LAKE_PREFIX}tenant_id=${tenant.tenant_id}/` }));
    // Lake objects are gzipped JSON lines.
    const texts = await Promise.all(
      (listed.Contents ?? []).map(async (o) => gunzipSync(await (await s3.send(new GetObjectCommand({ Bucket: system.names.lakeBucket, Key: o.Key! }))).Body!.transformToByteArray()).toString('utf8')),
    );
    return texts.flatMap((t) => t.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>));
  }

  it('puts a chat turn and a form submission in the lake: MESSAGE timings as streamed, FORM_COMPLETED without any field value', async () => {
    // Prepare
    const session = (await (await fetch(`${master}/session`, { method: 'POST', body: JSON.stringify({ t: tenant.tenant_hash }) })).json()) as { token: string; session_id: string };
    const auth = { authorization: `Bearer ${session.token}` };
    const values = { first_name: 'Qwertyuiop', email: 'qwertyuiop@example.org', comments: 'Weekends only' };

    // Act
    const sse = await (await fetch(streaming, { method: 'POST', headers: auth, body: JSON.stringify({ message: 'Where can I drop off donations?' }) })).text();
    const submitted = await fetch(`${master}/form_submission`, { method: 'POST', headers: auth, body: JSON.stringify({ submission_id: 'e2e-sub-000001', form_id: 'volunteer_interest', values }) });
    await system.waitUntilQueueDrained();

    // Assess
    expect(submitted.status).toBe(201);
    const done = JSON.parse(sse.split('event: done\ndata: ')[1]!.split('\n')[0]!) as Record<string, number | string>;
    const rows = (await lakeRows()).filter((r) => r.session_id === session.session_id);
    const byType = (type: string) => rows.filter((r) => r.event_type === type);
    expect(byType('MESSAGE_SENT')).toHaveLength(1);
    const received = byType('MESSAGE_RECEIVED');
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!.event_payload as string)).toMatchObject({ first_token_ms: done.first_token_ms, response_time_ms: done.response_time_ms, total_time_ms: done.total_time_ms, knowledge_base_used: true });
    const completed = byType('FORM_COMPLETED');
    expect(completed).toHaveLength(1);
    expect(JSON.parse(completed[0]!.event_payload as string)).toMatchObject({ form_id: 'volunteer_interest', submission_id: 'e2e-sub-000001', fields_completed: 3 });
    for (const v of Object.values(values)) expect(JSON.stringify(rows)).not.toContain(v);
  });

  it('refuses a token revoked through the master function in both services', async () => {
    // Prepare
    const { token } = (await (await fetch(`${master}/session`, { method: 'POST', body: JSON.stringify({ t: tenant.tenant_hash }) })).json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };

    // Act
    const revoked = await fetch(`${master}/revoke`, { method: 'POST', headers: auth });

    // Assess
    expect(revoked.status).toBe(200);
    const chat = await fetch(streaming, { method: 'POST', headers: auth, body: JSON.stringify({ message: 'hello' }) });
    const events = await fetch(`${master}/events`, { method: 'POST', headers: auth, body: JSON.stringify({ events: [{ event_type: 'WIDGET_OPENED', event_payload: {} }] }) });
    expect([chat.status, events.status]).toEqual([401, 401]);
    expect(await chat.json()).toMatchObject({ message: 'token has been revoked' });
  });
});
