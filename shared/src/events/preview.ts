/**
 * `content_preview` is a preview, not the message: producers cut it to
 * `CONTENT_PREVIEW_MAX_LENGTH` characters (JSON Schema counts Unicode code points) and send the
 * exact length in `character_count`. The processor cuts an over-long one the same way instead of
 * rejecting the event (docs/decisions.md §11).
 */
export const CONTENT_PREVIEW_MAX_LENGTH = 2000;

/** Marks a preview that was cut. */
export const TRUNCATION_MARK = '…';

// A redaction marker (`[EMAIL]`, `[CARD]`, …) that the cut would leave half-written at the end.
const PARTIAL_MARKER_AT_END = /\[[A-Z_]*$/;

/**
 * `text` if it is at most `max` code points long; otherwise its first code points (never half
 * of a surrogate pair, never half of a redaction marker) followed by `…`, `max` at most in all.
 * Redact before truncating: a cut can leave a fragment of an e-mail or card number that the
 * redaction patterns no longer recognise.
 */
export function truncatePreview(text: string, max = CONTENT_PREVIEW_MAX_LENGTH): string {
  if (text.length <= max) return text; // code units ≥ code points: short enough already
  let end = 0;
  let points = 0;
  while (end < text.length && points < max) {
    end += (text.codePointAt(end) ?? 0) > 0xffff ? 2 : 1;
    points += 1;
  }
  if (end >= text.length) return text; // astral characters: over max code units, not code points
  // Back up until the kept part plus the mark fits.
  let kept = text.slice(0, end);
  const last = kept.codePointAt(kept.length - 2);
  kept = last !== undefined && last > 0xffff ? kept.slice(0, -2) : kept.slice(0, -1);
  return kept.replace(PARTIAL_MARKER_AT_END, '') + TRUNCATION_MARK;
}
