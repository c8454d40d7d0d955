import { CONVERSATION_LOOKBACK_MS, isAfterHours, localTime, normaliseQuestion, type MetricTenant } from '@picasso/shared/metrics';
import { averageMs, distributionsOf, localDayWindow, messagesOfTurn, QA_COMPLETE_MESSAGE, rankTopQuestions, type ConversationFigures } from '@picasso/shared/legacy';
import type { LogsInsights } from '../ports';

/** Insights returns at most 10,000 rows per query (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Stats.html). */
export const INSIGHTS_MAX_ROWS = 10_000;

/** A tenant id as an Insights string literal (ids are `[A-Za-z0-9_-]`; quotes and backslashes escaped anyway). */
const literal = (value: string) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/**
 * The Insights queries the function ships, one tenant each. Times are UTC in Insights; `bin(1h)`
 * hours are placed in the tenant's local day by their start, as the dashboard places rollup hours.
 */
export function qaCompleteQueries(tenantId: string): { sessions: string; hours: string; questions: string } {
  const filter = `filter message = ${literal(QA_COMPLETE_MESSAGE)} and tenant_id = ${literal(tenantId)}`;
  return {
    // A conversation is placed at its session's first turn.
    sessions: `${filter}\n| stats min(@timestamp) as first_at by session_id\n| limit ${INSIGHTS_MAX_ROWS}`,
    hours: `${filter}\n| stats count(*) as turns, sum(response_time_ms) as response_sum, sum(first_token_ms) as first_token_sum, sum(total_time_ms) as total_sum by bin(1h) as hour, outcome\n| limit ${INSIGHTS_MAX_ROWS}`,
    questions: `${filter}\n| stats count(*) as asked by bin(1h) as hour, question_redacted\n| limit ${INSIGHTS_MAX_ROWS}`,
  };
}

/** The logs tier could not answer (too many rows for one query, a result it cannot read). */
export class LogsTierIncompleteError extends Error {
  override name = 'LogsTierIncompleteError';
}

/**
 * An Insights time value → epoch ms: `bin()` groups come as `2026-11-20 14:00:00.000` (UTC),
 * `min(@timestamp)` as epoch milliseconds.
 */
export function insightsTimeMs(value: string | undefined): number {
  if (value !== undefined && /^\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  const ms = value === undefined ? NaN : Date.parse(`${value.trim().replace(' ', 'T')}Z`);
  if (!Number.isFinite(ms)) throw new LogsTierIncompleteError(`unreadable Insights timestamp ${JSON.stringify(value)}`);
  return ms;
}

const num = (v: string | undefined) => (v === undefined || v === '' ? 0 : Number(v));

/**
 * The conversation figures of tenant-local `dates` (the last days) from the QA_COMPLETE lines:
 * three queries in parallel over the days plus the conversation lookback. Every day asked gets
 * figures (a day without lines has zero conversations: the logs are the record of every turn).
 */
export async function conversationsFromLogs(tenantId: string, dates: readonly string[], tenant: MetricTenant, insights: LogsInsights): Promise<Map<string, ConversationFigures>> {
  const windows = dates.map((d) => ({ date: d, ...localDayWindow(d, tenant.timezone) }));
  const startMs = Math.min(...windows.map((w) => w.startMs));
  const endMs = Math.max(...windows.map((w) => w.endMs));
  const q = qaCompleteQueries(tenantId);
  const [sessions, hours, questions] = await Promise.all([
    insights.run(q.sessions, startMs - CONVERSATION_LOOKBACK_MS, endMs),
    insights.run(q.hours, startMs, endMs),
    insights.run(q.questions, startMs, endMs),
  ]);
  for (const [name, rows] of [['sessions', sessions], ['hours', hours], ['questions', questions]] as const) {
    if (rows.length >= INSIGHTS_MAX_ROWS) throw new LogsTierIncompleteError(`the ${name} query reached Insights' ${INSIGHTS_MAX_ROWS}-row limit`);
  }
  const dayOf = (ms: number) => windows.find((w) => ms >= w.startMs && ms < w.endMs)?.date;

  const acc = new Map(dates.map((d) => [d, { starts: [] as number[], messages: 0, r: 0, rN: 0, t: 0, tN: 0, total: 0, totalN: 0, questions: new Map<string, number>() }]));
  for (const row of sessions) {
    const first = insightsTimeMs(row.first_at);
    const day = dayOf(first);
    if (day) acc.get(day)!.starts.push(first);
  }
  for (const row of hours) {
    const day = dayOf(insightsTimeMs(row.hour));
    if (!day) continue;
    const a = acc.get(day)!;
    const turns = num(row.turns);
    a.messages += turns * messagesOfTurn(row.outcome ?? '');
    // A failed turn sent no MESSAGE_RECEIVED, whose timings the dashboard averages.
    if (row.outcome === 'failed') continue;
    a.r += num(row.response_sum);
    a.rN += turns;
    a.t += num(row.first_token_sum);
    a.tN += turns;
    a.total += num(row.total_sum);
    a.totalN += turns;
  }
  for (const row of questions) {
    const day = dayOf(insightsTimeMs(row.hour));
    const question = normaliseQuestion(row.question_redacted);
    if (!day || !question) continue;
    const m = acc.get(day)!.questions;
    m.set(question, (m.get(question) ?? 0) + num(row.asked));
  }
  const out = new Map<string, ConversationFigures>();
  for (const [date, a] of acc) {
    out.set(date, {
      conversation_count: a.starts.length,
      total_messages: a.messages,
      avg_response_time_ms: averageMs(a.r, a.rN),
      avg_first_token_ms: averageMs(a.t, a.tN),
      avg_total_time_ms: averageMs(a.total, a.totalN),
      response_time_ms_sum: a.r,
      response_count: a.rN,
      first_token_ms_sum: a.t,
      first_token_count: a.tN,
      total_time_ms_sum: a.total,
      total_time_count: a.totalN,
      after_hours_count: a.starts.filter((t) => isAfterHours(localTime(t, tenant.timezone), tenant.business_hours)).length,
      top_questions: rankTopQuestions(a.questions),
      ...distributionsOf(a.starts, tenant.timezone),
    });
  }
  return out;
}
