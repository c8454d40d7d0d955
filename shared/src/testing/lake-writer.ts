import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { AnalyticsEvent } from '../events/registry';
import { lakeObjectKey, partitionOf, toLakeRow } from '../lake/layout';

const gzipAsync = promisify(gzip);

/**
 * Test support: writes events to a lake bucket exactly as the processor lays them out (one gzip
 * NDJSON object per (tenant, UTC day) batch, keyed by the digest of its event ids), for tests of
 * the query engines that must not depend on the processor service.
 */
export async function writeLakeBatch(s3: S3Client, lakeBucket: string, tenantId: string, events: readonly AnalyticsEvent[]): Promise<void> {
  const byDay = new Map<string, AnalyticsEvent[]>();
  for (const e of events) {
    const day = partitionOf(tenantId, e.server_timestamp).day;
    byDay.set(day, [...(byDay.get(day) ?? []), e]);
  }
  for (const [day, batch] of byDay) {
    const body = await gzipAsync(batch.map((e) => JSON.stringify(toLakeRow(e, e.event_payload))).join('\n') + '\n');
    const key = lakeObjectKey({ tenantId, day }, batch.map((e) => e.event_id));
    await s3.send(new PutObjectCommand({ Bucket: lakeBucket, Key: key, Body: body }));
  }
}
