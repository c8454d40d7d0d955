import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { addDays, createLogger, createMetrics, loadConfig, localMidnightUtcMs, localTime, type DayRollup, type TenantConfig } from '@picasso/shared';
import {
  apiKeyItem,
  archiveKey,
  buildDailyItems,
  dailyItemKey,
  DynamoDbS3DailyAggregates,
  formsItemKey,
  lambdaLogGroup,
  LOGS_TIER_DAYS,
  tierOf,
  type QaCompleteLine,
} from '@picasso/shared/legacy';
import { DEMO_TENANTS, localAnalyticsFunctionEnvironment, startFunctionUrlServer } from '@picasso/local-stack';
import { startLogsInsightsEmulator } from '@picasso/local-stack/logs-insights';
import { analyticsFunctionDependencies, analyticsFunctionEnv, CloudWatchLogsInsights, createHandler } from 'analytics-function';
import type { Benchmark } from '../bench-context';
import { absoluteTarget } from '../report';
import { median } from '../statistics';

const RANGES = [7, 30, 90, 365] as const;
const SESSIONS_PER_DAY = 40;
const API_KEY = 'bench-legacy-key-0123456789abcdefghijkl';

/** One day of rollups: `SESSIONS_PER_DAY` conversations of two turns, spread over the local day. */
function dayRollups(tenant: TenantConfig, date: string): DayRollup[] {
  const start = localMidnightUtcMs(date, tenant.timezone) / 1000;
  const byDay = new Map<string, DayRollup>();
  for (let i = 0; i < SESSIONS_PER_DAY; i += 1) {
    const hour = start + (i % 24) * 3600;
    const day = new Date(hour * 1000).toISOString().slice(0, 10);
    const rollup = byDay.get(day) ?? { tenant_id: tenant.tenant_id, day, hours: [], computed_at: '2026-01-01T00:00:00.000Z' };
    byDay.set(day, rollup);
    rollup.hours.push({
      hour,
      sessions: [{ session_id: `s_${date}_${i}`, events: 5, widget_opens: 1, messages_sent: 2, messages_received: 2, forms_started: 1, forms_completed: 1, forms_abandoned: 0, first_message_at: hour + 60, response_ms_sum: 2400, response_count: 2, first_token_ms_sum: 800, first_token_count: 2 }],
      dimensions: [
        { event_type: 'MESSAGE_SENT', form_id: null, form_label: null, field: null, question: `question ${i % 12}`, events: 2, duration_sum: 0, duration_count: 0 },
        { event_type: 'FORM_COMPLETED', form_id: `form_${i % 3}`, form_label: 'F', field: null, question: null, events: 1, duration_sum: 60, duration_count: 1 },
      ],
    });
  }
  return [...byDay.values()];
}

/**
 * Legacy API response time for 7, 30, 90 and 365-day ranges, over HTTP through the Function URL
 * emulator, with every tier populated: QA_COMPLETE lines for the last 7 days (Logs Insights
 * emulator), daily items for 7–90 days, archive files beyond. Baseline, measured in the same run:
 * the seed's way of reading the same days, the raw QA_COMPLETE lines from Insights, then one GetItem
 * (DATE# and FORMS#) or one GetObject per older day in sequence (the seed quotes 10–50 ms per day
 * from DynamoDB, 100–200 ms per archive file).
 * Target: a 365-day range in under 1 s.
 */
