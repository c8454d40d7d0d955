import { parseTenantConfig, validateTenantConfig } from './validate-tenant-config';

const valid = () => ({
  tenant_id: 'NEW100001',
  tenant_hash: 'ne1a2b3c4d5e6f',
  name: 'New Tenant',
  timezone: 'America/Denver',
  business_hours: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] },
  forms: [{ form_id: 'contact_form', title: 'Contact Us', fields: ['name', 'email', 'message'] }],
});

const problemsOf = (value: unknown) => {
  const result = validateTenantConfig(value);
  return result.ok ? [] : result.problems;
};

describe('validateTenantConfig', () => {
  it('accepts a complete config and an optional chat section of any shape', () => {
    expect(validateTenantConfig(valid())).toMatchObject({ ok: true, warnings: [] });
    const chat = { knowledge_base_id: 'KB1', model_id: 'm', streaming: { enabled: true }, allowed_origins: ['https://x.org'] };
    expect(validateTenantConfig({ ...valid(), chat })).toMatchObject({ ok: true, config: { chat } });
  });

  it('keeps unknown top-level sections but warns that analytics does not read them', () => {
    const result = validateTenantConfig({ ...valid(), branding: { color: '#fff' } });
    expect(result).toMatchObject({ ok: true, warnings: ['/branding: not read by analytics (kept as is)'] });
  });

  it.each([
    ['a missing name', (c: Record<string, unknown>) => delete c.name, "(top level): must have required property 'name'"],
    ['an unknown time zone', (c: Record<string, unknown>) => (c.timezone = 'America/Atlantis'), '/timezone: "America/Atlantis" is not an IANA time zone'],
    ['hours not HH:MM', (c: Record<string, unknown>) => ((c.business_hours as Record<string, unknown>).start = '9am'), '/business_hours/start: must be HH:MM (24-hour), got "9am"'],
    ['start after end', (c: Record<string, unknown>) => ((c.business_hours as Record<string, unknown>).end = '08:00'), '/business_hours: start 09:00 must be before end 08:00'],
    ['a day outside 1–7', (c: Record<string, unknown>) => ((c.business_hours as Record<string, unknown>).days = [0, 1]), '/business_hours/days/0: business days are ISO weekdays 1 (Monday) … 7 (Sunday), got 0'],
    ['a repeated day', (c: Record<string, unknown>) => ((c.business_hours as Record<string, unknown>).days = [1, 1]), '/business_hours/days: must NOT have duplicate items'],
    ['an uppercase tenant_hash', (c: Record<string, unknown>) => (c.tenant_hash = 'NE1A2B'), '/tenant_hash: must be 4–64 lowercase letters or digits'],
    ['a too-short tenant_hash', (c: Record<string, unknown>) => (c.tenant_hash = 'ab1'), '/tenant_hash: must NOT have fewer than 4 characters'],
    ['a tenant_id with a slash', (c: Record<string, unknown>) => (c.tenant_id = 'a/b'), '/tenant_id: must match pattern'],
    [
      'two forms with one id',
      (c: Record<string, unknown>) => (c.forms = [...(c.forms as unknown[]), { form_id: 'contact_form', title: 'Again', fields: [] }]),
      '/forms/1/form_id: duplicate form id "contact_form"',
    ],
    ['a repeated field', (c: Record<string, unknown>) => (c.forms = [{ form_id: 'f', title: 'F', fields: ['email', 'email'] }]), '/forms/0/fields: duplicate field "email" in form "f"'],
    ['an unknown field in a form', (c: Record<string, unknown>) => (c.forms = [{ form_id: 'f', title: 'F', fields: [], fieldz: [] }]), '/forms/0: unknown field "fieldz"'],
    ['chat that is not an object', (c: Record<string, unknown>) => (c.chat = 'on'), '/chat: must be object'],
  ])('names the problem for %s', (_what, breakIt, problem) => {
    // Prepare
    const config: Record<string, unknown> = valid();
    breakIt(config);
    // Act
    const problems = problemsOf(config);
    // Assess
    expect(problems).toContainEqual(expect.stringContaining(problem));
  });

  it('reports every problem at once, not the first only', () => {
    expect(problemsOf({ ...valid(), timezone: 'Nowhere/City', business_hours: { start: '18:00', end: '09:00', days: [1] } })).toHaveLength(2);
  });

  it('turns text that is not JSON or not an object into a problem instead of throwing', () => {
    expect(parseTenantConfig('{"tenant_id": ')).toMatchObject({ ok: false, problems: [expect.stringMatching(/^\(file\): not JSON/)] });
    expect(parseTenantConfig('[]')).toMatchObject({ ok: false, problems: ['(top level): a tenant config must be a JSON object'] });
  });
});

describe('validateTenantConfig on a file with schema and semantic problems together', () => {
  it('names both kinds in one run, so a file is fixed in one pass', () => {
    // Prepare: a bad hash (schema) beside an unknown zone and a duplicate form id (semantic)
    const config = { ...valid(), tenant_hash: 'Bad!', timezone: 'Mars/Base', forms: [valid().forms[0], valid().forms[0]] };
    // Act
    const problems = problemsOf(config);
    // Assess
    expect(problems).toEqual([
      expect.stringContaining('/tenant_hash: must be 4–64 lowercase letters or digits'),
      '/timezone: "Mars/Base" is not an IANA time zone (e.g. America/Chicago)',
      '/forms/1/form_id: duplicate form id "contact_form"',
    ]);
  });
});
