import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { buildDayRollups, computeMetricFromRollups, DynamoDbRollupStore, localTime, tenantHourlyRollupQuery, type RollupQueryRow, type TenantConfig } from '@picasso/shared';
import { apiKeyItem, DynamoDbS3DailyAggregates, lambdaLogGroup, rebuildDailyAggregates, rollupDaysForLocalDays, tierOf } from '@picasso/shared/legacy';
import { DuckDbQueryEngine, openDuckDbLake } from '@picasso/shared/duckdb';
import { DEMO_TENANTS } from '@picasso/local-stack';
import { writeLakeBatch } from '@picasso/shared/testing';
import { createTestEnvironment, type TestEnvironment } from '@picasso/local-stack/testing';
import { CloudWatchLogsInsights } from '../src/adapters/cloudwatch-logs-insights';
import { qaCompleteQueries } from '../src/tiers/logs-tier';
import { datesAgo, dayTraffic, sqlDays, writeQaLines, type SqlDay, type Turn } from './legacy-fixtures';
import { bearer, startLegacyApi, streamingFunction, tempLogsDir, type Json, type LegacyApi } from './legacy-harness';

const TENANT = DEMO_TENANTS[0]! as TenantConfig; // America/Chicago: the range crosses the November DST change
const NOW = new Date('2026-11-20T18:00:00Z');
const TODAY = localTime(NOW.getTime(), TENANT.timezone).date;
// Days with traffic: three per tier, at both edges of each tier.
const LOG_AGES = [1, 3, 6];
const TABLE_AGES = [7, 30, 90];
const ARCHIVE_AGES = [91, 100, 120];
const START = datesAgo(TODAY, [120])[0]!;

