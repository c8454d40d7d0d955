import { PutObjectCommand } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { addDays, buildDayRollups, cacheKey, DynamoDbRollupStore, localTime, tenantConfigKey, type RollupQueryRow } from '@picasso/shared';
import { buildEvent } from '@picasso/shared/testing';
import { ATLAS, FOSTER, startApi, writeLakeEvents, type ApiUnderTest } from './api-harness';

const HOUR_S = 3600;
const daysFromNow = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** A session-grain rollup row: one conversation (widget → message → answer) in one UTC hour. */
function sessionRow(sessionId: string, hourStart: number): RollupQueryRow {
  return {
    grain: 'session',
    hour_start: hourStart,
    session_id: sessionId,
    event_type: null,
    form_id: null,
    form_label: null,
    field: null,
    question: null,
    first_token_bucket: null,
    total_bucket: null,
    events: 3,
    widget_opens: 1,
    messages_sent: 1,
    messages_received: 1,
    kb_replies: 1,
    forms_started: 0,
    forms_completed: 0,
    forms_abandoned: 0,
    first_message_at: hourStart + 60,
    response_ms_sum: 1500,
    response_count: 1,
    first_token_ms_sum: 500,
    first_token_count: 1,
    first_token_under_1s: 1,
    first_token_over_10s: 0,
    duration_sum: null,
    duration_count: 0,
  };
}

const summary = (conversations: number) => ({
  total_conversations: conversations,
  total_messages: conversations * 2,
  avg_response_time_seconds: 1.5,
  avg_first_token_seconds: 0.5,
  after_hours_count: 0,
  after_hours_percentage: 0,
});

