import type { FormFieldType } from '../tenants/chat-settings';

/**
 * What one field kind accepts. `problem` completes the master function's 400 ("email is not an
 * e-mail address"); `hint` is what the widget tells the visitor. Both name the kind, never the
 * value (values are PII and a refusal may be logged).
 */
export interface FieldCheck {
  accepts(value: string): boolean;
  problem: string;
  hint: string;
}

/**
 * The value check of each field kind: the widget runs it as the visitor answers, the master
 * function again on the whole submission. Deliberately loose: the submissions table keeps what
 * the visitor typed; these refuse only what is plainly not the field's kind.
 */
export const FIELD_CHECKS: Readonly<Record<FormFieldType, FieldCheck>> = {
  text: { accepts: () => true, problem: '', hint: '' },
  email: { accepts: (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), problem: 'is not an e-mail address', hint: 'Please enter an e-mail address, like name@example.org.' },
  phone: { accepts: (v) => /^\+?[0-9 ().-]{7,20}$/.test(v), problem: 'is not a phone number', hint: 'Please enter a phone number (digits, spaces, + ( ) . - allowed).' },
  number: { accepts: (v) => /^-?\d+(\.\d+)?$/.test(v), problem: 'is not a number', hint: 'Please enter a number.' },
  date: { accepts: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)), problem: 'is not a date (YYYY-MM-DD)', hint: 'Please enter a date as YYYY-MM-DD.' },
};

/** Why a field refuses a value: longer than the field's `max_length`, or not of its kind. */
export type FieldValueProblem = 'too_long' | 'wrong_kind';

/**
 * Checks one trimmed, non-empty answer against its field: the length first (UTF-16 units, as
 * both sides count them), then the kind. `undefined` means accepted. Blank and required are the
 * caller's rules (the widget keeps asking; the master function drops blanks, then lists missing
 * required fields).
 */
export function fieldValueProblem(field: { type: FormFieldType; max_length: number }, value: string): FieldValueProblem | undefined {
  if (value.length > field.max_length) return 'too_long';
  return FIELD_CHECKS[field.type].accepts(value) ? undefined : 'wrong_kind';
}
