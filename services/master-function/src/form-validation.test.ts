import { chatSettingsOf } from '@picasso/shared';
import { validateFormValues } from './form-validation';

const tenant = chatSettingsOf({
  tenant_id: 'T1',
  tenant_hash: 'abcd1234',
  name: 'Demo',
  forms: [
    { form_id: 'volunteer', title: 'Volunteer', fields: ['first_name', 'email', 'phone'] },
    { form_id: 'strict', title: 'Strict', fields: [{ name: 'age', type: 'number', required: true }, { name: 'start', type: 'date' }, { name: 'note', max_length: 5 }] },
  ],
});
const [volunteer, strict] = tenant.forms as [(typeof tenant.forms)[0], (typeof tenant.forms)[0]];

describe('validateFormValues', () => {
  it('accepts the form fields, trimmed, and drops blank ones', () => {
    expect(validateFormValues(volunteer, { first_name: ' Ana ', email: 'ana@example.org', phone: '' })).toEqual({ ok: true, values: { first_name: 'Ana', email: 'ana@example.org' } });
  });

  it('infers the kind of a seed field from its name: an email field must hold an address', () => {
    const result = validateFormValues(volunteer, { email: 'not-an-address', phone: '12' });
    expect(result).toEqual({ ok: false, problems: [{ field: 'email', problem: 'is not an e-mail address' }, { field: 'phone', problem: 'is not a phone number' }] });
  });

  it('refuses fields the form does not have and values that are not text', () => {
    const result = validateFormValues(volunteer, { first_name: 3, ssn: '123' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([{ field: 'first_name', problem: 'must be text' }, { field: 'ssn', problem: 'is not a field of form volunteer' }]);
  });

  it('checks required fields, kinds and lengths of explicit definitions', () => {
    expect(validateFormValues(strict, { start: '2026-13-45', note: 'too long' })).toEqual({
      ok: false,
      problems: [
        { field: 'start', problem: 'is not a date (YYYY-MM-DD)' },
        { field: 'note', problem: 'is longer than 5 characters' },
        { field: 'age', problem: 'is required' },
      ],
    });
    expect(validateFormValues(strict, { age: '41', start: '2026-02-01' })).toEqual({ ok: true, values: { age: '41', start: '2026-02-01' } });
  });

  it('refuses an empty submission and a body that is not an object', () => {
    expect(validateFormValues(volunteer, {})).toEqual({ ok: false, problems: [{ field: '/', problem: 'no field has a value' }] });
    expect(validateFormValues(volunteer, ['a']).ok).toBe(false);
  });

  it('never puts a submitted value into a problem (values are PII)', () => {
    const result = validateFormValues(volunteer, { email: 'secret-value', unknown_secret: 'x' });
    expect(JSON.stringify(result)).not.toContain('secret-value');
  });
});