export const legacyResponseTime: Benchmark = {
  name: 'legacy_response_time',
  description: 'legacy GET /analytics for 7/30/90/365-day ranges over the three tiers, vs per-day sequential reads',
  async run(ctx) {
    const { names } = ctx.environment;
    const tenant = DEMO_TENANTS[0]! as TenantConfig;
    const now = new Date();
    const today = localTime(now.getTime(), tenant.timezone).date;
    const runs = ctx.quick ? 3 : 9;

    // Prepare: every tier of the longest range.
    const writer = new DynamoDbS3DailyAggregates(ctx.doc, names.dailyAggregatesTable, ctx.s3, names.archiveBucket);
    const logsDir = mkdtempSync(join(tmpdir(), 'bench-legacy-logs-'));
    const group = lambdaLogGroup(`${names.environment}-bedrock-streaming-handler`);
    mkdirSync(join(logsDir, encodeURIComponent(group)), { recursive: true });
    const lines: string[] = [];
    for (let age = 0; age < Math.max(...RANGES); age += 1) {
      const date = addDays(today, -age);
      if (tierOf(date, today) !== 'logs') {
        await writer.writeDay(buildDailyItems(tenant.tenant_id, date, dayRollups(tenant, date), tenant));
        continue;
      }
      const start = localMidnightUtcMs(date, tenant.timezone);
      for (let i = 0; i < SESSIONS_PER_DAY; i += 1) {
        const at = start + (i % 24) * 3_600_000 + 90_000;
        if (at > now.getTime()) continue;
        const line: QaCompleteLine = { event: 'QA_COMPLETE', tenant_id: tenant.tenant_id, tenant_hash: tenant.tenant_hash, session_id: `s_${date}_${i}`, message_id: `m_${date}_${i}`, question_redacted: `question ${i % 12}`, answer_redacted: 'An answer.', first_token_ms: 400, response_time_ms: 1200, total_time_ms: 1600, model_id: 'm', knowledge_base_used: false, knowledge_base_id: null, sources: [], outcome: 'answered', failure: null };
        lines.push(JSON.stringify({ timestamp: at, ingestionTime: at, message: JSON.stringify({ level: 'INFO', message: 'QA_COMPLETE', ...line }) }));
      }
    }
    writeFileSync(join(logsDir, encodeURIComponent(group), 'bench.ndjson'), `${lines.join('\n')}\n`);
    await ctx.doc.send(new PutCommand({ TableName: names.dailyAggregatesTable, Item: apiKeyItem(API_KEY, { tenantId: tenant.tenant_id, tenantHash: tenant.tenant_hash, scopes: ['analytics:read'], label: 'bench' }) }));
    ctx.log(`legacy_response_time: ${Math.max(...RANGES)} days written (${LOGS_TIER_DAYS} as ${lines.length} QA_COMPLETE lines)`);

    // The production wiring (what the bundle runs), configured as `make dev` configures it.
    const insights = await startLogsInsightsEmulator({ logsDir });
    const logs = new CloudWatchLogsClient({ endpoint: insights.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const config = loadConfig(analyticsFunctionEnv, localAnalyticsFunctionEnvironment(names, insights.url, {}));
    const handler = createHandler(
      analyticsFunctionDependencies(config, { doc: ctx.doc, s3: ctx.s3, logs, ssm: () => Promise.reject(new Error('no SSM locally')) as never }, { logger: createLogger('analytics-function'), metrics: createMetrics('analytics-function') }),
    );
    const rawLines = new CloudWatchLogsInsights(logs, group, 30_000);
    const server = await startFunctionUrlServer({ handler, functionName: names.functions['analytics-function'], port: 0, functionTimeoutMs: 30_000 });
    const figures = [];
    try {
      for (const days of RANGES) {
        const start = addDays(today, -(days - 1));
        const url = `${server.url}/analytics?tenant_hash=${tenant.tenant_hash}&start_date=${start}&end_date=${today}`;
        const ours: number[] = [];
        const baseline: number[] = [];
        for (let i = 0; i <= runs; i += 1) {
          let t = performance.now();
          const res = await fetch(url, { headers: { 'x-api-key': API_KEY } });
          const body = (await res.json()) as { totals?: { complete: boolean } };
          const oursMs = performance.now() - t;
          if (res.status !== 200 || !body.totals?.complete) throw new Error(`${days}-day range: HTTP ${res.status}, complete ${String(body.totals?.complete)}`);
          // The seed's reads of the same days: the raw QA_COMPLETE lines of the last 7 days from
          // Insights, then one read per older day, in sequence.
          t = performance.now();
          const windowStart = localMidnightUtcMs(addDays(today, -(Math.min(days, LOGS_TIER_DAYS) - 1)), tenant.timezone);
          await rawLines.run(`fields @timestamp, @message | filter message = "QA_COMPLETE" and tenant_id = "${tenant.tenant_id}" | limit 10000`, windowStart, now.getTime() + 1);
          for (let age = LOGS_TIER_DAYS; age < days; age += 1) {
            const date = addDays(today, -age);
            if (tierOf(date, today) === 'daily_table') {
              await ctx.doc.send(new GetCommand({ TableName: names.dailyAggregatesTable, Key: dailyItemKey(tenant.tenant_id, date) }));
              await ctx.doc.send(new GetCommand({ TableName: names.dailyAggregatesTable, Key: formsItemKey(tenant.tenant_id, date) }));
            } else {
              const obj = await ctx.s3.send(new GetObjectCommand({ Bucket: names.archiveBucket, Key: archiveKey(tenant.tenant_id, date) }));
              await obj.Body!.transformToByteArray();
            }
          }
          const baselineMs = performance.now() - t;
          if (i === 0) continue; // warm-up: connections, JIT, the tenant config read
          ours.push(oursMs);
          baseline.push(baselineMs);
        }
        const target = days === 365 ? absoluteTarget('<=', 1000) : { target: 'report', check: () => true };
        const value = median(ours);
        figures.push({
          bench: `legacy_response_time_${days}d`,
          unit: 'ms',
          value,
          baseline: median(baseline),
          target: target.target,
          pass: target.check(value),
          statistic: 'p50',
          runs,
          days,
          baseline_kind: 'the seed design on the same days: one Insights query of the raw QA_COMPLETE lines of the last 7 days, then GetItem (DATE#, FORMS#) or GetObject per older day in sequence',
          max: Math.max(...ours),
          // The local stack shares the process and the machine: a loaded machine slows every figure alike.
          load_average_1m: loadavg()[0],
        });
        ctx.log(`legacy_response_time: ${days} days p50 ${value.toFixed(1)} ms`);
      }
    } finally {
      await server.close();
      await insights.stop();
      logs.destroy();
      rmSync(logsDir, { recursive: true, force: true });
    }
    return figures;
  },
};
