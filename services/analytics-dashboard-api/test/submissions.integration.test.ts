import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ATLAS, FOSTER, startApi, type ApiUnderTest, type Json } from './api-harness';

const HOUR = 3_600_000;

function submission(tenant: { tenant_id: string }, id: string, submittedAt: string) {
  return {
    submission_id: id,
    tenant_id: tenant.tenant_id,
    form_id: 'volunteer_interest',
    form_title: 'Volunteer Interest Form',
    submitted_at: submittedAt,
    session_id: `sess_${id}`,
    form_data: { first_name: 'Jane', email: `${id}@example.com`, phone: '555-0100' },
  };
}

describe('GET /forms/submissions (PII)', () => {
  let api: ApiUnderTest;
  const recent = Array.from({ length: 5 }, (_, i) => submission(FOSTER, `sub_recent_${i}`, new Date(Date.now() - (i + 1) * 7 * HOUR).toISOString()));
  // Chicago is UTC-5 on 2025-03-10 (DST began on 03-09): the local day is [05:00Z, next 05:00Z).
  const dayEdges = [
    submission(FOSTER, 'sub_before_day', '2025-03-10T04:59:59Z'),
    submission(FOSTER, 'sub_day_start', '2025-03-10T05:00:00Z'),
    submission(FOSTER, 'sub_day_late', '2025-03-11T04:30:00.123Z'),
    submission(FOSTER, 'sub_next_day', '2025-03-11T05:00:00Z'),
  ];

  const auditItems = async () => (await api.env.doc.send(new ScanCommand({ TableName: api.env.names.auditTable }))).Items ?? [];

  beforeAll(async () => {
    api = await startApi();
    const items = [
      ...recent,
      ...dayEdges,
      submission(FOSTER, 'sub_old', new Date(Date.now() - 40 * 24 * HOUR).toISOString()),
      submission(ATLAS, 'sub_other_tenant', new Date(Date.now() - 2 * HOUR).toISOString()),
    ];
    await api.env.doc.send(new BatchWriteCommand({ RequestItems: { [api.env.names.formSubmissionsTable]: items.map((Item) => ({ PutRequest: { Item } })) } }));
  });
  afterAll(() => api.close());

  it('refuses a token without the pii:read scope with 403 and audits nothing', async () => {
    // Act
    const res = await api.call('/forms/submissions?range=30d', { token: await api.tokenFor(FOSTER, { pii: false }) });

    // Assess
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/pii:read/);
    expect(await auditItems()).toHaveLength(0);
  });

  it('pages through the tenant’s submissions newest first and audits every read', async () => {
    // Prepare
    const token = await api.tokenFor(FOSTER, { pii: true });
    const pages: Json[] = [];

    // Act
    let next: string | null = null;
    do {
      const res = await api.call(`/forms/submissions?range=30d&limit=2${next ? `&next_token=${next}` : ''}`, { token });
      expect(res.status).toBe(200);
      pages.push(res.body);
      next = res.body.data.next_token;
    } while (next && pages.length < 10);

    // Assess: exactly the five recent ones, newest first; nothing older than 30 days, nothing of another tenant.
    const ids = pages.flatMap((p) => p.data.submissions.map((s: Json) => s.submission_id));
    expect(ids).toEqual(recent.map((s) => s.submission_id));
    expect(pages[0].data.submissions[0]).toEqual({ ...recent[0], tenant_id: undefined });
    expect(pages.every((p) => p.tenant_id === FOSTER.tenant_id && p.source === 'submissions')).toBe(true);
    const audits = await auditItems();
    expect(audits).toHaveLength(pages.length);
    expect(audits.map((a) => a.records_returned).sort()).toEqual(pages.map((p) => p.data.count).sort());
    for (const audit of audits) {
      expect(audit).toMatchObject({ action: 'pii_read', subject: `dev:${FOSTER.tenant_hash}`, tenant_id: FOSTER.tenant_id, route: '/forms/submissions', request_id: expect.any(String) });
      expect(JSON.stringify(audit)).not.toMatch(/example\.com|Jane|555-0100/);
    }
  });

  it('reads a custom range by the tenant’s local days, edges included and excluded exactly', async () => {
    // Act
    const res = await api.call('/forms/submissions?start_date=2025-03-10&end_date=2025-03-10', { token: await api.tokenFor(FOSTER, { pii: true }) });

    // Assess
    expect(res.status).toBe(200);
    expect(res.body.range).toEqual({ start_date: '2025-03-10', end_date: '2025-03-10' });
    expect(res.body.data.submissions.map((s: Json) => s.submission_id)).toEqual(['sub_day_late', 'sub_day_start']);
  });

  it('refuses a next_token that points into another tenant', async () => {
    // Prepare: a cursor forged from another tenant's key.
    const forged = Buffer.from(JSON.stringify({ submission_id: 'sub_other_tenant', tenant_id: ATLAS.tenant_id, submitted_at: new Date().toISOString().slice(0, 19) })).toString('base64url');

    // Act
    const res = await api.call(`/forms/submissions?range=30d&next_token=${forged}`, { token: await api.tokenFor(FOSTER, { pii: true }) });

    // Assess
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'bad_request', message: expect.stringMatching(/next_token/) });
  });

  it.each([
    ['limit=0', /limit/],
    ['limit=101', /limit/],
    ['limit=ten', /limit/],
    ['next_token=%7B%7D', /next_token/],
  ])('answers 400 naming the parameter for %s', async (query, message) => {
    const res = await api.call(`/forms/submissions?${query}`, { token: await api.tokenFor(FOSTER, { pii: true }) });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(message);
  });
});
