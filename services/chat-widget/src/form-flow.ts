import type { WidgetForm, WidgetFormField } from './contract';
import { FIELD_CHECKS } from './field-checks';

/**
 * A tenant form run as a conversation: one field at a time. Pure state transitions, so the panel,
 * the session store and the tests share one definition of what "the field the visitor stopped at"
 * means. The state is plain JSON (it is kept in session storage across a reload).
 */
export interface FormFlowState {
  formId: string;
  formTitle: string;
  fields: WidgetFormField[];
  /** The field being asked (index into `fields`); `fields.length` once every field is answered. */
  index: number;
  values: Record<string, string>;
  /** Epoch ms the form started (for `duration_seconds`). */
  startedAt: number;
  /** Client-generated id; the master function stores a submission once per id. */
  submissionId: string;
}

export type AnswerResult = { ok: true; state: FormFlowState; complete: boolean } | { ok: false; state: FormFlowState; problem: string };

/** Starts a form at its first field. */
export function startForm(form: WidgetForm, now: number, submissionId: string): FormFlowState {
  if (form.fields.length === 0) throw new Error(`form ${form.form_id} has no fields`);
  return { formId: form.form_id, formTitle: form.title, fields: form.fields, index: 0, values: {}, startedAt: now, submissionId };
}

/** The field being asked, or undefined once all are answered. */
export function currentField(state: FormFlowState): WidgetFormField | undefined {
  return state.fields[state.index];
}

/** The question the widget asks for a field. */
export function promptFor(field: WidgetFormField): string {
  return `${capitalise(field.label)}?${field.required ? '' : ' (optional: you can skip this one)'}`;
}

/**
 * The visitor's answer to the current field: accepted (move on) or refused with a message that
 * names the problem and keeps the visitor on the same field.
 */
export function answerField(state: FormFlowState, raw: string): AnswerResult {
  const field = currentField(state);
  if (!field) return { ok: false, state, problem: 'This form is already complete.' };
  const value = raw.trim();
  if (value === '') {
    if (field.required) return { ok: false, state, problem: `${capitalise(field.label)} is required.` };
    return advance(state, undefined);
  }
  if (value.length > field.max_length) return { ok: false, state, problem: `Please keep this under ${field.max_length} characters.` };
  const check = FIELD_CHECKS[field.type];
  if (!check.test(value)) return { ok: false, state, problem: check.message };
  return advance(state, value);
}

/** Skips an optional field; a required one stays asked. */
export function skipField(state: FormFlowState): AnswerResult {
  const field = currentField(state);
  if (!field) return { ok: false, state, problem: 'This form is already complete.' };
  if (field.required) return { ok: false, state, problem: `${capitalise(field.label)} is required.` };
  return advance(state, undefined);
}

function advance(state: FormFlowState, value: string | undefined): AnswerResult {
  const field = state.fields[state.index]!;
  const values = { ...state.values };
  if (value === undefined) delete values[field.name];
  else values[field.name] = value;
  const next = { ...state, index: state.index + 1, values };
  return { ok: true, state: next, complete: next.index >= next.fields.length };
}

/** The `FORM_ABANDONED` payload for a form left at its current field: the field's name, never a value. */
export function abandonment(state: FormFlowState, now: number) {
  const field = currentField(state) ?? state.fields[state.fields.length - 1]!;
  return {
    form_id: state.formId,
    form_label: state.formTitle.slice(0, 256),
    last_field: field.name,
    fields_completed: Object.keys(state.values).length,
    duration_seconds: Math.max(0, Math.round((now - state.startedAt) / 1000)),
  };
}

/** The `POST /form_submission` body of a complete form. */
export function submission(state: FormFlowState, now: number) {
  return { submission_id: state.submissionId, form_id: state.formId, values: state.values, duration_seconds: Math.max(0, Math.round((now - state.startedAt) / 1000)) };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
