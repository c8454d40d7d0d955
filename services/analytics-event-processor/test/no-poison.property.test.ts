import { GetObjectCommand } from '@aws-sdk/client-s3';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { EVENT_TYPES, isCanonicalTimestamp, tenantHourlyRollupQuery, type AnalyticsEvent } from '@picasso/shared';
import { DuckDbQueryEngine } from '@picasso/shared/duckdb';
import { buildEvent } from '@picasso/shared/testing';
import { DEMO_TENANTS, lambdaContext } from '@picasso/local-stack';
import { createTestEnvironment, type TestEnvironment } from '@picasso/local-stack/testing';
import type { SQSEvent } from 'aws-lambda';
import { FIXTURE_CLOCK, listKeys, processorFor } from './processor-harness';

/*
 * Property: no input takes a batch down. The real handler (Middy, partial batch failure, the S3
 * and DynamoDB adapters on the local stack) gets random batches of valid events, valid events
 * mutated field by field, random JSON, random text and bytes, huge and deeply nested bodies.
 * Every record must end written (or a duplicate of a written event), or quarantined with a
 * reason; with no fault injected nothing may be reported failed; every pristine event lands
 * whatever its batch-mates are; every lake row has canonical timestamps; and the shipped rollup
 * SQL runs over everything written. Runs are bounded and the seed fixed (fast-check prints the
 * seed and path of a failing case; FC_SEED reruns another).
 */

const SEED = Number(process.env.FC_SEED ?? 20251221);
const RUNS = 20;
const KNOWN_HASHES = DEMO_TENANTS.map((t) => t.tenant_hash);
const DAY_MS = 86_400_000;

interface Candidate {
  body: string;
  /** A valid, in-window event of a known tenant that nothing mutated: it must land. */
  pristine: boolean;
}

/** An RFC 3339 spelling the schema accepts of an instant within the processor's window. */
const timestampArb = fc
  .tuple(fc.integer({ min: 0, max: 89 * DAY_MS }), fc.constantFrom('canonical', 'seconds', 'lower', 'offset', 'nanos', 'space', 'leap'))
  .map(([back, spelling]) => {
    const iso = new Date(FIXTURE_CLOCK.getTime() - back).toISOString();
    switch (spelling) {
      case 'seconds':
        return iso.replace(/\.\d{3}Z$/, 'Z');
      case 'lower':
        return iso.replace('T', 't').replace('Z', 'z');
      case 'offset': {
        const shifted = new Date(Date.parse(iso) + 5.5 * 3_600_000).toISOString();
        return shifted.replace('Z', '+05:30');
      }
      case 'nanos':
        return iso.replace('Z', '987654Z');
      case 'space':
        return iso.replace('T', ' ');
      case 'leap':
        return `${iso.slice(0, 10)}T23:59:60Z`;
      default:
        return iso;
    }
  });

const validEventArb = fc
  .record({
    type: fc.constantFrom(...EVENT_TYPES),
    id: fc.uuid(),
    hash: fc.constantFrom(...KNOWN_HASHES),
    server: timestampArb,
    client: timestampArb,
    session: fc.constantFrom('s1', 's2', 's3'),
    newer: fc.boolean(),
  })
  .map(({ type, id, hash, server, client, session, newer }) => {
    const event = buildEvent(type, { event_id: `evt_${id}`, tenant_hash: hash, server_timestamp: server, client_timestamp: client, session_id: session }) as unknown as Record<string, unknown>;
    if (!newer) return event;
    // Both MESSAGE_RECEIVED versions flow; a feedback comment is free text and may carry PII.
    const payload = event.event_payload as Record<string, unknown>;
    if (type === 'MESSAGE_RECEIVED') return { ...event, schema_version: '1.1.0', event_payload: { ...payload, message_id: `reply_${id}`, input_tokens: 900, output_tokens: 45 } };
    if (type === 'MESSAGE_FEEDBACK') return { ...event, event_payload: { ...payload, rating: 'down', comment: 'Out of date 😕 write to me@example.com' } };
    return event;
  });

