import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { SpillRecord } from '@picasso/shared/publishing';
import { createTestEnvironment, type TestEnvironment } from '@picasso/local-stack/testing';
import { sendEvents } from '../src/delivery';

describe('generator delivery with SQS unavailable', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment('spill');
  });

  it('spills every undeliverable event to the lake bucket in the replay format', async () => {
    // Prepare: a queue that does not exist refuses every call
    const missingQueue = env.queueUrl.replace(/[^/]+$/, 'no-such-queue');
    const events = Array.from({ length: 13 }, (_, i) => ({ event_id: `spill-${i}`, text: 'héllo 😀' }));
    const spilled: number[] = [];

    // Act
    const sent = await sendEvents(env.sqs, missingQueue, events, { maxAttempts: 2, spill: { s3: env.s3, bucket: env.names.lakeBucket }, onSpilled: (n) => spilled.push(n) });

    // Assess
    expect(sent).toBe(0);
    expect(spilled).toEqual([13]);
    const listed = await env.s3.send(new ListObjectsV2Command({ Bucket: env.names.lakeBucket, Prefix: 'spill/traffic-generator/' }));
    expect(listed.Contents).toHaveLength(1);
    const object = await env.s3.send(new GetObjectCommand({ Bucket: env.names.lakeBucket, Key: listed.Contents![0]!.Key! }));
    const record = JSON.parse(await object.Body!.transformToString()) as SpillRecord;
    expect(record.producer).toBe('traffic-generator');
    expect(record.bodies.map((b) => JSON.parse(b) as object)).toEqual(events);
  });
});