describe('GET /analytics over the three tiers', () => {
  let env: TestEnvironment;
  let logsDir: string;
  let api: LegacyApi;
  let expected: Map<string, SqlDay>;
  const turns: Turn[] = [];

  beforeAll(async () => {
    // Prepare: traffic in the lake for nine days; the last days' QA_COMPLETE lines captured as
    // the streaming handler logs them; rollups as the aggregator stores them; daily items and
    // archive files by the shared writer (one rollup query for the whole range, as the backfill does).
    env = await createTestEnvironment('lg');
    logsDir = tempLogsDir();
    for (const [i, date] of datesAgo(TODAY, [...LOG_AGES, ...TABLE_AGES, ...ARCHIVE_AGES]).entries()) {
      const traffic = dayTraffic(TENANT, date, 8 + i, i + 1);
      await writeLakeBatch(env.s3, env.names.lakeBucket, TENANT.tenant_id, traffic.events);
      if (tierOf(date, TODAY) === 'logs') turns.push(...traffic.turns);
    }
    writeQaLines(logsDir, streamingFunction(env), TENANT, turns);
    const engine = await DuckDbQueryEngine.open({ s3StorageDir: env.s3StorageDir, lakeBucket: env.names.lakeBucket });
    const logDays = datesAgo(TODAY, [6, 0]);
    const utcDays = rollupDaysForLocalDays(logDays[0]!, logDays[1]!, TENANT.timezone);
    const { sql, params } = tenantHourlyRollupQuery(TENANT.tenant_id, utcDays);
    const store = new DynamoDbRollupStore(env.doc, env.names.rollupsTable);
    for (const r of buildDayRollups(TENANT.tenant_id, utcDays, (await engine.query<RollupQueryRow>(sql, params)).rows, NOW)) await store.replaceDayRollup(r);
    await rebuildDailyAggregates(
      { tenantId: TENANT.tenant_id, tenant: TENANT, first: START, last: datesAgo(TODAY, [1])[0]!, dryRun: false, computedAt: NOW },
      { engine, writer: new DynamoDbS3DailyAggregates(env.doc, env.names.dailyAggregatesTable, env.s3, env.names.archiveBucket) },
    );
    const conn = await openDuckDbLake(env.s3StorageDir, env.names.lakeBucket);
    expected = await sqlDays(conn, TENANT);
    conn.closeSync();
    api = await startLegacyApi(env, { logsDir, now: () => NOW });
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    rmSync(logsDir, { recursive: true, force: true });
  });

  const ask = async (a: LegacyApi = api, query = `?tenant_hash=${TENANT.tenant_hash}&start_date=${START}&end_date=${TODAY}`) => a.get(query, await bearer(TENANT, NOW));
  const day = (body: Json, date: string) => body.days.find((d: Json) => d.date === date);

  it('answers each day from the tier its age names, every day answered', async () => {
    // Act
    const { status, body } = await ask();
    // Assess
    expect(status).toBe(200);
    expect(body.days).toHaveLength(121);
    expect(body.totals.complete).toBe(true);
    for (const age of LOG_AGES) expect(day(body, datesAgo(TODAY, [age])[0]!).tier).toBe('logs');
    for (const age of TABLE_AGES) expect(day(body, datesAgo(TODAY, [age])[0]!).tier).toBe('daily_table');
    for (const age of ARCHIVE_AGES) expect(day(body, datesAgo(TODAY, [age])[0]!).tier).toBe('archive');
    expect(body.days.every((d: Json) => d.status === 'ok')).toBe(true);
  });

  it('gives per-day figures equal to plain SQL over the lake, on every tier', async () => {
    const { body } = await ask();
    let daysWithTraffic = 0;
    for (const d of body.days) {
      const sql = expected.get(d.date) ?? { conversations: 0, messages: 0, responseSum: 0, responseCount: 0, firstTokenSum: 0, firstTokenCount: 0, submissions: 0, formCounts: {} };
      if (sql.messages > 0) daysWithTraffic += 1;
      expect({ date: d.date, tier: d.tier, conversations: d.conversations.conversation_count, messages: d.conversations.total_messages, rs: d.conversations.response_time_ms_sum, rn: d.conversations.response_count, ts: d.conversations.first_token_ms_sum, tn: d.conversations.first_token_count, forms: d.forms.form_counts }).toEqual({
        date: d.date,
        tier: d.tier,
        conversations: sql.conversations,
        messages: sql.messages,
        rs: sql.responseSum,
        rn: sql.responseCount,
        ts: sql.firstTokenSum,
        tn: sql.firstTokenCount,
        forms: sql.formCounts,
      });
    }
    expect(daysWithTraffic).toBe(9);
  });

  it('gives per-day figures equal to the dashboard API rollup path for the same days', async () => {
    // The logs days (their rollups are stored): the dashboard merges rollups with computeMetric.
    const { body } = await ask();
    const store = new DynamoDbRollupStore(env.doc, env.names.rollupsTable);
    for (const date of datesAgo(TODAY, LOG_AGES)) {
      const summary = (await computeMetricFromRollups(store, TENANT.tenant_id, TENANT, 'conversations_summary', { start_date: date, end_date: date }, NOW)).data;
      const questions = (await computeMetricFromRollups(store, TENANT.tenant_id, TENANT, 'top_questions', { start_date: date, end_date: date }, NOW)).data;
      const c = day(body, date).conversations;
      expect({ n: c.conversation_count, m: c.total_messages, after: c.after_hours_count, q: c.top_questions }).toEqual({ n: summary.total_conversations, m: summary.total_messages, after: summary.after_hours_count, q: questions.questions });
      expect(Math.round(c.avg_response_time_ms) / 1000).toBeCloseTo(summary.avg_response_time_seconds!, 2);
    }
  });

  it('gives totals equal to plain SQL over the whole range', async () => {
    const { body } = await ask();
    const sum = (f: (d: SqlDay) => number) => [...expected.values()].reduce((a, d) => a + f(d), 0);
    expect(body.totals.conversations.conversation_count).toBe(sum((d) => d.conversations));
    expect(body.totals.conversations.total_messages).toBe(sum((d) => d.messages));
    expect(body.totals.conversations.response_time_ms_sum).toBe(sum((d) => d.responseSum));
    expect(body.totals.conversations.avg_first_token_ms).toBeCloseTo(sum((d) => d.firstTokenSum) / sum((d) => d.firstTokenCount), 1);
    expect(body.totals.forms.total_submissions).toBe(sum((d) => d.submissions));
  });

  it.each([['logs'], ['daily_table'], ['archive']] as const)('reports the days of a failing %s tier as missing, with a reason, and nothing invented', async (tier) => {
    // Prepare
    const broken = await startLegacyApi(env, { logsDir, now: () => NOW, break: tier });
    try {
      // Act
      const { status, body } = await ask(broken);
      // Assess
      expect(status).toBe(200);
      expect(body.totals.complete).toBe(false);
      for (const d of body.days) {
        if (d.tier !== tier) {
          expect(d.status).toBe('ok');
          continue;
        }
        expect(d.conversations).toBeNull();
        expect(d.missing.find((m: Json) => m.part === 'conversations').reason).toMatch(/unavailable/);
        // The logs tier's forms come from the rollups, which still answer.
        if (tier === 'logs') expect(d.status).toBe('partial');
        else expect([d.status, d.forms]).toEqual(['missing', null]);
      }
      const answered = body.days.filter((d: Json) => d.conversations).reduce((a: number, d: Json) => a + d.conversations.conversation_count, 0);
      expect(body.totals.conversations.conversation_count).toBe(answered);
    } finally {
      await broken.close();
    }
  });

  it('answers the shipped Insights queries like a direct count over the captured lines', async () => {
    // Prepare: the captured lines, read directly.
    const group = lambdaLogGroup(streamingFunction(env));
    const dir = join(logsDir, encodeURIComponent(group));
    const lines = readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { timestamp: number; message: string }));
    const qa = lines.map((l) => ({ at: l.timestamp, ...(JSON.parse(l.message) as Json) })).filter((l) => l.message === 'QA_COMPLETE' && l.tenant_id === TENANT.tenant_id);
    const firstAt = new Map<string, number>();
    for (const l of qa) firstAt.set(l.session_id, Math.min(firstAt.get(l.session_id) ?? Infinity, l.at));
    const perHour = new Map<string, { turns: number; response: number }>();
    for (const l of qa) {
      const key = `${new Date(Math.floor(l.at / 3_600_000) * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')}.000|${l.outcome}`;
      const h = perHour.get(key) ?? { turns: 0, response: 0 };
      h.turns += 1;
      h.response += l.response_time_ms;
      perHour.set(key, h);
    }
    const client = new CloudWatchLogsClient({ endpoint: api.logs.url, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
    const insights = new CloudWatchLogsInsights(client, group, 10_000);
    const q = qaCompleteQueries(TENANT.tenant_id);
    const [start, end] = [NOW.getTime() - 10 * 86_400_000, NOW.getTime()];
    // Act
    const sessions = await insights.run(q.sessions, start, end);
    const hours = await insights.run(q.hours, start, end);
    client.destroy();
    // Assess
    expect(new Map(sessions.map((r) => [r.session_id!, Number(r.first_at)]))).toEqual(firstAt);
    expect(new Map(hours.map((r) => [`${r.hour}|${r.outcome}`, { turns: Number(r.turns), response: Number(r.response_sum) }]))).toEqual(perHour);
    expect(qa.length).toBe(turns.length);
  });

  it('refuses another tenant in tenant_hash (403), an unknown key (401), a range over the cap (400)', async () => {
    const other = DEMO_TENANTS[1]!;
    expect((await api.get(`?tenant_hash=${other.tenant_hash}`, await bearer(TENANT, NOW))).status).toBe(403);
    expect((await api.get('', { 'x-api-key': 'k'.repeat(40) })).status).toBe(401);
    const tooLong = await api.get(`?start_date=2025-01-01&end_date=${TODAY}`, await bearer(TENANT, NOW));
    expect([tooLong.status, tooLong.body.message]).toEqual([400, expect.stringMatching(/at most 400/)]);
  });

  it('accepts an API key for its own tenant and returns submissions only with the PII scope, audited', async () => {
    // Prepare
    const plainKey = 'legacy_plain_key_0123456789abcdefghij';
    const piiKey = 'legacy_pii_key_0123456789abcdefghijkl';
    await env.doc.send(new PutCommand({ TableName: env.names.dailyAggregatesTable, Item: apiKeyItem(plainKey, { tenantId: TENANT.tenant_id, tenantHash: TENANT.tenant_hash, scopes: ['analytics:read'], label: 'bubble' }) }));
    await env.doc.send(new PutCommand({ TableName: env.names.dailyAggregatesTable, Item: apiKeyItem(piiKey, { tenantId: TENANT.tenant_id, tenantHash: TENANT.tenant_hash, scopes: ['analytics:read', 'pii:read'], label: 'bubble-pii' }) }));
    const submittedAt = new Date(NOW.getTime() - 3_600_000).toISOString();
    await env.doc.send(new PutCommand({ TableName: env.names.formSubmissionsTable, Item: { submission_id: 'sub_1', tenant_id: TENANT.tenant_id, form_id: 'volunteer_interest', form_title: 'Volunteer', submitted_at: submittedAt, session_id: 's1', form_data: { email: 'jane@example.com' } } }));
    const query = `?tenant_hash=${TENANT.tenant_hash}&start_date=${TODAY}&end_date=${TODAY}`;
    // Act
    const plain = await api.get(query, { 'x-api-key': plainKey });
    const pii = await api.get(query, { 'x-api-key': piiKey });
    const otherTenant = await api.get(`?tenant_hash=${DEMO_TENANTS[1]!.tenant_hash}`, { 'x-api-key': plainKey });
    // Assess
    expect(plain.status).toBe(200);
    expect(plain.body.submissions).toBeUndefined();
    expect(pii.body.submissions.items.map((s: Json) => s.form_data.email)).toEqual(['jane@example.com']);
    expect(otherTenant.status).toBe(403);
    const audit = (await env.doc.send(new ScanCommand({ TableName: env.names.auditTable, ConsistentRead: true }))).Items ?? [];
    expect(audit.map((a) => [a.subject, a.route, a.records_returned])).toEqual([['api-key:bubble-pii', '/analytics', 1]]);
  });
});
