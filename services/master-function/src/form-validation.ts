import type { ChatForm, ChatFormField } from '@picasso/shared';

export type FieldProblem = { field: string; problem: string };

export type FormValidation = { ok: true; values: Record<string, string> } | { ok: false; problems: FieldProblem[] };

// Deliberately loose: the table keeps what the visitor typed; these only refuse what is plainly not the field's kind.
const CHECKS: Record<ChatFormField['type'], { test: (v: string) => boolean; problem: string }> = {
  text: { test: () => true, problem: '' },
  email: { test: (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), problem: 'is not an e-mail address' },
  phone: { test: (v) => /^\+?[0-9 ().-]{7,20}$/.test(v), problem: 'is not a phone number' },
  number: { test: (v) => /^-?\d+(\.\d+)?$/.test(v), problem: 'is not a number' },
  date: { test: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)), problem: 'is not a date (YYYY-MM-DD)' },
};

/**
 * Checks submitted values against the tenant's form definition: only the form's fields, each a
 * string within its length and of its kind, every required field present, at least one value.
 * Problems name fields, never values (values are PII and the reply may be logged).
 */
export function validateFormValues(form: ChatForm, values: unknown): FormValidation {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return { ok: false, problems: [{ field: '/', problem: 'values must be an object of field name to text' }] };
  const byName = new Map(form.fields.map((f) => [f.name, f]));
  const problems: FieldProblem[] = [];
  const accepted: Record<string, string> = {};
  for (const [name, raw] of Object.entries(values as Record<string, unknown>)) {
    const field = byName.get(name);
    if (!field) {
      problems.push({ field: name.slice(0, 64), problem: `is not a field of form ${form.form_id}` });
      continue;
    }
    if (typeof raw !== 'string') {
      problems.push({ field: name, problem: 'must be text' });
      continue;
    }
    const value = raw.trim();
    if (value === '') continue;
    if (value.length > field.maxLength) problems.push({ field: name, problem: `is longer than ${field.maxLength} characters` });
    else if (!CHECKS[field.type].test(value)) problems.push({ field: name, problem: CHECKS[field.type].problem });
    else accepted[name] = value;
  }
  for (const field of form.fields) {
    if (field.required && accepted[field.name] === undefined && !problems.some((p) => p.field === field.name)) problems.push({ field: field.name, problem: 'is required' });
  }
  if (problems.length === 0 && Object.keys(accepted).length === 0) problems.push({ field: '/', problem: 'no field has a value' });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, values: accepted };
}
