import type { ChatForm } from '@picasso/shared';
import { FIELD_CHECKS, fieldValueProblem } from '@picasso/shared/chat-contract';

export type FieldProblem = { field: string; problem: string };

export type FormValidation = { ok: true; values: Record<string, string> } | { ok: false; problems: FieldProblem[] };

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
    const problem = fieldValueProblem({ type: field.type, max_length: field.maxLength }, value);
    if (problem === 'too_long') problems.push({ field: name, problem: `is longer than ${field.maxLength} characters` });
    else if (problem === 'wrong_kind') problems.push({ field: name, problem: FIELD_CHECKS[field.type].problem });
    else accepted[name] = value;
  }
  for (const field of form.fields) {
    if (field.required && accepted[field.name] === undefined && !problems.some((p) => p.field === field.name)) problems.push({ field: field.name, problem: 'is required' });
  }
  if (problems.length === 0 && Object.keys(accepted).length === 0) problems.push({ field: '/', problem: 'no field has a value' });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, values: accepted };
}
