/**
 * What `replay` reads back into the events queue, and where it records that it did. Pure: key
 * layouts and object decoding only. Two sources live in the lake bucket (docs/runbook.md,
 * "Replaying quarantine and spill"):
 *
 * - **quarantine**: `quarantine/reason=<reason>/year=YYYY/month=MM/day=DD/<message id>.json`, one
 *   record per object, `{reason, detail, message_id, received_at, receive_count, body}` where
 *   `body` is the parsed event JSON (every string redacted; a string in older records). A record of an unparseable body keeps only
 *   `body_length`, `body_sha256` and `body_excerpt`: nothing to replay.
 * - **spill**: `spill/<producer>/year=YYYY/month=MM/day=DD/<uuid>.json`, written by a producer for
 *   the SQS messages it could not send: `{producer, spilled_at, reason, bodies: [<message body>]}`.
 *
 * A replayed object moves to `<source>-replayed/` with the rest of its key unchanged, so a second
 * replay does not find it; the move happens only after every body of the object was sent.
 */

export const REPLAY_SOURCES = ['quarantine', 'spill'] as const;
export type ReplaySource = (typeof REPLAY_SOURCES)[number];

/** Where each source's pending objects live, and where replayed ones are moved. */
export const SOURCE_PREFIX: Record<ReplaySource, string> = { quarantine: 'quarantine/', spill: 'spill/' };
export const REPLAYED_PREFIX: Record<ReplaySource, string> = { quarantine: 'quarantine-replayed/', spill: 'spill-replayed/' };

/** Which objects a replay reads: by reason (quarantine) or producer (spill), and by UTC day. */
export interface ReplaySelection {
  source: ReplaySource;
  /** quarantine only: `reason=<reason>`. */
  reason?: string;
  /** spill only: `spill/<producer>/`. */
  producer?: string;
  /** Inclusive UTC days, `YYYY-MM-DD`. */
  from?: string;
  to?: string;
}

/** A pending object's key, read: its group (the quarantine reason or the spill producer) and day. */
export interface ReplayKey {
  key: string;
  group: string;
  /** `YYYY-MM-DD`. */
  day: string;
}

const KEY_PATTERN: Record<ReplaySource, RegExp> = {
  quarantine: /^quarantine\/reason=([a-z0-9_]{1,64})\/year=(\d{4})\/month=(\d{2})\/day=(\d{2})\/[^/]+\.json$/,
  spill: /^spill\/([A-Za-z0-9_.-]{1,64})\/year=(\d{4})\/month=(\d{2})\/day=(\d{2})\/[^/]+\.json$/,
};

/** The prefix to list: narrowed to one reason or producer when the selection names one. */
export function listPrefix(selection: ReplaySelection, replayed = false): string {
  const base = (replayed ? REPLAYED_PREFIX : SOURCE_PREFIX)[selection.source];
  if (selection.source === 'quarantine' && selection.reason) return `${base}reason=${selection.reason}/`;
  if (selection.source === 'spill' && selection.producer) return `${base}${selection.producer}/`;
  return base;
}

/** Reads a key of `source` (pending or replayed); `undefined` when it is not in the source's layout. */
export function parseReplayKey(source: ReplaySource, key: string): ReplayKey | undefined {
  const pendingKey = key.startsWith(REPLAYED_PREFIX[source]) ? SOURCE_PREFIX[source] + key.slice(REPLAYED_PREFIX[source].length) : key;
  const m = KEY_PATTERN[source].exec(pendingKey);
  if (!m) return undefined;
  return { key, group: m[1]!, day: `${m[2]}-${m[3]}-${m[4]}` };
}

/** True when the key's day lies in the selection's range (and its group is the one selected). */
export function isSelected(selection: ReplaySelection, key: ReplayKey): boolean {
  if (selection.from && key.day < selection.from) return false;
  if (selection.to && key.day > selection.to) return false;
  const group = selection.source === 'quarantine' ? selection.reason : selection.producer;
  return group === undefined || key.group === group;
}

/** Where a pending object goes once replayed: the same key under `<source>-replayed/`. */
export function replayedKey(source: ReplaySource, key: string): string {
  if (!key.startsWith(SOURCE_PREFIX[source])) throw new RangeError(`${key} is not under ${SOURCE_PREFIX[source]}`);
  return REPLAYED_PREFIX[source] + key.slice(SOURCE_PREFIX[source].length);
}

/** An object's message bodies, or why it cannot be replayed (the object then stays where it is). */
export type DecodedObject = { ok: true; bodies: string[] } | { ok: false; skip: string };

/** Skip reasons, fixed strings so counts group well. */
export const SKIP = {
  notJson: 'object is not JSON',
  notQuarantineRecord: 'not a quarantine record',
  bodyNotKept: 'body not kept (unparseable body: only its length, hash and a redacted excerpt are stored)',
  bodyNotObject: 'body is not a JSON object (replaying it would only quarantine it again)',
  notSpill: 'not a spill object (no "bodies" array of strings)',
} as const;

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Decodes one object of `source` into the SQS message bodies it holds. */
export function decodeReplayObject(source: ReplaySource, text: string): DecodedObject {
  const record = parseObject(text);
  if (!record) return { ok: false, skip: SKIP.notJson };
  if (source === 'spill') {
    const bodies = record.bodies;
    if (!Array.isArray(bodies) || !bodies.every((b) => typeof b === 'string')) return { ok: false, skip: SKIP.notSpill };
    return { ok: true, bodies: bodies as string[] };
  }
  if (typeof record.reason !== 'string') return { ok: false, skip: SKIP.notQuarantineRecord };
  if (!('body' in record)) return { ok: false, skip: 'body_sha256' in record || 'body_length' in record ? SKIP.bodyNotKept : SKIP.notQuarantineRecord };
  // The processor keeps a JSON body parsed (every string redacted); older records hold it as a string.
  const body = typeof record.body === 'string' ? record.body : JSON.stringify(record.body);
  if (!parseObject(body)) return { ok: false, skip: SKIP.bodyNotObject };
  return { ok: true, bodies: [body] };
}

/** The selection in words, for plans and summaries. */
export function describeSelection(selection: ReplaySelection): string {
  const parts: string[] = [];
  if (selection.reason) parts.push(`reason=${selection.reason}`);
  if (selection.producer) parts.push(`producer=${selection.producer}`);
  if (selection.from || selection.to) parts.push(selection.from === selection.to ? `day ${selection.from}` : `days ${selection.from ?? '…'} to ${selection.to ?? '…'}`);
  return `${listPrefix(selection)}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}
