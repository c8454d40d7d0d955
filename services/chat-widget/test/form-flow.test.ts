import type { WidgetForm } from '../src/contract';
import { abandonment, answerField, currentField, promptFor, skipField, startForm, submission, type FormFlowState } from '../src/form-flow';

const form: WidgetForm = {
  form_id: 'volunteer_interest',
  title: 'Volunteer Interest Form',
  fields: [
    { name: 'first_name', label: 'first name', type: 'text', required: true, max_length: 20 },
    { name: 'email', label: 'email', type: 'email', required: false, max_length: 200 },
    { name: 'phone', label: 'phone', type: 'phone', required: false, max_length: 30 },
    { name: 'pickup_date', label: 'pickup date', type: 'date', required: true, max_length: 10 },
  ],
};
const T0 = Date.UTC(2026, 0, 1);

function answered(state: FormFlowState, ...answers: string[]): FormFlowState {
  return answers.reduce((s, a) => {
    const r = answerField(s, a);
    if (!r.ok) throw new Error(r.problem);
    return r.state;
  }, state);
}

describe('form flow', () => {
  it('asks one field at a time, in order, saying which ones are optional', () => {
    const state = startForm(form, T0, 'sub_12345678');
    expect(currentField(state)?.name).toBe('first_name');
    expect(promptFor(currentField(state)!)).toBe('First name?');
    const next = answered(state, 'Ada');
    expect(currentField(next)?.name).toBe('email');
    expect(promptFor(currentField(next)!)).toBe('Email? (optional: you can skip this one)');
  });

  it('refuses a value that is not of the field kind and stays on the field, naming the problem not the value', () => {
    const state = answered(startForm(form, T0, 'sub_12345678'), 'Ada');
    const result = answerField(state, 'not-an-address');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem).toMatch(/e-mail address/);
    expect(result.problem).not.toContain('not-an-address');
    expect(currentField(result.state)?.name).toBe('email');
  });

  it('refuses an empty required field, a too long value and an impossible date', () => {
    const state = startForm(form, T0, 'sub_12345678');
    expect(answerField(state, '   ')).toMatchObject({ ok: false, problem: 'First name is required.' });
    expect(answerField(state, 'x'.repeat(21))).toMatchObject({ ok: false, problem: 'Please keep this under 20 characters.' });
    expect(skipField(state)).toMatchObject({ ok: false });
    const atDate = answered(state, 'Ada', '', '');
    expect(currentField(atDate)?.name).toBe('pickup_date');
    expect(answerField(atDate, '2026-13-45')).toMatchObject({ ok: false, problem: 'Please enter a date as YYYY-MM-DD.' });
  });

  it('skips optional fields (no value kept) and completes after the last field with the values to submit', () => {
    let state = answered(startForm(form, T0, 'sub_12345678'), '  Ada ', 'ada@example.org');
    const skipped = skipField(state);
    expect(skipped.ok).toBe(true);
    state = skipped.state;
    const last = answerField(state, '2026-03-01');
    expect(last).toMatchObject({ ok: true, complete: true });
    expect(currentField(last.state)).toBeUndefined();
    expect(submission(last.state, T0 + 42_400)).toEqual({ submission_id: 'sub_12345678', form_id: 'volunteer_interest', values: { first_name: 'Ada', email: 'ada@example.org', pickup_date: '2026-03-01' }, duration_seconds: 42 });
  });

  it('abandonment names the field the visitor stopped at and counts answered fields, carrying no value', () => {
    const state = answered(startForm(form, T0, 'sub_12345678'), 'Ada', 'ada@example.org');
    const payload = abandonment(state, T0 + 9_000);
    expect(payload).toEqual({ form_id: 'volunteer_interest', form_label: 'Volunteer Interest Form', last_field: 'phone', fields_completed: 2, duration_seconds: 9 });
    expect(JSON.stringify(payload)).not.toMatch(/Ada|example\.org/);
  });

  it('a form with no field cannot start', () => {
    expect(() => startForm({ ...form, fields: [] }, T0, 'sub_12345678')).toThrow(/no fields/);
  });
});
