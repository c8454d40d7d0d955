import { FORM_FIELD_TYPES } from '../tenants/chat-settings';
import { FIELD_CHECKS, fieldValueProblem } from './field-checks';

describe('fieldValueProblem', () => {
  it('accepts a value of the field kind within its length', () => {
    const accepted = [
      fieldValueProblem({ type: 'text', max_length: 10 }, 'anything'),
      fieldValueProblem({ type: 'email', max_length: 100 }, 'ana@example.org'),
      fieldValueProblem({ type: 'phone', max_length: 100 }, '+1 (512) 555-0199'),
      fieldValueProblem({ type: 'number', max_length: 100 }, '-12.5'),
      fieldValueProblem({ type: 'date', max_length: 100 }, '2026-02-28'),
    ];
    expect(accepted).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('refuses a value that is plainly not of the field kind', () => {
    const refused = [
      fieldValueProblem({ type: 'email', max_length: 100 }, 'not-an-address'),
      fieldValueProblem({ type: 'phone', max_length: 100 }, '12'),
      fieldValueProblem({ type: 'number', max_length: 100 }, '12a'),
      fieldValueProblem({ type: 'date', max_length: 100 }, '2026-13-45'),
    ];
    expect(refused).toEqual(['wrong_kind', 'wrong_kind', 'wrong_kind', 'wrong_kind']);
  });

  it('checks the length before the kind, so an over-long value is named too long', () => {
    expect(fieldValueProblem({ type: 'email', max_length: 5 }, 'ana@example.org')).toBe('too_long');
    expect(fieldValueProblem({ type: 'text', max_length: 5 }, '12345')).toBeUndefined();
  });
});

describe('FIELD_CHECKS', () => {
  it('has a check, a server problem and a visitor hint for every field kind a tenant form may name', () => {
    expect(Object.keys(FIELD_CHECKS).sort()).toEqual([...FORM_FIELD_TYPES].sort());
    const wording = FORM_FIELD_TYPES.filter((t) => t !== 'text').map((t) => [t, FIELD_CHECKS[t].problem !== '', FIELD_CHECKS[t].hint !== '']);
    expect(wording).toEqual(FORM_FIELD_TYPES.filter((t) => t !== 'text').map((t) => [t, true, true]));
  });
});
