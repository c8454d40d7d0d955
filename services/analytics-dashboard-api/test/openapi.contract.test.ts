import { readFileSync } from 'node:fs';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { buildDayRollups, DynamoDbRollupStore, type RollupQueryRow } from '@picasso/shared';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { DynamoDbColdPathSlots } from '../src/adapters/dynamodb-cold-path-slots';
import { ROUTES } from '../src/routes';
import { ATLAS, FOSTER, startApi, type ApiUnderTest, type Json } from './api-harness';

const document = parse(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8')) as Json;
const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
addFormats(ajv as never);
// The document's schemas as one JSON Schema 2020-12 resource (OpenAPI 3.1 schemas are exactly
// that); `#/components/schemas/X` becomes `openapi#/$defs/X`.
ajv.addSchema(JSON.parse(JSON.stringify({ $id: 'openapi', $defs: document.components.schemas }).replaceAll('#/components/schemas/', '#/$defs/')));

/** The JSON Schema of one documented response (following `$ref`s into components.responses). */
function responseSchemaRef(path: string, status: string): string {
  const responses = document.paths[path].get.responses;
  expect(Object.keys(responses)).toContain(status);
  const response = responses[status];
  const ref: string = response.$ref ?? `#/paths/${path}/${status}`;
  const resolved = response.$ref ? document.components.responses[ref.split('/').pop()!] : response;
  return resolved.content['application/json'].schema.$ref.replace('#/components/schemas/', 'openapi#/$defs/');
}

function expectMatches(schemaRef: string, body: unknown): void {
  const validate = ajv.getSchema(schemaRef);
  if (!validate) throw new Error(`no schema ${schemaRef}`);
  const ok = validate(body);
  expect({ schemaRef, errors: ok ? null : validate.errors }).toEqual({ schemaRef, errors: null });
}

const row = (over: Partial<RollupQueryRow>): RollupQueryRow => ({
  grain: 'dimension', hour_start: 0, session_id: null, event_type: null, form_id: null, form_label: null, field: null, question: null,
  first_token_bucket: null, total_bucket: null,
  events: 1, widget_opens: 0, messages_sent: 0, messages_received: 0, kb_replies: 0, forms_started: 0, forms_completed: 0, forms_abandoned: 0,
  first_message_at: null, response_ms_sum: null, response_count: 0, first_token_ms_sum: null, first_token_count: 0,
  first_token_under_1s: 0, first_token_over_10s: 0, duration_sum: null, duration_count: 0,
  ...over,
});

describe('the OpenAPI document', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await startApi();
    // Rollups rich enough that every list in every metric has items to validate.
    const h = Math.floor(Date.now() / 3_600_000) * 3600 - 3600;
    const form = { form_id: 'volunteer_interest', form_label: 'Volunteer Interest Form' };
    const rows = [
      row({ grain: 'session', hour_start: h, session_id: 's1', events: 7, widget_opens: 1, messages_sent: 1, messages_received: 1, forms_started: 1, forms_completed: 1, first_message_at: h + 30, response_ms_sum: 1200, response_count: 1, first_token_ms_sum: 800, first_token_count: 1,
        last_sent_at: h + 30, last_reply_at: h + 35, last_reply_kb: 1, last_reply_id: 'r1', token_replies: 1 }),
      row({ grain: 'feedback', hour_start: h, session_id: 's1', feedback_id: 'r1', rating: 'up', feedback_at: h + 60, comment: 'Great answer' }),
      row({ hour_start: h, event_type: 'MESSAGE_RECEIVED', model_id: 'anthropic.claude-3-haiku-20240307-v1:0', events: 1, token_replies: 1, input_tokens_sum: 1000, output_tokens_sum: 200 }),
      row({ grain: 'session', hour_start: h, session_id: 's2', events: 3, widget_opens: 1, messages_sent: 1, forms_started: 1, forms_abandoned: 1, first_message_at: h + 90 }),
      row({ hour_start: h, event_type: 'MESSAGE_SENT', question: 'What are your hours?', events: 2 }),
      row({ hour_start: h, event_type: 'FORM_STARTED', ...form, events: 2 }),
      row({ hour_start: h, event_type: 'FORM_COMPLETED', ...form, events: 1, duration_sum: 95, duration_count: 1 }),
      row({ hour_start: h, event_type: 'FORM_ABANDONED', ...form, field: 'phone', events: 1 }),
    ];
    const [rollup] = buildDayRollups(FOSTER.tenant_id, [new Date(h * 1000).toISOString().slice(0, 10)], rows, new Date());
    await new DynamoDbRollupStore(api.env.doc, api.env.names.rollupsTable).replaceDayRollup(rollup!);
    const submitted = new Date(Date.now() - 3_600_000).toISOString();
    await api.env.doc.send(
      new BatchWriteCommand({
        RequestItems: {
          [api.env.names.formSubmissionsTable]: [
            { PutRequest: { Item: { submission_id: 'sub_1', tenant_id: FOSTER.tenant_id, form_id: 'contact_form', form_title: 'Contact Us', submitted_at: submitted, session_id: 's1', form_data: { name: 'A', email: 'a@example.com', message: 'hi' } } } },
          ],
        },
      }),
    );
  });
  afterAll(() => api.close());

  it('documents exactly the routes the API serves', () => {
    expect(Object.keys(document.paths).sort()).toEqual([...ROUTES.keys()].sort());
    expect(document.openapi).toBe('3.1.0');
  });

  it.each([...ROUTES.keys()])('%s answers 200, 400, 401, 403 and 405 as documented', async (path) => {
    // Prepare
    const token = await api.tokenFor(FOSTER, { pii: true });

    // Act
    const ok = await api.call(`${path}?range=7d`, { token });
    const bad = await api.call(`${path}?range=yesterday`, { token });
    const anonymous = await api.call(path);
    const otherTenant = await api.call(`${path}?tenant_id=${ATLAS.tenant_id}`, { token });
    const posted = await api.call(path, { method: 'DELETE', token });

    // Assess
    expect([ok.status, bad.status, anonymous.status, otherTenant.status, posted.status]).toEqual([200, 400, 401, 403, 405]);
    expectMatches(responseSchemaRef(path, '200'), ok.body);
    expectMatches(responseSchemaRef(path, '400'), bad.body);
    expectMatches(responseSchemaRef(path, '401'), anonymous.body);
    expectMatches(responseSchemaRef(path, '403'), otherTenant.body);
    expectMatches(responseSchemaRef(path, '405'), posted.body);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });

  it('documents the 429 every metric route answers while the tenant’s cold-path slots are all taken', async () => {
    // Prepare: other instances hold all four of Atlas' slots.
    const metricPaths = [...ROUTES.values()].filter((r) => r.kind === 'metric').map((r) => r.path);
    const others = new DynamoDbColdPathSlots(api.env.doc, api.env.names.dashboardCacheTable, { slotsPerTenant: 4, leaseSeconds: 30, retryAfterSeconds: 5 });
    let release!: () => void;
    let allTaken!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const taken = new Promise<void>((resolve) => (allTaken = resolve));
    let holders = 0;
    const holding = Array.from({ length: 4 }, () =>
      others.withSlot(ATLAS.tenant_id, () => {
        if ((holders += 1) === 4) allTaken();
        return held;
      }),
    );
    await taken;
    const token = await api.tokenFor(ATLAS);

    // Act
    const refused = await Promise.all(metricPaths.map((path) => api.call(`${path}?start_date=2025-03-01&end_date=2025-03-02`, { token })));
    release();
    await Promise.all(holding);

    // Assess
    expect(refused.map((r) => r.status)).toEqual(metricPaths.map(() => 429));
    refused.forEach((r, i) => expectMatches(responseSchemaRef(metricPaths[i]!, '429'), r.body));
    expect(refused.every((r) => Number(r.headers.get('retry-after')) >= 1)).toBe(true);
  });

  it('lists items in every metric, so the item schemas were exercised', async () => {
    const token = await api.tokenFor(FOSTER, { pii: true });
    const lists = await Promise.all(
      [
        ['/conversations/heatmap', 'cells'],
        ['/conversations/trend', 'points'],
        ['/conversations/top-questions', 'questions'],
        ['/forms/bottlenecks', 'fields'],
        ['/forms/top-performers', 'forms'],
        ['/analytics/funnel', 'stages'],
        ['/forms/submissions', 'submissions'],
      ].map(async ([path, key]) => [path, (await api.call(`${path}?range=7d`, { token })).body.data[key!].length > 0]),
    );
    expect(lists.filter(([, nonEmpty]) => !nonEmpty)).toEqual([]);
  });

  it('is strict enough to refuse a response that breaks the contract', () => {
    const validate = ajv.getSchema('openapi#/$defs/FormsSummaryResponse')!;
    const envelope = { tenant_id: 'T', metric: 'forms_summary', range: '7d', period: { start_date: '2025-01-01', end_date: '2025-01-07' }, source: 'cache', updated_at: new Date().toISOString(), age_seconds: 5 };
    const data = { forms_started: 2, forms_completed: 1, forms_abandoned: 1, completion_rate: 50, avg_completion_seconds: 95 };
    expect(validate({ ...envelope, data })).toBe(true);
    expect(validate({ ...envelope, data: { ...data, completion_rate: '50%' } })).toBe(false);
    expect(validate({ ...envelope, metric: 'forms_bottlenecks', data })).toBe(false);
    expect(validate({ ...envelope, source: 'guess', data })).toBe(false);
  });

  it('describes an unknown route’s 404 with the error schema', async () => {
    const res = await api.call('/nope', { token: await api.tokenFor(FOSTER) });
    expect(res.status).toBe(404);
    expectMatches('openapi#/$defs/Error', res.body);
  });

  it('describes a custom-range request’s envelope (range as dates)', () => {
    expectMatches('openapi#/$defs/MetricEnvelope', {
      tenant_id: 'T', metric: 'forms_summary', range: { start_date: '2025-01-01', end_date: '2025-01-31' }, period: { start_date: '2025-01-01', end_date: '2025-01-31' },
      data: {}, source: 'athena', updated_at: new Date().toISOString(), age_seconds: 0,
    });
  });
});
