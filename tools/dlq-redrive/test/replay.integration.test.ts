/**
 * `replay` end to end on the local stack, with the processor's Lambda bundle as `make dev` runs
 * it: an event for a tenant without a mapping is quarantined; once the mapping exists a replay
 * lands it in the lake once; a second replay (and even a re-send after a lost marker) leaves the
 * shipped rollup SQL counting it once. The producer spill replays the same way.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CopyObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { mappingKey, tenantHourlyRollupQuery, type AnalyticsEvent } from '@picasso/shared';
import { DuckDbQueryEngine } from '@picasso/shared/duckdb';
import { buildEvent } from '@picasso/shared/testing';
import { SqsEventSourcePoller, type SqsHandler } from '@picasso/local-stack';
import { S3ReplayStore, SqsReplayTarget } from '../src/adapters/s3-replay-store';
import { parseCliArgs, type CliArgs } from '../src/args';
import type { ReplayTarget } from '../src/ports';
import { runReplayCommand } from '../src/replay-command';
import { cliProcess, createTestEnvironment, type TestEnvironment } from './queue-fixtures';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** A tenant the demo seed does not map: its events are quarantined as unknown_tenant until it is. */
const LATE = { tenant_id: 'LATE100200', tenant_hash: 'la7e5e1c7a9b3d' };
const FOS = { tenant_id: 'FOS402334', tenant_hash: 'fo85e6a06dcdf4' };

/**
 * The processor's Lambda bundle with the test environment's configuration, imported afresh: a
 * cold start, as after the processor's 60 s negative tenant cache (a new mapping is seen at once).
 */
