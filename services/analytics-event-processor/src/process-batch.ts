import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { forEachLimited } from '@picasso/shared/concurrency';
import { asError, UnknownTenantError } from '@picasso/shared/errors';
import { canonicalTimestamp, canonicalTimestampMs, CONTENT_PREVIEW_MAX_LENGTH, FEEDBACK_COMMENT_MAX_LENGTH, truncatePreview, validateEvent, type AnalyticsEvent } from '@picasso/shared/events';
import { lakeObjectKey, partitionOf, quarantineKey, toLakeRow, type Partition } from '@picasso/shared/lake';
import type { DirtyPartitionMarker, LakeStore, QuarantineStore, TenantLookup } from './ports';
import { quarantinedBody, redactPayload, redactPii, type QuarantinedBody } from '@picasso/shared/privacy';

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

/** The server timestamps the lake accepts, relative to the processor's clock (docs/decisions.md §10). */
export interface EventTimeBounds {
  /** How far back: the lake's raw-event retention. */
  maxAgeMs: number;
  /** How far ahead: clock skew between producers and the processor. */
  maxFutureSkewMs: number;
}

/** The lake keeps raw events 90 days (terraform/modules/data-lake `raw_events_expiration_days`). */
export const DEFAULT_MAX_EVENT_AGE_DAYS = 90;
export const DEFAULT_MAX_FUTURE_SKEW_SECONDS = 300;
export const DEFAULT_EVENT_TIME_BOUNDS: EventTimeBounds = {
  maxAgeMs: DEFAULT_MAX_EVENT_AGE_DAYS * 86_400_000,
  maxFutureSkewMs: DEFAULT_MAX_FUTURE_SKEW_SECONDS * 1000,
};

export interface BatchProcessorPorts {
  tenants: TenantLookup;
  lake: LakeStore;
  quarantine: QuarantineStore;
  dirty: DirtyPartitionMarker;
  now?: () => Date;
  eventTimeBounds?: EventTimeBounds;
}

interface Accepted {
  index: number;
  event: AnalyticsEvent;
}

type Checked = { ok: true; event: AnalyticsEvent; redactions: number } | { ok: false; reason: string; detail: string };

/** The payload fields that hold a visitor's or the model's free text, each with its schema's maxLength. */
const FREE_TEXT_FIELDS = [
  ['content_preview', CONTENT_PREVIEW_MAX_LENGTH],
  // MESSAGE_FEEDBACK's comment: the master function cuts it already; a producer that did not is cut here the same way.
  ['comment', FEEDBACK_COMMENT_MAX_LENGTH],
] as const;

/**
 * A preview is a preview (docs/decisions.md §11): an over-long `content_preview` (or feedback
 * `comment`) is redacted in full, then cut, so the event is kept (with its exact
 * `character_count`) instead of failing the schema's `maxLength`. Redacting first means the cut
 * cannot leave half an address unrecognised.
 */
function truncateOverlongFreeText(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const payload = (value as { event_payload?: unknown }).event_payload;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return 0;
  let redactions = 0;
  for (const [field, max] of FREE_TEXT_FIELDS) {
    const text = (payload as Record<string, unknown>)[field];
    if (typeof text !== 'string' || text.length <= max) continue;
    if (truncatePreview(text, max) === text) continue; // astral characters: long in code units only
    const redacted = redactPii(text);
    (payload as Record<string, unknown>)[field] = truncatePreview(redacted.text, max);
    redactions += redacted.redactions;
  }
  return redactions;
}

/**
 * Parse, cut an over-long preview, validate, put both timestamps in the lake's one form and
 * check the server time against `bounds`. Pure; a reason for every rejection.
 */
function checkRecord(body: string, now: number, bounds: EventTimeBounds): Checked {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return { ok: false, reason: 'not_json', detail: asError(error).message.slice(0, 200) };
  }
  const redactions = truncateOverlongFreeText(value);
  const result = validateEvent(value);
  if (!result.ok) return result;
  // The value is this call's own parse (already edited in place by the preview cut): normalise it in place too.
  const event = result.event;
  const server = canonicalTimestamp(event.server_timestamp);
  if (server === null) return { ok: false, reason: 'schema_violation', detail: '/server_timestamp cannot be stored as a UTC timestamp' };
  const serverMs = canonicalTimestampMs(server)!;
  if (serverMs < now - bounds.maxAgeMs || serverMs > now + bounds.maxFutureSkewMs) {
    return {
      ok: false,
      reason: 'timestamp_out_of_range',
      detail: `server_timestamp ${server} is outside [${new Date(now - bounds.maxAgeMs).toISOString()}, ${new Date(now + bounds.maxFutureSkewMs).toISOString()}]`,
    };
  }
  event.server_timestamp = server;
  if (event.client_timestamp !== undefined) {
    const client = canonicalTimestamp(event.client_timestamp);
    if (client === null) return { ok: false, reason: 'schema_violation', detail: '/client_timestamp cannot be stored as a UTC timestamp' };
    event.client_timestamp = client;
  }
  return { ok: true, event, redactions };
}

