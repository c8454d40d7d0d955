import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { forEachLimited } from '@picasso/shared/concurrency';
import {
  asError,
  lakeObjectKey,
  parseEvent,
  partitionOf,
  quarantineKey,
  toLakeRow,
  UnknownTenantError,
  type AnalyticsEvent,
  type Partition,
} from '@picasso/shared';
import type { DirtyPartitionMarker, LakeStore, QuarantineStore, TenantLookup } from './ports';
import { redactPayload } from './redact';

const gzipAsync = promisify(gzip);

export interface IncomingRecord {
  messageId: string;
  body: string;
  receiveCount?: number;
}

/** What happened to one record. `failed` records are retried by SQS; everything else is done. */
export type RecordOutcome =
  | { status: 'written'; partition: Partition }
  | { status: 'duplicate'; of: string }
  | { status: 'quarantined'; reason: string }
  | { status: 'failed'; error: Error };

export interface BatchReport {
  outcomes: RecordOutcome[];
  written: number;
  duplicates: number;
  quarantined: Record<string, number>;
  failed: number;
  objectsWritten: number;
  bytesWritten: number;
  redactions: number;
}

export interface BatchProcessorPorts {
  tenants: TenantLookup;
  lake: LakeStore;
  quarantine: QuarantineStore;
  dirty: DirtyPartitionMarker;
  now?: () => Date;
}

interface Accepted {
  index: number;
  event: AnalyticsEvent;
}

/**
 * Processes one SQS batch (pure over its ports):
 * parse and validate → drop duplicate `event_id`s → resolve tenants → redact → group by
 * (tenant, UTC day) → per partition: mark dirty, then write one gzip NDJSON object.
 *
 * Records that can never succeed are quarantined (and count as done); a partition whose mark or
 * write fails reports all its records failed, and none of them was written, so SQS retries them
 * without anything being both written and failed. The dirty mark goes first: a mark without an
 * object only costs the aggregator a re-read, an object without a mark would be missed.
 */
export class EventBatchProcessor {
  private readonly now: () => Date;

  constructor(private readonly ports: BatchProcessorPorts) {
    this.now = ports.now ?? (() => new Date());
  }

  async processBatch(records: IncomingRecord[]): Promise<BatchReport> {
    const outcomes: (RecordOutcome | undefined)[] = new Array(records.length);
    const receivedAt = this.now();
    const rejected: { index: number; reason: string; detail: string; body: string }[] = [];
    const firstById = new Map<string, number>();
    const accepted: Accepted[] = [];
    let redactions = 0;

    records.forEach((record, index) => {
      const result = parseEvent(record.body);
      if (!result.ok) {
        rejected.push({ index, reason: result.reason, detail: result.detail, body: record.body });
        return;
      }
      const first = firstById.get(result.event.event_id);
      if (first !== undefined) {
        outcomes[index] = { status: 'duplicate', of: records[first]!.messageId };
        return;
      }
      firstById.set(result.event.event_id, index);
      accepted.push({ index, event: result.event });
    });

    // Resolve each distinct tenant hash once.
    const hashes = [...new Set(accepted.map((a) => a.event.tenant_hash))];
    const tenantOf = new Map<string, { tenantId?: string; error?: Error }>();
    await Promise.all(
      hashes.map(async (hash) => {
        try {
          tenantOf.set(hash, { tenantId: await this.ports.tenants.resolveTenant(hash) });
        } catch (error) {
          tenantOf.set(hash, { error: asError(error) });
        }
      }),
    );

    const groups = new Map<string, { partition: Partition; members: Accepted[]; rows: string[] }>();
    for (const item of accepted) {
      const tenant = tenantOf.get(item.event.tenant_hash)!;
      if (tenant.error instanceof UnknownTenantError) {
        rejected.push({ index: item.index, reason: 'unknown_tenant', detail: tenant.error.message, body: records[item.index]!.body });
        continue;
      }
      if (tenant.error) {
        outcomes[item.index] = { status: 'failed', error: tenant.error };
        continue;
      }
      const partition = partitionOf(tenant.tenantId!, item.event.server_timestamp);
      const redacted = redactPayload(item.event.event_payload);
      redactions += redacted.redactions;
      const groupKey = `${partition.tenantId}/${partition.day}`;
      let group = groups.get(groupKey);
      if (!group) groups.set(groupKey, (group = { partition, members: [], rows: [] }));
      group.members.push(item);
      group.rows.push(JSON.stringify(toLakeRow(item.event, redacted.payload)));
    }

    let objectsWritten = 0;
    let bytesWritten = 0;
    await forEachLimited([...groups.values()], 8, async (group) => {
      try {
        await this.ports.dirty.markDirty(group.partition, receivedAt);
        const body = await gzipAsync(group.rows.join('\n') + '\n');
        const key = lakeObjectKey(group.partition, group.members.map((m) => m.event.event_id));
        await this.ports.lake.putLakeObject(key, body);
        objectsWritten += 1;
        bytesWritten += body.byteLength;
        for (const m of group.members) outcomes[m.index] = { status: 'written', partition: group.partition };
      } catch (error) {
        for (const m of group.members) outcomes[m.index] = { status: 'failed', error: asError(error) };
      }
    });

    await forEachLimited(rejected, 8, async (r) => {
      try {
        await this.ports.quarantine.putQuarantined(quarantineKey(r.reason, receivedAt, records[r.index]!.messageId), {
          reason: r.reason,
          detail: r.detail,
          message_id: records[r.index]!.messageId,
          received_at: receivedAt.toISOString(),
          receive_count: records[r.index]!.receiveCount ?? null,
          body: redactQuarantinedBody(r.body),
        });
        outcomes[r.index] = { status: 'quarantined', reason: r.reason };
      } catch (error) {
        outcomes[r.index] = { status: 'failed', error: asError(error) };
      }
    });

    // A duplicate shares the fate of the record it duplicates: if that one failed, both retry.
    records.forEach((record, index) => {
      const o = outcomes[index];
      if (o?.status !== 'duplicate') return;
      const original = outcomes[records.findIndex((r) => r.messageId === o.of)];
      if (original?.status === 'failed') outcomes[index] = original;
    });

    const final = outcomes as RecordOutcome[];
    const quarantined: Record<string, number> = {};
    for (const o of final) if (o.status === 'quarantined') quarantined[o.reason] = (quarantined[o.reason] ?? 0) + 1;
    return {
      outcomes: final,
      written: final.filter((o) => o.status === 'written').length,
      duplicates: final.filter((o) => o.status === 'duplicate').length,
      quarantined,
      failed: final.filter((o) => o.status === 'failed').length,
      objectsWritten,
      bytesWritten,
      redactions,
    };
  }
}

/** Quarantine keeps the original body, but a parsed body's free text is redacted first. */
function redactQuarantinedBody(body: string): string {
  try {
    const value = JSON.parse(body) as { event_payload?: unknown };
    if (value && typeof value === 'object' && value.event_payload && typeof value.event_payload === 'object') {
      value.event_payload = redactPayload(value.event_payload).payload;
      return JSON.stringify(value);
    }
    return body;
  } catch {
    return body;
  }
}
