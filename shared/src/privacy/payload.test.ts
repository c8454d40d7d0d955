import fc from 'fast-check';
import { MAX_REDACTION_DEPTH, redactJson, redactPayload } from './payload';
import { QUARANTINE_EXCERPT_LENGTH, quarantinedBody } from './quarantine';

const PROPERTY = { seed: 20261202, numRuns: 200 } as const;
const PII = ['jane.doe@example.com', '+44 20 7946 0958', '123-45-6789', '4111 1111 1111 1111', '(512) 555-0143', '０９０－１２３４－５６７８'];
const hasDigitOrAt = /[0-9\uff10-\uff19@]/;

/** A JSON value of letters-only text, numbers-free, with PII strings (as values and keys) anywhere in it. */
const jsonWithPii = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...PII).map((p) => `reach me at ${p} thanks`),
    fc.stringMatching(/^[a-z ]{0,12}$/),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.stringMatching(/^[a-z_]{1,8}$/), fc.constantFrom(...PII)), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Wraps a value in `depth` alternating objects and arrays. */
function nest(value: unknown, depth: number): unknown {
  let v = value;
  for (let i = 0; i < depth; i += 1) v = i % 2 ? [v] : { inner: v };
  return v;
}

describe('redactJson', () => {
  it('redacts strings and keys at every depth and keeps everything else', () => {
    // Act
    const { value, redactions } = redactJson({ a: [{ b: 'mail x@y.com' }, 42, true, null], 'jane@x.org': { c: ['call 020 7946 0958'] } });

    // Assess
    expect(value).toEqual({ a: [{ b: 'mail [EMAIL]' }, 42, true, null], '[EMAIL]': { c: ['call [PHONE]'] } });
    expect(redactions).toBe(3);
  });

  it('leaves no generated PII at any nesting depth', () => {
    fc.assert(
      fc.property(jsonWithPii, fc.nat(MAX_REDACTION_DEPTH - 2), (json, depth) => {
        const { value, tooDeep } = redactJson(nest(json, depth));
        expect(tooDeep).toBe(false);
        expect(JSON.stringify(value)).not.toMatch(hasDigitOrAt);
      }),
      PROPERTY,
    );
  });

  it('is idempotent on JSON values', () => {
    fc.assert(
      fc.property(jsonWithPii, (json) => {
        const once = redactJson(json).value;
        expect(redactJson(once)).toEqual({ value: once, redactions: 0, tooDeep: false });
      }),
      PROPERTY,
    );
  });

  it('refuses, without overflowing the stack, a value nested 100,000 deep', () => {
    // Prepare
    const deep = JSON.parse('['.repeat(100_000) + '"x@y.com"' + ']'.repeat(100_000)) as unknown;

    // Act
    const result = redactJson(deep);

    // Assess
    expect(result.tooDeep).toBe(true);
    expect(result.value).toBeUndefined();
  });

  it('replaces an integer that spells a phone or card number, and keeps counts and durations', () => {
    const { value, redactions } = redactJson({ phone: 5125550143, card: 4111111111111111, character_count: 1234, response_time_ms: 1500.5 });
    expect(value).toEqual({ phone: '[PHONE]', card: '[CARD]', character_count: 1234, response_time_ms: 1500.5 });
    expect(redactions).toBe(2);
  });

  it('keeps a __proto__ key a plain key', () => {
    const { value } = redactJson(JSON.parse('{"__proto__": {"polluted": "a@b.com"}}') as object);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(JSON.stringify(value)).toBe('{"__proto__":{"polluted":"[EMAIL]"}}');
  });
});

describe('redactPayload', () => {
  it('redacts every string of a payload and keeps numbers', () => {
    const { payload, redactions } = redactPayload({ content_preview: 'reach me at x@y.com', character_count: 19 });
    expect(payload).toEqual({ content_preview: 'reach me at [EMAIL]', character_count: 19 });
    expect(redactions).toBe(1);
  });
});

describe('quarantinedBody', () => {
  it('keeps a parseable body as JSON with every string redacted', () => {
    // Prepare
    const raw = JSON.stringify({ event_type: 'MESSAGE_SENT', event_payload: { content_preview: 'ssn 123-45-6789', extra: { deep: ['me@x.com'] } } });

    // Act
    const kept = quarantinedBody(raw);

    // Assess
    expect(kept).toEqual({ body: { event_type: 'MESSAGE_SENT', event_payload: { content_preview: 'ssn [SSN]', extra: { deep: ['[EMAIL]'] } } }, redactions: 2 });
  });

  it('keeps an unparseable body only as length, hash and a redacted, capped excerpt', () => {
    // Prepare: the phone number straddles the excerpt's end, the e-mail lies far past it.
    const raw = `{"oops": "${'x'.repeat(QUARANTINE_EXCERPT_LENGTH - 30)} call +44 20 7946 0958 ${'y'.repeat(5000)} jane@example.com`;

    // Act
    const kept = quarantinedBody(raw);

    // Assess
    expect(kept).not.toHaveProperty('body');
    expect(kept).toMatchObject({ body_length: Buffer.byteLength(raw), body_sha256: expect.stringMatching(/^[0-9a-f]{64}$/), redactions: 2 });
    const excerpt = (kept as { body_excerpt: string }).body_excerpt;
    expect(excerpt.length).toBeLessThanOrEqual(QUARANTINE_EXCERPT_LENGTH);
    expect(excerpt).toMatch(/call \[PHONE\] y*$/);
    expect(JSON.stringify(kept)).not.toMatch(/7946|0958|jane/);
  });

  it('never stores an unparseable body verbatim, whatever it holds', () => {
    fc.assert(
      fc.property(fc.string({ minLength: QUARANTINE_EXCERPT_LENGTH + 1 }), fc.constantFrom(...PII), (noise, pii) => {
        const raw = `{${noise} ${pii}`;
        fc.pre((() => { try { JSON.parse(raw); return false; } catch { return true; } })());
        const kept = quarantinedBody(raw) as { body_excerpt: string };
        expect(kept.body_excerpt.length).toBeLessThan(raw.length);
        expect(JSON.stringify(kept)).not.toContain(pii);
      }),
      PROPERTY,
    );
  });

  it('treats a body nested too deep to store as unparseable', () => {
    const raw = `${'['.repeat(10_000)}"x@y.com"${']'.repeat(10_000)}`;
    const kept = quarantinedBody(raw);
    expect(kept).not.toHaveProperty('body');
    expect(kept).toMatchObject({ body_length: raw.length });
  });
});