async function coldProcessor(env: TestEnvironment): Promise<SqsHandler> {
  const bundle = join(repoRoot, 'dist', 'analytics-event-processor', 'index.mjs');
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run make build-analytics-event-processor`);
  Object.assign(process.env, {
    LAKE_BUCKET: env.names.lakeBucket,
    CONFIG_BUCKET: env.names.configBucket,
    DIRTY_PARTITIONS_TABLE: env.names.dirtyPartitionsTable,
    POWERTOOLS_SERVICE_NAME: 'analytics-event-processor',
  });
  return ((await import(`${pathToFileURL(bundle).href}?t=${randomUUID()}`)) as { handler: SqsHandler }).handler;
}

/** Runs the processor over the events queue until it is empty (the emulated event source mapping). */
async function processQueue(env: TestEnvironment, handler: SqsHandler): Promise<void> {
  const poller = new SqsEventSourcePoller({
    sqs: env.sqs,
    queueUrl: env.queueUrl,
    queueArn: env.queueArn,
    handler,
    functionName: env.names.functions['analytics-event-processor'],
    batchSize: 10,
    maxBatchingWindowMs: 0,
  });
  while ((await poller.pollOnce()) > 0);
}

async function keys(env: TestEnvironment, prefix: string): Promise<string[]> {
  const { Contents } = await env.s3.send(new ListObjectsV2Command({ Bucket: env.names.lakeBucket, Prefix: prefix }));
  return (Contents ?? []).map((c) => c.Key!).sort();
}

interface Run {
  code: number;
  out: string;
  err: string;
  /** Messages the run sent, and how often it waited on the rate limiter. */
  sent: number;
  paced: number;
}

/** Runs `replay …` in-process with the real S3 and SQS adapters, as cli.ts wires them. */
async function replayCli(env: TestEnvironment, argv: string[], target?: ReplayTarget): Promise<Run> {
  const args = parseCliArgs([...argv, '--env', env.names.environment]) as CliArgs;
  const run: Run = { code: -1, out: '', err: '', sent: 0, paced: 0 };
  const sqs = new SqsReplayTarget(env.sqs, env.queueUrl);
  run.code = await runReplayCommand({
    store: new S3ReplayStore(env.s3, env.names.lakeBucket),
    target: target ?? { send: async (body) => (await sqs.send(body), void (run.sent += 1)) },
    args,
    io: { out: (t) => void (run.out += `${t}\n`), err: { write: (t) => void (run.err += t), isTTY: false } },
    bucket: env.names.lakeBucket,
    queueName: env.names.eventsQueue,
    limiter: { take: async () => void (run.paced += 1) },
  });
  return run;
}

/** The shipped rollup SQL over one tenant's day: messages sent, counted the way the dashboards count them. */
async function rollupMessagesSent(env: TestEnvironment, tenantId: string, day: string): Promise<number> {
  const engine = await DuckDbQueryEngine.open({ s3StorageDir: env.s3StorageDir, lakeBucket: env.names.lakeBucket });
  try {
    const { sql, params } = tenantHourlyRollupQuery(tenantId, [day]);
    const { rows } = await engine.query<{ grain: string; messages_sent: number }>(sql, params);
    return rows.filter((r) => r.grain === 'session').reduce((n, r) => n + r.messages_sent, 0);
  } finally {
    engine.close();
  }
}

/** Raw lake rows of one event id (copies included: the SQL dedupes, the lake may not). */
async function rawRows(env: TestEnvironment, eventId: string): Promise<number> {
  const engine = await DuckDbQueryEngine.open({ s3StorageDir: env.s3StorageDir, lakeBucket: env.names.lakeBucket });
  try {
    const { rows } = await engine.query<{ n: number }>('SELECT count(*) AS n FROM events WHERE event_id = ?', [eventId]);
    return rows[0]!.n;
  } finally {
    engine.close();
  }
}

const now = () => new Date().toISOString();

describe('replay of the quarantine and the producer spill', () => {
  let env: TestEnvironment;
  beforeEach(async () => {
    env = await createTestEnvironment('replay');
  });

  it('replays an unknown_tenant record once its mapping exists; replaying again never counts it twice', async () => {
    // Prepare: a MESSAGE_SENT of a tenant without a mapping goes through the processor into quarantine.
    const at = now();
    const day = at.slice(0, 10);
    const event = buildEvent('MESSAGE_SENT', { ...LATE, server_timestamp: at, client_timestamp: at });
    await env.sqs.send(new SendMessageCommand({ QueueUrl: env.queueUrl, MessageBody: JSON.stringify(event) }));
    await processQueue(env, await coldProcessor(env));
    const [quarantined, ...more] = await keys(env, 'quarantine/');
    expect(more).toEqual([]);
    expect(quarantined).toMatch(new RegExp(`^quarantine/reason=unknown_tenant/year=${day.slice(0, 4)}/month=${day.slice(5, 7)}/day=${day.slice(8)}/`));

    // Act + Assess: list counts it by reason and day.
    const listed = await replayCli(env, ['replay', 'list', '--json']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.out)).toMatchObject({ pending: 1, pendingByGroupDay: { unknown_tenant: { [day]: 1 } }, replayed: 0 });
    const human = await replayCli(env, ['replay', 'list']);
    expect(human.out).toContain(`s3://${env.names.lakeBucket}/quarantine/: 1 pending object(s) (one record each); 0 already replayed`);
    expect(human.out).toMatch(new RegExp(`reason\\s+day\\s+pending\nunknown_tenant\\s+${day}\\s+1`));

    // A dry run says what would go and changes nothing.
    const dry = await replayCli(env, ['replay', '--reason', 'unknown_tenant', '--day', day, '--dry-run', '--json']);
    expect(JSON.parse(dry.out)).toMatchObject({ mode: 'dry-run', objects: 1, sent: 1, objectsMarked: 1, sentByTenant: { [LATE.tenant_hash]: 1 } });
    expect(dry.sent).toBe(0);
    const dryHuman = await replayCli(env, ['replay', '--reason', 'unknown_tenant', '--dry-run']);
    expect(dryHuman.out).toContain(`would send 1 message(s) from s3://${env.names.lakeBucket}/quarantine/reason=unknown_tenant/ (reason=unknown_tenant) to ${env.names.eventsQueue}`);
    expect(await keys(env, 'quarantine/')).toEqual([quarantined]);

    // The mapping is added; the replay sends the record, paced, and moves it to quarantine-replayed/.
    await env.s3.send(new PutObjectCommand({ Bucket: env.names.configBucket, Key: mappingKey(LATE.tenant_hash), Body: JSON.stringify(LATE) }));
    const first = await replayCli(env, ['replay', '--reason', 'unknown_tenant', '--rate', '50', '--yes']);
    expect(first.code).toBe(0);
    expect(first.sent).toBe(1);
    expect(first.paced).toBe(1);
    expect(first.err).toContain('1/1 sent');
    expect(first.out).toContain('sent 1 message(s)');
    expect(await keys(env, 'quarantine/')).toEqual([]);
    expect(await keys(env, 'quarantine-replayed/')).toEqual([quarantined!.replace(/^quarantine\//, 'quarantine-replayed/')]);
    const processor = await coldProcessor(env);
    await processQueue(env, processor);
    expect(await keys(env, 'quarantine/')).toEqual([]);
    expect(await rawRows(env, event.event_id)).toBe(1);
    expect(await rollupMessagesSent(env, LATE.tenant_id, day)).toBe(1);

    // A second replay finds nothing to send.
    const second = await replayCli(env, ['replay', '--reason', 'unknown_tenant', '--yes']);
    expect(second.code).toBe(0);
    expect(second.sent).toBe(0);
    expect(JSON.parse((await replayCli(env, ['replay', 'list', '--json'])).out)).toMatchObject({ pending: 0, replayed: 1 });

    // A replay whose marker was lost (crash between the send and the move) sends the event again,
    // in a batch with another event so the lake really holds a second copy: the SQL still counts one.
    await env.s3.send(new CopyObjectCommand({ Bucket: env.names.lakeBucket, CopySource: `${env.names.lakeBucket}/${quarantined!.replace(/^quarantine\//, 'quarantine-replayed/')}`, Key: quarantined }));
    const again = await replayCli(env, ['replay', '--yes']);
    expect(again.sent).toBe(1);
    const other = buildEvent('WIDGET_OPENED', { ...LATE, server_timestamp: at, client_timestamp: at });
    await env.sqs.send(new SendMessageCommand({ QueueUrl: env.queueUrl, MessageBody: JSON.stringify(other) }));
    await processQueue(env, processor);
    expect(await rawRows(env, event.event_id)).toBe(2);
    expect(await rollupMessagesSent(env, LATE.tenant_id, day)).toBe(1);
  });

  it('skips, with the reason, records that cannot be replayed and bodies the processor would quarantine again', async () => {
    // Prepare: an unparseable body's record (no body kept), and a schema violation still invalid.
    const day = now().slice(0, 10);
    const [y, m, d] = day.split('-');
    const put = (reason: string, id: string, record: object) =>
      env.s3.send(new PutObjectCommand({ Bucket: env.names.lakeBucket, Key: `quarantine/reason=${reason}/year=${y}/month=${m}/day=${d}/${id}.json`, Body: JSON.stringify(record) }));
    await put('not_json', 'a', { reason: 'not_json', detail: 'Unexpected token', message_id: 'a', received_at: now(), receive_count: 1, body_length: 17, body_sha256: 'f'.repeat(64), body_excerpt: 'call [phone]' });
    const invalid = { ...buildEvent('MESSAGE_SENT'), step_number: -1 } as AnalyticsEvent;
    await put('schema_violation', 'b', { reason: 'schema_violation', detail: '/step_number', message_id: 'b', received_at: now(), receive_count: 1, body: JSON.stringify(invalid) });

    // Act
    const run = await replayCli(env, ['replay', '--yes', '--json']);

    // Assess: nothing sent, both left where they were, each reason named.
    expect(run.code).toBe(0);
    expect(run.sent).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({
      sent: 0,
      objects: 2,
      objectsMarked: 0,
      skippedObjects: { 'body not kept (unparseable body: only its length, hash and a redacted excerpt are stored)': 1 },
      stillInvalid: { schema_violation: 1 },
    });
    expect(await keys(env, 'quarantine/')).toHaveLength(2);
    expect(await keys(env, 'quarantine-replayed/')).toEqual([]);
  });

  it('leaves an object pending when a send fails, and exits 1', async () => {
    const at = now();
    const [y, m, d] = at.slice(0, 10).split('-');
    const key = `spill/master/year=${y}/month=${m}/day=${d}/${randomUUID()}.json`;
    const bodies = [buildEvent('MESSAGE_SENT', { server_timestamp: at }), buildEvent('MESSAGE_RECEIVED', { server_timestamp: at })].map((e) => JSON.stringify(e));
    await env.s3.send(new PutObjectCommand({ Bucket: env.names.lakeBucket, Key: key, Body: JSON.stringify({ producer: 'master', spilled_at: at, reason: 'SendMessageBatch failed', bodies }) }));
    let calls = 0;
    const flaky: ReplayTarget = {
      send: async (body) => {
        calls += 1;
        if (calls === 2) throw Object.assign(new Error('throttled'), { name: 'RequestThrottled' });
        await new SqsReplayTarget(env.sqs, env.queueUrl).send(body);
      },
    };

    const run = await replayCli(env, ['replay', '--source', 'spill', '--yes'], flaky);

    expect(run.code).toBe(1);
    expect(run.out).toMatch(/failed to send: 1 message\(s\)/);
    expect(run.out).toMatch(/partly sent, left pending: 1 object/);
    expect(await keys(env, 'spill/')).toEqual([key]);
  });

  it('replays a producer spill object, every body, and moves it to spill-replayed/', async () => {
    // Prepare: what a chat service writes when SendMessageBatch kept failing, plus a malformed object.
    const at = now();
    const day = at.slice(0, 10);
    const [y, m, d] = day.split('-');
    const events = [
      buildEvent('MESSAGE_SENT', { ...FOS, session_id: 'sess_spill', server_timestamp: at, client_timestamp: at, event_payload: { content_preview: 'hi 👋', character_count: 4, word_count: 2 } }),
      buildEvent('MESSAGE_RECEIVED', { ...FOS, session_id: 'sess_spill', server_timestamp: at, client_timestamp: at }),
    ];
    const spillKey = `spill/chat-streaming/year=${y}/month=${m}/day=${d}/${randomUUID()}.json`;
    const brokenKey = `spill/chat-streaming/year=${y}/month=${m}/day=${d}/${randomUUID()}.json`;
    await env.s3.send(
      new PutObjectCommand({ Bucket: env.names.lakeBucket, Key: spillKey, Body: JSON.stringify({ producer: 'chat-streaming', spilled_at: at, reason: 'SendMessageBatch failed after retries', bodies: events.map((e) => JSON.stringify(e)) }) }),
    );
    await env.s3.send(new PutObjectCommand({ Bucket: env.names.lakeBucket, Key: brokenKey, Body: '{"producer":"chat-streaming"}' }));

    // Act: the real command line in a child process lists it; the replay sends it.
    const listed = await cliProcess(env, ['replay', 'list', '--source', 'spill', '--json']);
    const run = await replayCli(env, ['replay', '--source', 'spill', '--producer', 'chat-streaming', '--yes', '--json']);
    await processQueue(env, await coldProcessor(env));

    // Assess
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.out)).toMatchObject({ source: 'spill', pending: 2, pendingByGroupDay: { 'chat-streaming': { [day]: 2 } } });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ sent: 2, objectsMarked: 1, skippedObjects: { 'not a spill object (no "bodies" array of strings)': 1 } });
    expect(await keys(env, 'spill/')).toEqual([brokenKey]);
    expect(await keys(env, 'spill-replayed/')).toEqual([spillKey.replace(/^spill\//, 'spill-replayed/')]);
    const replayedObject = await env.s3.send(new GetObjectCommand({ Bucket: env.names.lakeBucket, Key: spillKey.replace(/^spill\//, 'spill-replayed/') }));
    expect(JSON.parse(await replayedObject.Body!.transformToString()).bodies).toHaveLength(2);
    for (const e of events) expect(await rawRows(env, e.event_id)).toBe(1);
    expect(await rollupMessagesSent(env, FOS.tenant_id, day)).toBe(1);
  });
});
