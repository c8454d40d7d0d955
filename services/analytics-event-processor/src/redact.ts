/**
 * Redaction of personal data from free text before it enters the lake (docs/architecture.md, "Lake layout"): e-mail
 * addresses, card numbers (Luhn-checked, so order numbers survive) and phone numbers.
 */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// 13–19 digits, optionally grouped by spaces or dashes (PAN lengths per ISO/IEC 7812).
const CARD_CANDIDATE = /(?<![\d])(?:\d[ -]?){12,18}\d(?![\d])/g;
// North American and international formats: +1 (555) 123-4567, 555.123.4567, +44 20 7946 0958.
const PHONE = /(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?|\d{2,4}[\s.-])?\d{3,4}[\s.-]?\d{4}(?![\w])/g;

function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export interface RedactionResult {
  text: string;
  redactions: number;
}

/** Replaces e-mail addresses, card numbers and phone numbers with `[EMAIL]`, `[CARD]`, `[PHONE]`. */
export function redactPii(input: string): RedactionResult {
  let redactions = 0;
  let text = input.replace(EMAIL, () => {
    redactions += 1;
    return '[EMAIL]';
  });
  text = text.replace(CARD_CANDIDATE, (match) => {
    const digits = match.replace(/\D/g, '');
    if (digits.length < 13 || !passesLuhn(digits)) return match;
    redactions += 1;
    return '[CARD]';
  });
  text = text.replace(PHONE, (match) => {
    const digits = match.replace(/\D/g, '');
    if (digits.length < 7 || digits.length > 15) return match;
    redactions += 1;
    return '[PHONE]';
  });
  return { text, redactions };
}

/** Redacts every string value of an event payload; returns a copy and how many items it removed. */
export function redactPayload<T extends object>(payload: T): { payload: T; redactions: number } {
  let redactions = 0;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(payload)) {
    if (typeof value === 'string') {
      const r = redactPii(value);
      redactions += r.redactions;
      out[key] = r.text;
    } else {
      out[key] = value;
    }
  }
  return { payload: out as T, redactions };
}
