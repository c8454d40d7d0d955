import { parseEvent } from '@picasso/shared';
import { describeMessage } from './classify';
import { matchesFilter, type RedriveFilter } from './filter';
import type { ReplayObjectStore, ReplayTarget } from './ports';
import type { RedriveProgress } from './progress';
import { unlimited, type RateLimiter } from './rate-limiter';
import { decodeReplayObject, isSelected, listPrefix, parseReplayKey, replayedKey, type ReplaySelection, type ReplaySource } from './replay-source';

/** Counts by group (quarantine reason or spill producer), then by UTC day. */
export type GroupDayCounts = Record<string, Record<string, number>>;

/** What `replay list` prints: pending objects by group and day, and how many were replayed before. */
export interface ReplayListing {
  source: ReplaySource;
  prefix: string;
  pending: number;
  pendingByGroupDay: GroupDayCounts;
  /** Keys under the prefix that are not in the source's layout (never replayed). */
  unrecognised: number;
  replayed: number;
  replayedByGroupDay: GroupDayCounts;
}

function bumpGroupDay(counts: GroupDayCounts, group: string, day: string, n = 1): void {
  const byDay = (counts[group] ??= {});
  byDay[day] = (byDay[day] ?? 0) + n;
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** Counts the selected pending objects by group and day (keys only: nothing is read or changed). */
export async function listReplayable(store: ReplayObjectStore, selection: ReplaySelection): Promise<ReplayListing> {
  const listing: ReplayListing = {
    source: selection.source,
    prefix: listPrefix(selection),
    pending: 0,
    pendingByGroupDay: {},
    unrecognised: 0,
    replayed: 0,
    replayedByGroupDay: {},
  };
  for (const key of await store.listKeys(listPrefix(selection))) {
    const parsed = parseReplayKey(selection.source, key);
    if (!parsed) listing.unrecognised += 1;
    else if (isSelected(selection, parsed)) {
      listing.pending += 1;
      bumpGroupDay(listing.pendingByGroupDay, parsed.group, parsed.day);
    }
  }
  for (const key of await store.listKeys(listPrefix(selection, true))) {
    const parsed = parseReplayKey(selection.source, key);
    if (parsed && isSelected(selection, parsed)) {
      listing.replayed += 1;
      bumpGroupDay(listing.replayedByGroupDay, parsed.group, parsed.day);
    }
  }
  return listing;
}

export interface ReplayOptions {
  selection: ReplaySelection;
  /** `--event-type` / `--tenant-hash`: applied to each body. */
  filter: RedriveFilter;
  dryRun: boolean;
  /** Send at most this many messages. */
  max?: number;
  limiter?: RateLimiter;
  /** Read at most this many objects. */
  maxObjects: number;
  /** Stop after this many failed sends or moves. */
  maxErrors: number;
  onProgress?: (progress: RedriveProgress) => void;
  /** Aborted (Ctrl-C): the object in hand is finished, the rest are left for the next run. */
  signal?: AbortSignal;
}

export interface ReplayResult {
  mode: 'dry-run' | 'replay';
  source: ReplaySource;
  prefix: string;
  /** Selected objects read. */
  objects: number;
  /** Messages sent to the events queue (a dry run: that would be). */
  sent: number;
  sentByGroupDay: GroupDayCounts;
  sentByEventType: Record<string, number>;
  sentByTenant: Record<string, number>;
  /** Objects moved to `<source>-replayed/` (a dry run: that would be). */
  objectsMarked: number;
  /** Objects that cannot be replayed, by why. They stay where they are. */
  skippedObjects: Record<string, number>;
  /** Bodies the processor would quarantine again (the cause is not fixed, or the checkout is older than the processor), by reason. Not sent. */
  stillInvalid: Record<string, number>;
  /** Bodies outside `--event-type` / `--tenant-hash`. Not sent. */
  filteredOut: number;
  /** Sends that failed: the object stays pending, a rerun sends it again. */
  failedSends: number;
  /** Objects whose bodies were all sent but whose move failed: a rerun sends them again (counted once, on event_id). */
  sentNotMarked: number;
  /** Objects left pending because only some of their bodies were sent (filter, invalid bodies, `--max`, a failed send). */
  partial: number;
  /** True when the run stopped at `maxObjects` with objects left unread. */
  truncated: boolean;
  aborted?: string;
}

/**
 * Re-sends the selected quarantine records or spilled messages to the events queue.
 *
 * Per object, in key order: read and decode it; send each body that passes the filter and the
 * event contract (paced by `limiter`); once every body of the object went out, move the object to
 * `<source>-replayed/`. A second replay therefore finds nothing to send. A crash (or a failed
 * move) between the sends and the move leaves the object pending, so a rerun sends those events
 * again: a duplicate, never a loss. The processor drops a duplicate within a batch and every SQL
 * the project ships dedupes on `event_id` (docs/decisions.md §4), so nothing is counted twice.
 */
export async function replay(store: ReplayObjectStore, target: ReplayTarget, options: ReplayOptions): Promise<ReplayResult> {
  const { selection } = options;
  const limiter = options.limiter ?? unlimited;
  const max = options.max ?? Infinity;
  const result: ReplayResult = {
    mode: options.dryRun ? 'dry-run' : 'replay',
    source: selection.source,
    prefix: listPrefix(selection),
    objects: 0,
    sent: 0,
    sentByGroupDay: {},
    sentByEventType: {},
    sentByTenant: {},
    objectsMarked: 0,
    skippedObjects: {},
    stillInvalid: {},
    filteredOut: 0,
    failedSends: 0,
    sentNotMarked: 0,
    partial: 0,
    truncated: false,
  };
  const keys = (await store.listKeys(listPrefix(selection))).flatMap((key) => {
    const parsed = parseReplayKey(selection.source, key);
    return parsed && isSelected(selection, parsed) ? [parsed] : [];
  });
  // A quarantine object is one message; a spill object's count is known only once it is read.
  const total = selection.source === 'quarantine' ? Math.min(keys.length, max, options.maxObjects) : undefined;
  let errors = 0;
  const skipped = () =>
    Object.values(result.skippedObjects).reduce((a, b) => a + b, 0) + Object.values(result.stillInvalid).reduce((a, b) => a + b, 0) + result.filteredOut;
  const progress = () => options.onProgress?.({ moved: result.sent, skipped: skipped(), failed: result.failedSends + result.sentNotMarked, ...(total !== undefined ? { total } : {}) });
  const fail = (what: string, error: unknown) => {
    errors += 1;
    if (errors >= options.maxErrors) result.aborted = `${errors} errors, the last: ${what} failed (${(error as Error).name}: ${(error as Error).message})`;
  };

  for (const { key, group, day } of keys) {
    if (result.aborted) break;
    if (options.signal?.aborted) {
      result.aborted = 'interrupted; objects not yet replayed are still pending';
      break;
    }
    if (result.sent >= max) break;
    if (result.objects >= options.maxObjects) {
      result.truncated = true;
      break;
    }
    result.objects += 1;
    const decoded = decodeReplayObject(selection.source, await store.read(key));
    if (!decoded.ok) {
      bump(result.skippedObjects, decoded.skip);
      progress();
      continue;
    }
    let complete = true;
    let sentHere = 0;
    for (const body of decoded.bodies) {
      const facts = describeMessage({ messageId: key, receiptHandle: '', body, receiveCount: 0, messageAttributes: {} }, new Date());
      if (!matchesFilter(facts, options.filter)) {
        result.filteredOut += 1;
        complete = false;
        continue;
      }
      const parsed = parseEvent(body);
      if (!parsed.ok) {
        bump(result.stillInvalid, parsed.reason);
        complete = false;
        continue;
      }
      if (result.sent >= max) {
        complete = false;
        break;
      }
      if (!options.dryRun) {
        await limiter.take();
        try {
          await target.send(body);
        } catch (error) {
          result.failedSends += 1;
          fail('SendMessage', error);
          complete = false;
          progress();
          break;
        }
      }
      result.sent += 1;
      sentHere += 1;
      bumpGroupDay(result.sentByGroupDay, group, day);
      bump(result.sentByEventType, facts.eventType);
      bump(result.sentByTenant, facts.tenantHash);
      progress();
    }
    if (!complete) {
      if (sentHere > 0) result.partial += 1;
      progress();
      continue;
    }
    if (options.dryRun) {
      result.objectsMarked += 1;
      continue;
    }
    try {
      await store.move(key, replayedKey(selection.source, key));
      result.objectsMarked += 1;
    } catch (error) {
      result.sentNotMarked += 1;
      fail('moving the object to the replayed prefix', error);
      progress();
    }
  }
  return result;
}
