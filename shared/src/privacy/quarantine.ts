import { createHash } from 'node:crypto';
import { redactJson } from './payload';
import { redactPii, truncateKeepingMarkers } from './redact';

/** How much of an unparseable body the quarantine shows, after redaction (UTF-16 units). */
export const QUARANTINE_EXCERPT_LENGTH = 200;

/**
 * What the quarantine keeps of a message body (docs/decisions.md §6). A body that parses as JSON
 * keeps its structure with every string redacted (`body`), so it can be replayed; any other body
 * is kept only as much as on-call needs, never verbatim.
 */
export type QuarantinedBody =
  | { body: unknown }
  | {
      /** UTF-8 bytes of the original body. */
      body_length: number;
      /** SHA-256 of the original body's UTF-8 bytes (hex): matches it to a DLQ copy or a producer log. */
      body_sha256: string;
      /** The start of the body, redacted, at most {@link QUARANTINE_EXCERPT_LENGTH} units, never ending inside a marker. */
      body_excerpt: string;
    };

/**
 * The quarantine's view of a body. The whole body is redacted before it is cut, so an item that
 * straddles the cut is still replaced, not shown in part.
 */
export function quarantinedBody(raw: string): QuarantinedBody & { redactions: number } {
  let parsed: { ok: true; value: unknown } | { ok: false } = { ok: false };
  try {
    parsed = { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    // not JSON: kept as an excerpt below
  }
  if (parsed.ok) {
    const redacted = redactJson(parsed.value);
    if (!redacted.tooDeep) return { body: redacted.value, redactions: redacted.redactions };
  }
  const { text, redactions } = redactPii(raw);
  return {
    body_length: Buffer.byteLength(raw, 'utf8'),
    body_sha256: createHash('sha256').update(raw, 'utf8').digest('hex'),
    body_excerpt: truncateKeepingMarkers(text, QUARANTINE_EXCERPT_LENGTH),
    redactions,
  };
}