describe('metric routes: cache, then rollups', () => {
  let api: ApiUnderTest;
  const rollupsComputedAt = new Date(Date.now() - 20 * 60_000);

  async function putCacheItem(metric: 'conversations_summary', range: '1d' | '7d' | '30d' | '90d', item: { data: object; updatedAt: Date; ttl: number }) {
    await api.env.doc.send(
      new PutCommand({
        TableName: api.env.names.dashboardCacheTable,
        Item: { ...cacheKey(FOSTER.tenant_id, metric, range), data: item.data, range_start: '2025-06-01', range_end: '2025-06-07', updated_at: item.updatedAt.toISOString(), ttl: item.ttl },
      }),
    );
  }

  beforeAll(async () => {
    api = await startApi();
    // Rollups of Foster's last two hours: three conversations, as the aggregator would store them.
    const hour = Math.floor(Date.now() / 1000 / HOUR_S) * HOUR_S - HOUR_S;
    const day = new Date(hour * 1000).toISOString().slice(0, 10);
    const [rollup] = buildDayRollups(FOSTER.tenant_id, [day], [sessionRow('s1', hour), sessionRow('s2', hour), sessionRow('s3', hour)], rollupsComputedAt);
    await new DynamoDbRollupStore(api.env.doc, api.env.names.rollupsTable).replaceDayRollup(rollup!);
  });
  afterAll(() => api.close());

  it('serves a fresh cache item as it is, saying so and how old it is', async () => {
    // Prepare
    const updatedAt = new Date(Date.now() - 30 * 60_000);
    await putCacheItem('conversations_summary', '7d', { data: summary(42), updatedAt, ttl: Math.floor(Date.now() / 1000) + 86_400 });

    // Act
    const res = await api.call('/conversations/summary?range=7d', { token: await api.tokenFor(FOSTER) });

    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      tenant_id: FOSTER.tenant_id,
      metric: 'conversations_summary',
      range: '7d',
      period: { start_date: '2025-06-01', end_date: '2025-06-07' },
      data: summary(42),
      source: 'cache',
      updated_at: updatedAt.toISOString(),
      age_seconds: expect.any(Number),
    });
    expect(res.body.age_seconds).toBeGreaterThanOrEqual(30 * 60);
    expect(res.body.age_seconds).toBeLessThan(40 * 60);
  });

  it('merges from rollups when the cache item is older than two hours', async () => {
    // Prepare
    await putCacheItem('conversations_summary', '30d', { data: summary(42), updatedAt: new Date(Date.now() - 3 * 3_600_000), ttl: Math.floor(Date.now() / 1000) + 86_400 });

    // Act
    const res = await api.call('/conversations/summary?range=30d', { token: await api.tokenFor(FOSTER) });

    // Assess
    expect(res.status).toBe(200);
    expect(res.body.source).toBe('rollups');
    expect(res.body.data).toMatchObject({ total_conversations: 3, total_messages: 6, avg_response_time_seconds: 1.5 });
    expect(res.body.updated_at).toBe(rollupsComputedAt.toISOString());
    expect(res.body.period.end_date >= res.body.period.start_date).toBe(true);
  });

  it('ignores a cache item whose TTL has passed even if DynamoDB still returns it', async () => {
    // Prepare
    await putCacheItem('conversations_summary', '90d', { data: summary(42), updatedAt: new Date(Date.now() - 60_000), ttl: Math.floor(Date.now() / 1000) - 1 });

    // Act
    const res = await api.call('/conversations/summary?range=90d', { token: await api.tokenFor(FOSTER) });

    // Assess
    expect(res.body.source).toBe('rollups');
    expect(res.body.data.total_conversations).toBe(3);
  });

  it('merges from rollups when there is no cache item, for every metric route', async () => {
    // Prepare
    const token = await api.tokenFor(FOSTER);
    const routes = [
      '/conversations/heatmap',
      '/conversations/trend',
      '/conversations/top-questions',
      '/forms/summary',
      '/forms/bottlenecks',
      '/forms/top-performers',
      '/analytics/summary',
      '/analytics/funnel',
      '/quality/outcomes',
      '/quality/feedback',
      '/quality/tokens',
    ];

    // Act
    // 7d, not 1d: the rollups are of the last UTC hour, which is yesterday in Chicago for an hour after its midnight.
    const responses = await Promise.all(routes.map((r) => api.call(`${r}?range=7d`, { token })));

    // Assess
    expect(responses.map((r) => [r.status, r.body.source])).toEqual(routes.map(() => [200, 'rollups']));
    const funnel = responses[routes.indexOf('/analytics/funnel')]!.body.data;
    expect(funnel.stages.slice(0, 2)).toEqual([
      expect.objectContaining({ stage: 'widget_opened', sessions: 3 }),
      expect.objectContaining({ stage: 'first_message', sessions: 3 }),
    ]);
    // Rollups written before outcomes and tokens existed: their conversations stay pending, their tokens unknown.
    expect(responses[routes.indexOf('/quality/outcomes')]!.body.data).toMatchObject({ conversations: 3, pending: 3, decided: 0, resolution_rate: null });
    expect(responses[routes.indexOf('/quality/tokens')]!.body.data).toMatchObject({ replies: 3, replies_with_tokens: 0, replies_without_tokens: 3, cost: null });
  });

  it('answers custom dates the rollups fully cover from the rollups, sending no query to Athena', async () => {
    // Prepare: yesterday and today in Foster's zone; the rollups hold the last hours.
    const today = localTime(Date.now(), FOSTER.timezone).date;
    const before = api.athenaQueries.length;

    // Act
    const res = await api.call(`/conversations/summary?start_date=${addDays(today, -1)}&end_date=${today}`, { token: await api.tokenFor(FOSTER) });

    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ source: 'rollups', range: { start_date: addDays(today, -1), end_date: today }, data: { total_conversations: 3 } });
    expect(res.body.updated_at).toBe(rollupsComputedAt.toISOString());
    expect(api.athenaQueries.length).toBe(before);
  });

  it('keys every read on the token’s tenant, not on the tenant_id its config file names', async () => {
    // Prepare: tenant MISKEY01's config file says it is Foster (a copy-paste slip in S3); Foster
    // has a cache item and rollups, MISKEY01 has neither, nor any events.
    const mis = { tenant_id: 'MISKEY01', tenant_hash: 'mk0000000001' };
    await api.env.s3.send(new PutObjectCommand({ Bucket: api.env.names.configBucket, Key: tenantConfigKey(mis.tenant_id), Body: JSON.stringify({ ...FOSTER, tenant_hash: mis.tenant_hash }) }));
    await putCacheItem('conversations_summary', '1d', { data: summary(99), updatedAt: new Date(), ttl: Math.floor(Date.now() / 1000) + 86_400 });
    const token = await api.tokenFor(mis);

    // Act
    const cached = await api.call('/conversations/summary?range=1d', { token });
    const merged = await api.call('/conversations/summary?range=30d', { token });

    // Assess: none of Foster's figures; MISKEY01's own (empty) lake answers.
    expect([cached.status, cached.body.tenant_id, cached.body.source, cached.body.data.total_conversations]).toEqual([200, mis.tenant_id, 'athena', 0]);
    expect([merged.body.source, merged.body.data.total_conversations]).toEqual(['athena', 0]);
    expect(api.athenaQueries.slice(-2).map((params) => params[0])).toEqual([mis.tenant_id, mis.tenant_id]);
  });

  it('defaults to 30d when no range is given', async () => {
    const res = await api.call('/analytics/summary', { token: await api.tokenFor(FOSTER) });
    expect(res.status).toBe(200);
    expect(res.body.range).toBe('30d');
  });

  it.each([
    ['range=2d', /^range must be one of 1d, 7d, 30d, 90d$/],
    ['range=7d&start_date=2025-01-01&end_date=2025-01-02', /range or start_date/],
    ['start_date=2025-01-01', /end_date is required/],
    ['end_date=2025-01-01', /start_date is required/],
    ['start_date=2025-02-30&end_date=2025-03-01', /start_date must be a date/],
    ['start_date=2025-01-01&end_date=01/02/2025', /end_date must be a date/],
    ['start_date=2025-02-01&end_date=2025-01-01', /start_date must not be after end_date/],
    ['start_date=2023-01-01&end_date=2024-12-31', /at most 366 days/],
    [`start_date=${daysFromNow(2)}&end_date=${daysFromNow(3)}`, /end_date must not be in the future/],
  ])('answers 400 naming the parameter for %s', async (query, message) => {
    // Act
    const res = await api.call(`/forms/summary?${query}`, { token: await api.tokenFor(FOSTER) });

    // Assess
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'bad_request', message: expect.stringMatching(message), request_id: expect.any(String) });
  });

  it('answers 404 for an unknown route and 405 for another method, without a stack trace', async () => {
    // Act
    const missing = await api.call('/conversations/everything', { token: await api.tokenFor(ATLAS) });
    const posted = await api.call('/conversations/summary', { method: 'POST', token: await api.tokenFor(ATLAS) });

    // Assess
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 'not_found', message: expect.any(String), request_id: expect.any(String) });
    expect(posted.status).toBe(405);
    expect(posted.headers.get('allow')).toBe('GET, OPTIONS');
    expect(JSON.stringify([missing.body, posted.body])).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('metric routes: the cold path over the lake', () => {
  let api: ApiUnderTest;
  const conversation = (tenant: { tenant_id: string; tenant_hash: string }, session: string, at: Date) => [
    buildEvent('WIDGET_OPENED', { tenant_id: tenant.tenant_id, tenant_hash: tenant.tenant_hash, session_id: session, step_number: 1, server_timestamp: at.toISOString() }),
    buildEvent('MESSAGE_SENT', { tenant_id: tenant.tenant_id, tenant_hash: tenant.tenant_hash, session_id: session, step_number: 2, server_timestamp: new Date(at.getTime() + 5_000).toISOString() }),
    buildEvent('MESSAGE_RECEIVED', { tenant_id: tenant.tenant_id, tenant_hash: tenant.tenant_hash, session_id: session, step_number: 3, server_timestamp: new Date(at.getTime() + 7_000).toISOString() }),
  ];

  beforeAll(async () => {
    api = await startApi();
    // Foster, 2025-03-10 (Chicago, UTC-5): two conversations that day, one the day after.
    await writeLakeEvents(api.env, FOSTER.tenant_id, [
      ...conversation(FOSTER, 'sess_a', new Date('2025-03-10T15:00:00Z')),
      ...conversation(FOSTER, 'sess_b', new Date('2025-03-11T04:00:00Z')),
      ...conversation(FOSTER, 'sess_c', new Date('2025-03-11T15:00:00Z')),
    ]);
    // Atlas: one conversation three hours ago, and neither a cache item nor rollups.
    await writeLakeEvents(api.env, ATLAS.tenant_id, conversation(ATLAS, 'sess_x', new Date(Date.now() - 3 * 3_600_000)));
  });
  afterAll(() => api.close());

  it('answers custom dates from the lake by the tenant’s local days', async () => {
    // Act
    const res = await api.call('/conversations/summary?start_date=2025-03-10&end_date=2025-03-10', { token: await api.tokenFor(FOSTER) });

    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      source: 'athena',
      range: { start_date: '2025-03-10', end_date: '2025-03-10' },
      period: { start_date: '2025-03-10', end_date: '2025-03-10' },
      data: { total_conversations: 2, total_messages: 4, avg_response_time_seconds: 1.2 },
    });
    expect(res.body.age_seconds).toBeLessThan(60);
  });

  it('falls back to the lake for a preset range when neither cache nor rollups can answer', async () => {
    // Act
    const res = await api.call('/analytics/funnel?range=7d', { token: await api.tokenFor(ATLAS) });

    // Assess
    expect(res.status).toBe(200);
    expect(res.body.source).toBe('athena');
    expect(res.body.tenant_id).toBe(ATLAS.tenant_id);
    expect(res.body.data.stages.slice(0, 2)).toEqual([
      expect.objectContaining({ stage: 'widget_opened', sessions: 1 }),
      expect.objectContaining({ stage: 'first_message', sessions: 1 }),
    ]);
  });

  it('answers conversation outcomes, answer feedback and token usage from the lake', async () => {
    // Prepare: Foster, 2025-04-15 (Chicago): a 1.1.0 reply rated up, and a conversation abandoned after a 1.0.0 reply.
    const f = { tenant_id: FOSTER.tenant_id, tenant_hash: FOSTER.tenant_hash };
    const at = (iso: string, type: Parameters<typeof buildEvent>[0], over: Record<string, unknown>) => buildEvent(type, { ...f, server_timestamp: iso, client_timestamp: iso, ...over });
    await writeLakeEvents(api.env, FOSTER.tenant_id, [
      at('2025-04-15T15:00:00.000Z', 'MESSAGE_SENT', { session_id: 'q1', event_id: 'q1m1:sent' }),
      at('2025-04-15T15:00:05.000Z', 'MESSAGE_RECEIVED', {
        session_id: 'q1',
        event_id: 'q1m1:received',
        schema_version: '1.1.0',
        event_payload: { response_time_ms: 900, first_token_ms: 300, total_time_ms: 900, model_id: 'anthropic.claude-3-haiku-20240307-v1:0', knowledge_base_used: false, message_id: 'q1m1', input_tokens: 1000, output_tokens: 200 },
      }),
      at('2025-04-15T15:10:00.000Z', 'MESSAGE_FEEDBACK', { session_id: 'q1', event_id: 'q1m1:fb', event_payload: { message_id: 'q1m1', rating: 'up', comment: 'Thanks!' } }),
      at('2025-04-15T16:00:00.000Z', 'MESSAGE_SENT', { session_id: 'q2', event_id: 'q2m1:sent' }),
      at('2025-04-15T16:00:05.000Z', 'MESSAGE_RECEIVED', { session_id: 'q2', event_id: 'q2m1:received' }),
      at('2025-04-15T16:05:00.000Z', 'MESSAGE_SENT', { session_id: 'q2', event_id: 'q2m2:sent' }),
    ]);
    const token = await api.tokenFor(FOSTER);
    const ask = (path: string) => api.call(`${path}?start_date=2025-04-15&end_date=2025-04-15`, { token });

    // Act
    const [outcomes, feedback, tokens] = [await ask('/quality/outcomes'), await ask('/quality/feedback'), await ask('/quality/tokens')];

    // Assess
    expect([outcomes.body.source, feedback.body.source, tokens.body.source]).toEqual(['athena', 'athena', 'athena']);
    expect(outcomes.body.data).toEqual({
      conversations: 2,
      pending: 0,
      decided: 2,
      resolved: 1,
      resolution_rate: 50,
      confirmed_resolved: 1,
      confirmed_resolution_rate: 50,
      abandoned: 1,
      abandonment_rate: 50,
    });
    expect(feedback.body.data).toEqual({ replies: 2, rated: 1, helpful: 1, not_helpful: 0, helpful_rate: 100, feedback_coverage: 50, comments: [{ comment: 'thanks', rating: 'up', count: 1 }] });
    expect(tokens.body.data).toMatchObject({
      currency: 'USD',
      replies: 2,
      replies_with_tokens: 1,
      replies_without_tokens: 1,
      input_tokens: 1000,
      output_tokens: 200,
      cost: 0.0005,
      unpriced_replies: 0,
      conversations_with_tokens: 1,
      cost_per_conversation: 0.0005,
      models: [{ model_id: 'anthropic.claude-3-haiku-20240307-v1:0', replies: 1, input_tokens: 1000, output_tokens: 200, cost: 0.0005 }],
    });
  });

  it('never mixes tenants: Foster’s custom range does not see Atlas’ lake', async () => {
    const res = await api.call(`/analytics/summary?start_date=2025-03-01&end_date=2025-03-31`, { token: await api.tokenFor(FOSTER) });
    expect(res.body.data).toMatchObject({ sessions: 3, conversations: 3 });
  });
});
