/**
 * Chat is full of emoji, and real SQS accepts every character above U+FFFF. This sends emoji
 * messages through `make dev`'s pipeline (the local stack with the root postinstall's fauxqs
 * patch, the events queue, the processor's Lambda bundle behind the emulated event source
 * mapping) and reads them back from the lake intact.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { createS3Client, createSqsClient } from '@picasso/shared';
import { openDuckDbLake } from '@picasso/shared/duckdb';
import { buildEvent } from '@picasso/shared/testing';
import { DEMO_TENANTS } from '@picasso/local-stack';
import { startSystem, type RunningSystem } from '../src/system';

const PREVIEWS = ['Love it 😍🎉', 'is the 🏠 open on Sunday? 🙏🏽', 'family 👨‍👩‍👧‍👦 of four, flag 🇺🇸', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 and 𠀀 too'];

describe("make dev's pipeline with emoji", () => {
  let dir: string;
  let system: RunningSystem;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'emoji-pipeline-'));
    // The processor alone: the aggregator, API and dashboard play no part in landing events.
    system = await startSystem({ dir, awsPort: 0, dynamoPort: 0, processor: { batchSize: 10, batchingWindowMs: 0 } });
  });
  afterAll(async () => {
    await system?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lands MESSAGE_SENT events whose previews hold emoji in the lake, character for character', async () => {
    // Prepare
    const tenant = DEMO_TENANTS[0]!;
    const now = new Date().toISOString();
    const events = PREVIEWS.map((content_preview) =>
      buildEvent('MESSAGE_SENT', {
        tenant_id: tenant.tenant_id,
        tenant_hash: tenant.tenant_hash,
        server_timestamp: now,
        client_timestamp: now,
        event_payload: { content_preview, character_count: [...content_preview].length, word_count: content_preview.split(/\s+/).length },
      }),
    );

    // Act: one SendMessageBatch, as the producers send.
    const sent = await createSqsClient().send(
      new SendMessageBatchCommand({ QueueUrl: system.provisioned.queueUrl, Entries: events.map((e, i) => ({ Id: `m${i}`, MessageBody: JSON.stringify(e) })) }),
    );
    await system.waitUntilQueueDrained();

    // Assess: SQS took every entry …
    expect(sent.Failed ?? []).toEqual([]);
    expect(sent.Successful).toHaveLength(events.length);
    // … the processor wrote them all and quarantined none …
    const quarantine = await createS3Client().send(new ListObjectsV2Command({ Bucket: system.names.lakeBucket, Prefix: 'quarantine/' }));
    expect(quarantine.KeyCount ?? 0).toBe(0);
    // … and the lake, read as the shipped SQL reads it, holds each preview unchanged.
    const lake = await openDuckDbLake(system.stack.s3StorageDir, system.names.lakeBucket);
    try {
      const rows = (
        await lake.runAndReadAll(`SELECT event_id, json_extract_scalar(event_payload, '$.content_preview') AS preview, tenant_id FROM events`)
      ).getRowObjectsJson();
      expect(Object.fromEntries(rows.map((r) => [r.event_id, { preview: r.preview, tenant_id: r.tenant_id }]))).toEqual(
        Object.fromEntries(events.map((e) => [e.event_id, { preview: (e.event_payload as { content_preview: string }).content_preview, tenant_id: tenant.tenant_id }])),
      );
    } finally {
      lake.closeSync();
    }
  });
});
