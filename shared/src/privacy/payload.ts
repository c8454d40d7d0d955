import { redactPii } from './redact';

/** Deeper than this, a value is not walked (and `redactJson` reports it): JSON.stringify recurses and would overflow. */
export const MAX_REDACTION_DEPTH = 256;

export interface RedactedJson<T> {
  value: T;
  redactions: number;
  /** True when the value nests deeper than {@link MAX_REDACTION_DEPTH}; `value` is then `undefined`. */
  tooDeep: boolean;
}

type Container = unknown[] | Record<string, unknown>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A copy of a JSON value with every string redacted, object keys included, at any depth (and an
 * integer that spells a phone or card number replaced by its marker string). The walk
 * keeps its own stack, so deep nesting cannot overflow the call stack; values nested deeper than
 * `maxDepth` are refused (`tooDeep`) rather than half-redacted.
 */
export function redactJson<T>(value: T, maxDepth = MAX_REDACTION_DEPTH): RedactedJson<T> {
  let redactions = 0;
  const text = (s: string) => {
    const r = redactPii(s);
    redactions += r.redactions;
    return r.text;
  };
  const pending: { source: Container; target: Container; depth: number }[] = [];
  const copy = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return text(v);
    // A phone or card number sent as a JSON number is PII too; counts and durations are too short to match.
    if (typeof v === 'number' && Number.isSafeInteger(v) && Math.abs(v) >= 1_000_000) {
      const r = redactPii(String(v));
      if (r.redactions > 0) {
        redactions += r.redactions;
        return r.text;
      }
    }
    if (Array.isArray(v)) {
      const target: unknown[] = new Array<unknown>(v.length);
      pending.push({ source: v, target, depth });
      return target;
    }
    if (isRecord(v)) {
      const target: Record<string, unknown> = {};
      pending.push({ source: v, target, depth });
      return target;
    }
    return v;
  };

  const root = copy(value, 1);
  while (pending.length > 0) {
    const { source, target, depth } = pending.pop()!;
    if (depth > maxDepth) return { value: undefined as T, redactions, tooDeep: true };
    if (Array.isArray(source)) {
      for (let i = 0; i < source.length; i += 1) (target as unknown[])[i] = copy(source[i], depth + 1);
    } else {
      const record = target as Record<string, unknown>;
      for (const key of Object.keys(source)) {
        const redactedKey = text(key);
        const item = copy(source[key], depth + 1);
        // A `__proto__` key from JSON.parse must stay a plain key: assignment would set the
        // prototype instead. Every other key is assigned (defineProperty on each key was a
        // visible share of the processor's CPU profile).
        if (redactedKey === '__proto__') Object.defineProperty(record, redactedKey, { value: item, enumerable: true, writable: true, configurable: true });
        else record[redactedKey] = item;
      }
    }
  }
  return { value: root as T, redactions, tooDeep: false };
}

/** Redacts every string of an event payload, at any depth; returns a copy and how many items it removed. */
export function redactPayload<T extends object>(payload: T): { payload: T; redactions: number } {
  const { value, redactions, tooDeep } = redactJson(payload);
  // A payload that passed its schema is shallow; if one is not, nothing of it may pass unredacted.
  if (tooDeep) return { payload: {} as T, redactions: redactions + 1 };
  return { payload: value, redactions };
}
