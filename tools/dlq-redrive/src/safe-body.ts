/**
 * A printable preview of a DLQ body. On-call output counts as logs (docs/runbook.md, "Before you start"): free text such as
 * `content_preview`, form values and anything we do not know is replaced, so the preview is
 * built from an allow-list of fields rather than a deny-list.
 */

const ENVELOPE_FIELDS = new Set([
  'event_id',
  'schema_version',
  'session_id',
  'tenant_id',
  'tenant_hash',
  'step_number',
  'event_type',
  'client_timestamp',
  'server_timestamp',
  'environment',
]);

/** Payload fields that hold identifiers, never text a person typed. */
const PAYLOAD_STRING_FIELDS = new Set(['form_id', 'submission_id', 'model_id', 'trigger', 'last_field']);

const REDACTED = '[REDACTED]';

function safePayload(payload: unknown): unknown {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return REDACTED;
  return Object.fromEntries(
    Object.entries(payload as Record<string, unknown>).map(([k, v]) => {
      if (typeof v === 'number' || typeof v === 'boolean' || v === null) return [k, v];
      if (typeof v === 'string' && PAYLOAD_STRING_FIELDS.has(k) && /^[A-Za-z0-9_.:-]{0,80}$/.test(v)) return [k, v];
      return [k, REDACTED];
    }),
  );
}

/** The body as redacted JSON, cut to `maxChars` (with `…` when cut). */
export function safeBodyPreview(body: string, maxChars = 240): string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return `[body is not JSON: ${Buffer.byteLength(body)} bytes, not shown]`;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return `[body is JSON but not an object: ${Buffer.byteLength(body)} bytes, not shown]`;
  const safe = Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => {
      if (k === 'event_payload') return [k, safePayload(v)];
      if (ENVELOPE_FIELDS.has(k) && (typeof v === 'number' || (typeof v === 'string' && /^[A-Za-z0-9_.:+-]{0,128}$/.test(v)))) return [k, v];
      return [k, REDACTED];
    }),
  );
  const text = JSON.stringify(safe);
  return text.length > maxChars ? `${text.slice(0, Math.max(0, maxChars - 1))}…` : text;
}