function deeplyNested(depth: number): string {
  return `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;
}

/** Values a mutated field may take: anything JSON can carry, and the sizes and shapes that hurt. */
const fieldValueArb = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom('9999-12-31T00:00:00Z', '0001-01-01T00:00:00Z', '2099-01-01T00:00:00Z', '2025-12-20T10:00:00.123456789+14:00', '2025-12-20T10:00:60Z', 'ffffffffffff', 'x'.repeat(2500)),
  fc.integer({ min: 2100, max: 6000 }).map((n) => 'ü😀 me@example.com '.repeat(Math.ceil(n / 20))),
  fc.constantFrom(-1, 0, 2 ** 53, 1e308, -1e-308, true, null),
);

/** A valid event with one field (top level or payload) deleted, replaced, or added. */
const mutatedEventArb = fc
  .tuple(validEventArb, fc.constantFrom('top', 'payload'), fc.nat(), fc.oneof(fc.constant<'delete'>('delete'), fieldValueArb.map((v) => ({ set: v }))), fc.string({ maxLength: 8 }))
  .map(([event, where, pick, change, extraKey]) => {
    const target = where === 'top' ? event : { ...(event.event_payload as Record<string, unknown>) };
    const keys = [...Object.keys(target), extraKey || 'extra'];
    const key = keys[pick % keys.length]!;
    if (change === 'delete') delete target[key];
    else target[key] = change.set;
    if (where === 'payload') event.event_payload = target;
    return { body: JSON.stringify(event), pristine: false };
  });

const bodyArb: fc.Arbitrary<Candidate> = fc.oneof(
  { weight: 4, arbitrary: validEventArb.map((e) => ({ body: JSON.stringify(e), pristine: true })) },
  { weight: 4, arbitrary: mutatedEventArb },
  { weight: 1, arbitrary: fc.json({ maxDepth: 4 }).map((body) => ({ body, pristine: false })) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((body) => ({ body, pristine: false })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => ({ body: Buffer.from(b).toString('utf8'), pristine: false })) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(deeplyNested(5000), `{"event_type":"MESSAGE_SENT","event_payload":${deeplyNested(3000)}}`, 'x'.repeat(200_000), '[]', 'null', '"')
      .map((body) => ({ body, pristine: false })),
  },
);

/** A batch, sometimes with an exact copy of one of its records (SQS or a producer sending twice). */
const batchArb = fc
  .tuple(fc.array(bodyArb, { minLength: 1, maxLength: 12 }), fc.option(fc.nat(), { nil: undefined }))
  .map(([records, copy]) => (copy === undefined ? records : [...records, records[copy % records.length]!]));

function sqsEvent(env: TestEnvironment, run: number, bodies: readonly string[]): SQSEvent {
  return {
    Records: bodies.map((body, i) => ({
      messageId: `run${run}-msg${i}`,
      receiptHandle: `rh-${run}-${i}`,
      body,
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'property', ApproximateFirstReceiveTimestamp: '0' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: env.queueArn,
      awsRegion: 'us-east-1',
    })),
  };
}

async function readObject(env: TestEnvironment, key: string): Promise<Buffer> {
  const res = await env.s3.send(new GetObjectCommand({ Bucket: env.names.lakeBucket, Key: key }));
  return Buffer.from(await res.Body!.transformToByteArray());
}

describe('the event processor under arbitrary input (property)', () => {
  let env: TestEnvironment;
  let engine: DuckDbQueryEngine;
  beforeAll(async () => {
    env = await createTestEnvironment('prop');
    engine = await DuckDbQueryEngine.open({ s3StorageDir: env.s3StorageDir, lakeBucket: env.names.lakeBucket });
  });
  afterAll(() => engine.close());

  it('never fails a batch: each record is written or quarantined with a reason, good batch-mates land, and the shipped SQL reads every row', async () => {
    const handler = processorFor(env);
    const seenLake = new Set(await listKeys(env, 'analytics/'));
    let run = 0;

    await fc.assert(
      fc.asyncProperty(batchArb, async (candidates) => {
        // Prepare
        run += 1;
        const event = sqsEvent(env, run, candidates.map((c) => c.body));

        // Act: the handler must resolve, whatever the bodies.
        const response = (await handler(event, lambdaContext('property', 60_000))) as { batchItemFailures: { itemIdentifier: string }[] };

        // Assess 1: nothing failed (no port is broken), so every record is done.
        expect(response.batchItemFailures).toEqual([]);

        // Assess 2: what was quarantined, by message id, each with a reason.
        const quarantined = new Map<string, { reason: string }>();
        for (const key of await listKeys(env, 'quarantine/')) {
          const messageId = key.slice(key.lastIndexOf('/') + 1, -'.json'.length);
          if (!messageId.startsWith(`run${run}-`)) continue;
          const record = JSON.parse((await readObject(env, key)).toString('utf8')) as { reason: string; message_id: string };
          expect(record.reason).toMatch(/^[a-z_]+$/);
          quarantined.set(record.message_id, record);
        }

        // Assess 3: the rows this batch wrote; canonical timestamps, payload a JSON object string.
        const newKeys = (await listKeys(env, 'analytics/')).filter((k) => !seenLake.has(k));
        newKeys.forEach((k) => seenLake.add(k));
        const rows: Record<string, unknown>[] = [];
        for (const key of newKeys) {
          for (const line of gunzipSync(await readObject(env, key)).toString('utf8').trim().split('\n')) rows.push(JSON.parse(line) as Record<string, unknown>);
        }
        for (const row of rows) {
          expect(isCanonicalTimestamp(row.server_timestamp as string)).toBe(true);
          expect(row.client_timestamp === null || isCanonicalTimestamp(row.client_timestamp as string)).toBe(true);
          expect(typeof JSON.parse(row.event_payload as string)).toBe('object');
        }
        // Every e-mail address the arbitraries plant is redacted before the lake.
        expect(JSON.stringify(rows)).not.toContain('me@example.com');

        // Assess 4: every record not quarantined landed exactly once per (tenant, event id);
        // every pristine record landed, whatever its batch-mates.
        const landed = new Map<string, number>();
        for (const row of rows) landed.set(`${row.tenant_hash as string}/${row.event_id as string}`, (landed.get(`${row.tenant_hash as string}/${row.event_id as string}`) ?? 0) + 1);
        const expected = new Set<string>();
        event.Records.forEach((r, i) => {
          if (candidates[i]!.pristine) expect({ messageId: r.messageId, quarantined: quarantined.get(r.messageId)?.reason }).toEqual({ messageId: r.messageId, quarantined: undefined });
          if (quarantined.has(r.messageId)) return;
          const e = JSON.parse(r.body) as AnalyticsEvent;
          expected.add(`${e.tenant_hash}/${e.event_id}`);
        });
        expect([...landed.keys()].sort()).toEqual([...expected].sort());
        expect([...landed.values()].every((n) => n === 1)).toBe(true);

        // Assess 5: the shipped rollup SQL runs over every partition this batch wrote.
        const days = new Map<string, Set<string>>();
        for (const key of newKeys) {
          const m = /tenant_id=([^/]+)\/year=(\d{4})\/month=(\d{2})\/day=(\d{2})\//.exec(key)!;
          days.set(m[1]!, (days.get(m[1]!) ?? new Set()).add(`${m[2]}-${m[3]}-${m[4]}`));
        }
        for (const [tenantId, tenantDays] of days) {
          const { sql, params } = tenantHourlyRollupQuery(tenantId, [...tenantDays]);
          const result = await engine.query(sql, params);
          expect(result.rows.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });
});
