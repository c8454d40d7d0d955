import type { FormFieldType } from './contract';

/**
 * What each field kind accepts, checked as the visitor answers so the message names the problem
 * at once. The master function checks the whole submission again with the same rules
 * (services/master-function/src/form-validation.ts keeps its own table; one definition in
 * @picasso/shared is the follow-up named in this package's README). Messages name the field's
 * kind, never the value.
 */
export const FIELD_CHECKS: Record<FormFieldType, { test: (value: string) => boolean; message: string }> = {
  text: { test: () => true, message: '' },
  email: { test: (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), message: 'Please enter an e-mail address, like name@example.org.' },
  phone: { test: (v) => /^\+?[0-9 ().-]{7,20}$/.test(v), message: 'Please enter a phone number (digits, spaces, + ( ) . - allowed).' },
  number: { test: (v) => /^-?\d+(\.\d+)?$/.test(v), message: 'Please enter a number.' },
  date: { test: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)), message: 'Please enter a date as YYYY-MM-DD.' },
};
