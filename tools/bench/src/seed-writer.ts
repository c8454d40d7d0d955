import { randomUUID } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { partitionOf, partitionPrefix, type TenantResolver } from '@picasso/shared';
import type { SQSEvent } from 'aws-lambda';

/**
 * The seed's Analytics_Event_Processor writer, rebuilt as the baseline: triggered with SQS
 * batches of at most 10 records, it decodes `tenant_hash` → `tenant_id` through the S3
 * mappings and writes the batch as ONE UNCOMPRESSED NDJSON object of the raw events (nested
 * `event_payload` and all) under `analytics/tenant_id=…/year=…/month=…/day=…/<uuid>.json`.
 *
 * A batch whose events belong to more than one (tenant, day) cannot go under a single
 * partition without filing rows under the wrong tenant, so such a batch writes one object per
 * partition it holds; a single-partition batch writes exactly one object, as the seed does.
 * No validation, no redaction, no dedupe: the seed has none.
 *
 * Returns the objects and bytes it wrote.
 */
export async function seedWriteBatch(s3: S3Client, bucket: string, tenants: TenantResolver, event: SQSEvent): Promise<{ objects: number; bytes: number }> {
  const groups = new Map<string, string[]>();
  for (const record of event.Records) {
    const raw = JSON.parse(record.body) as { tenant_hash: string; server_timestamp: string };
    const tenantId = await tenants.resolveTenant(raw.tenant_hash);
    const prefix = partitionPrefix(partitionOf(tenantId, raw.server_timestamp));
    const lines = groups.get(prefix) ?? [];
    lines.push(JSON.stringify(raw));
    groups.set(prefix, lines);
  }
  let bytes = 0;
  for (const [prefix, lines] of groups) {
    const body = lines.join('\n') + '\n';
    bytes += Buffer.byteLength(body);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}${randomUUID()}.json`, Body: body, ContentType: 'application/x-ndjson' }));
  }
  return { objects: groups.size, bytes };
}