/**
 * Processes one SQS batch (pure over its ports):
 * parse, validate, normalise and bound-check each record → resolve tenants → drop duplicate
 * (tenant, `event_id`)s → redact → group by (tenant, UTC day) → per partition: mark dirty, write
 * one gzip NDJSON object, mark dirty again.
 *
 * No input makes it throw: every record ends written (or a duplicate of a written one),
 * quarantined with a reason, or failed because a port failed (SQS retries it). A partition whose
 * marks or write fail reports all its records failed. The dirty mark goes first: a mark without
 * an object only costs the aggregator a re-read, an object without a mark would be missed. It is
 * set again after the write, because an aggregator run that read and cleared the first mark
 * before the object existed has not rolled the object up (docs/decisions.md §12).
 */
export class EventBatchProcessor {
  private readonly now: () => Date;
  private readonly bounds: EventTimeBounds;

  constructor(private readonly ports: BatchProcessorPorts) {
    this.now = ports.now ?? (() => new Date());
    this.bounds = ports.eventTimeBounds ?? DEFAULT_EVENT_TIME_BOUNDS;
  }

  async processBatch(records: IncomingRecord[]): Promise<BatchReport> {
    const outcomes: (RecordOutcome | undefined)[] = new Array(records.length);
    const receivedAt = this.now();
    const rejected: { index: number; reason: string; detail: string; body: string }[] = [];
    const accepted: Accepted[] = [];
    let redactions = 0;

    records.forEach((record, index) => {
      let checked: Checked;
      try {
        checked = checkRecord(record.body, receivedAt.getTime(), this.bounds);
      } catch (error) {
        // Pure code that throws on an input throws on it every time: retrying cannot help (docs/decisions.md §14).
        checked = { ok: false, reason: 'unprocessable', detail: `${asError(error).name}: ${asError(error).message.slice(0, 200)}` };
      }
      if (!checked.ok) {
        rejected.push({ index, reason: checked.reason, detail: checked.detail, body: record.body });
        return;
      }
      redactions += checked.redactions;
      accepted.push({ index, event: checked.event });
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

    // Duplicates are judged per resolved tenant, after every check: a record of another (or no)
    // tenant, or one that was quarantined, never suppresses an event with the same id (docs/decisions.md §13).
    const firstByTenantEvent = new Map<string, number>();
    const duplicateOf = new Map<number, number>();
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
      const dedupeKey = `${tenant.tenantId!}\n${item.event.event_id}`;
      const first = firstByTenantEvent.get(dedupeKey);
      if (first !== undefined) {
        outcomes[item.index] = { status: 'duplicate', of: records[first]!.messageId };
        duplicateOf.set(item.index, first);
        continue;
      }
      firstByTenantEvent.set(dedupeKey, item.index);
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
        await this.ports.dirty.markDirty(group.partition, receivedAt);
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
          ...redactQuarantinedBody(r.body),
        });
        outcomes[r.index] = { status: 'quarantined', reason: r.reason };
      } catch (error) {
        outcomes[r.index] = { status: 'failed', error: asError(error) };
      }
    });

    // A duplicate shares the fate of the record it duplicates: if that one failed, both retry.
    for (const [index, first] of duplicateOf) {
      const original = outcomes[first];
      if (original?.status === 'failed') outcomes[index] = original;
    }

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

/**
 * What the quarantine keeps of a body (docs/decisions.md §6): parsed JSON with every string
 * redacted under `body` (replayable), or for anything else only its length, SHA-256 and a
 * redacted, capped excerpt. Never the body verbatim.
 */
function redactQuarantinedBody(body: string): QuarantinedBody {
  const { redactions: _redactions, ...kept } = quarantinedBody(body);
  return kept;
}
