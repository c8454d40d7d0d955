import { createHash } from 'node:crypto';
import type { AnalyticsEvent } from '../events/registry';
import { canonicalTimestampMs } from '../events/timestamps';

/**
 * The lake's object layout (docs/architecture.md, "Lake layout"):
 * `s3://<lake>/analytics/tenant_id=<id>/year=YYYY/month=MM/day=DD/<file>` keyed by the event's
 * UTC server time. Athena reads it through partition projection; DuckDB through hive_partitioning.
 */
export const LAKE_PREFIX = 'analytics/';
export const QUARANTINE_PREFIX = 'quarantine/';

const TENANT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export interface Partition {
  tenantId: string;
  /** UTC calendar day, `YYYY-MM-DD`. */
  day: string;
}

/** One flat lake row: the seed's Athena columns, partitions excluded, payload as a JSON string. */
export interface LakeRow {
  event_id: string;
  schema_version: string;
  session_id: string;
  tenant_hash: string;
  step_number: number;
  event_type: string;
  event_payload: string;
  client_timestamp: string | null;
  server_timestamp: string;
  ga_client_id: string | null;
  environment: string;
}

/** True for a tenant id safe in an S3 key and a DynamoDB key: 1–64 of `A-Z a-z 0-9 _ -`. The one tenant-id check. */
export function isValidTenantId(tenantId: string): boolean {
  return TENANT_ID_PATTERN.test(tenantId);
}

/**
 * The UTC day (`YYYY-MM-DD`) of an RFC 3339 timestamp (a leap second counts in its own day).
 * Throws a `RangeError` for anything else: callers pass validated, canonical timestamps.
 */
export function utcDay(timestamp: string): string {
  const ms = canonicalTimestampMs(timestamp);
  if (ms === null) throw new RangeError(`not a timestamp: ${JSON.stringify(timestamp).slice(0, 80)}`);
  return new Date(ms).toISOString().slice(0, 10);
}

export function partitionOf(tenantId: string, serverTimestamp: string): Partition {
  return { tenantId, day: utcDay(serverTimestamp) };
}

/** `analytics/tenant_id=X/year=2025/month=12/day=05/` */
export function partitionPrefix({ tenantId, day }: Partition): string {
  if (!isValidTenantId(tenantId)) throw new RangeError(`tenant id ${JSON.stringify(tenantId)} is not safe in an S3 key`);
  const [y, m, d] = day.split('-');
  return `${LAKE_PREFIX}tenant_id=${tenantId}/year=${y}/month=${m}/day=${d}/`;
}

/**
 * The key of one batch's object in one partition. It is a digest of the event ids it holds:
 * different event sets never collide, and SQS redelivering the same batch (after a timeout,
 * say) overwrites the same object instead of adding a second copy of each row.
 */
export function lakeObjectKey(partition: Partition, eventIds: readonly string[]): string {
  const digest = createHash('sha256').update([...eventIds].sort().join('\n')).digest('hex').slice(0, 32);
  return `${partitionPrefix(partition)}events-${digest}.json.gz`;
}

/** Where a record that can never be accepted is kept, with its reason, for on-call to inspect. */
export function quarantineKey(reason: string, receivedAt: Date, messageId: string): string {
  const day = receivedAt.toISOString().slice(0, 10).split('-');
  const safeId = messageId.replace(/[^A-Za-z0-9_-]/g, '_');
  return `${QUARANTINE_PREFIX}reason=${reason}/year=${day[0]}/month=${day[1]}/day=${day[2]}/${safeId}.json`;
}

/** Flattens a validated event into a lake row; `payload` is the (already redacted) payload. */
export function toLakeRow(event: AnalyticsEvent, payload: object): LakeRow {
  return {
    event_id: event.event_id,
    schema_version: event.schema_version,
    session_id: event.session_id,
    tenant_hash: event.tenant_hash,
    step_number: event.step_number,
    event_type: event.event_type,
    event_payload: JSON.stringify(payload),
    client_timestamp: event.client_timestamp ?? null,
    server_timestamp: event.server_timestamp,
    ga_client_id: event.ga_client_id ?? null,
    environment: event.environment,
  };
}
