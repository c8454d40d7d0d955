import { readFileSync, rmSync } from 'node:fs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { addDays, localTime, type TenantConfig } from '@picasso/shared';
import { apiKeyItem, buildDailyItems, DynamoDbS3DailyAggregates } from '@picasso/shared/legacy';
import { DEMO_TENANTS } from '@picasso/local-stack';
import { createTestEnvironment, type TestEnvironment } from '@picasso/local-stack/testing';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { ROUTE } from '../src/api';
import { dayTraffic, writeQaLines } from './legacy-fixtures';
import { bearer, startLegacyApi, streamingFunction, tempLogsDir, type Json, type LegacyApi } from './legacy-harness';

const document = parse(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8')) as Json;
const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
addFormats(ajv as never);
// OpenAPI 3.1 schemas are JSON Schema 2020-12: `#/components/schemas/X` becomes `openapi#/$defs/X`.
ajv.addSchema(JSON.parse(JSON.stringify({ $id: 'openapi', $defs: document.components.schemas }).replaceAll('#/components/schemas/', '#/$defs/')));

function expectDocumented(status: number, body: unknown): void {
  const response = document.paths[ROUTE].get.responses[String(status)];
  expect(response).toBeDefined();
  const resolved = response.$ref ? document.components.responses[response.$ref.split('/').pop()] : response;
  const ref = resolved.content['application/json'].schema.$ref.replace('#/components/schemas/', 'openapi#/$defs/');
  const validate = ajv.getSchema(ref)!;
  const ok = validate(body);
  expect({ status, errors: ok ? null : validate.errors }).toEqual({ status, errors: null });
}

const TENANT = DEMO_TENANTS[0]! as TenantConfig;
const NOW = new Date('2026-11-20T18:00:00Z');
const TODAY = localTime(NOW.getTime(), TENANT.timezone).date;

describe('the OpenAPI document of the legacy function', () => {
  let env: TestEnvironment;
  let api: LegacyApi;
  let logsDir: string;
  const piiKey = 'contract_pii_key_0123456789abcdefghijk';

  beforeAll(async () => {
    // Prepare: a logs day with turns, a table day with an item, every other day missing (no item,
    // no archive): the answer holds every shape the document describes.
    env = await createTestEnvironment('lc');
    logsDir = tempLogsDir();
    writeQaLines(logsDir, streamingFunction(env), TENANT, dayTraffic(TENANT, addDays(TODAY, -1), 5).turns);
    const items = buildDailyItems(TENANT.tenant_id, addDays(TODAY, -10), [], TENANT);
    await new DynamoDbS3DailyAggregates(env.doc, env.names.dailyAggregatesTable, env.s3, env.names.archiveBucket).writeDay(items);
    await env.doc.send(new PutCommand({ TableName: env.names.dailyAggregatesTable, Item: apiKeyItem(piiKey, { tenantId: TENANT.tenant_id, tenantHash: TENANT.tenant_hash, scopes: ['analytics:read', 'pii:read'], label: 'contract' }) }));
    await env.doc.send(new PutCommand({ TableName: env.names.formSubmissionsTable, Item: { submission_id: 'sub_c', tenant_id: TENANT.tenant_id, form_id: 'contact_form', form_title: 'Contact', submitted_at: new Date(NOW.getTime() - 60_000).toISOString(), session_id: 's', form_data: { email: 'a@example.com' } } }));
    api = await startLegacyApi(env, { logsDir, now: () => NOW });
  });
  afterAll(async () => {
    await api.close();
    rmSync(logsDir, { recursive: true, force: true });
  });

  it('documents exactly the one route', () => {
    expect(Object.keys(document.paths)).toEqual([ROUTE]);
    expect(document.openapi).toBe('3.1.0');
  });

  it('describes a three-tier answer with missing days and submissions (200)', async () => {
    const { status, body } = await api.get(`?tenant_hash=${TENANT.tenant_hash}&start_date=${addDays(TODAY, -120)}&end_date=${TODAY}`, { 'x-api-key': piiKey });
    expect(status).toBe(200);
    expect(new Set(body.days.map((d: Json) => d.status))).toEqual(new Set(['ok', 'missing']));
    expect(body.submissions.count).toBe(1);
    expectDocumented(200, body);
  });

  it.each([
    [400, '?start_date=2026-02-30&end_date=2026-03-01', 'GET'],
    [401, '', 'GET'],
    [403, '?tenant_hash=someoneelse', 'GET'],
    [405, '', 'POST'],
  ])('describes a %i', async (status, query, method) => {
    const headers = status === 401 ? { 'x-api-key': 'unknown_key_0123456789abcdefghijklmnop' } : await bearer(TENANT, NOW);
    const res = await fetch(`${api.url}${ROUTE}${query}`, { method, headers });
    const body = await res.json();
    expect(res.status).toBe(status);
    expectDocumented(status, body);
  });

  it('describes a 404', async () => {
    const res = await fetch(`${api.url}/prod/other`, { headers: await bearer(TENANT, NOW) });
    expect(res.status).toBe(404);
    expectDocumented(404, await res.json());
  });
});
