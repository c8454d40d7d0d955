import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { addDays, localMidnightUtcMs, type AnalyticsEvent, type TenantConfig } from '@picasso/shared';
import { lambdaLogGroup, type QaCompleteLine, type QaOutcome } from '@picasso/shared/legacy';
import { buildEvent } from '@picasso/shared/testing';

/**
 * Deterministic chat traffic for the legacy tests: the lake events of each turn and, for the days
 * the logs tier answers, the streaming handler's QA_COMPLETE line of the same turn, written in the
 * captured-log format the local function hosts use (`<logsDir>/<group>/<stream>.ndjson`, one
 * `{"timestamp","ingestionTime","message"}` per line, the message a Powertools JSON line).
 */

const QUESTIONS = ['How can I volunteer?', 'What are your hours?', 'Do you take donations?', 'Where are you located?', 'Can I foster a pet?'];
const FORMS = ['volunteer_interest', 'donation_request'];

export interface Turn {
  sessionId: string;
  sentAt: number;
  question: string;
  outcome: QaOutcome;
  responseMs: number;
  firstTokenMs: number;
  totalMs: number;
}

/** `sessions` sessions on a tenant-local day, spread over the day, 1–3 turns each, some failed, some forms. */
export function dayTraffic(tenant: TenantConfig, date: string, sessions: number, seed = 1): { events: AnalyticsEvent[]; turns: Turn[] } {
  const events: AnalyticsEvent[] = [];
  const turns: Turn[] = [];
  const midnight = localMidnightUtcMs(date, tenant.timezone);
  const base = { tenant_id: tenant.tenant_id, tenant_hash: tenant.tenant_hash };
  const iso = (ms: number) => new Date(ms).toISOString();
  for (let i = 0; i < sessions; i += 1) {
    const sessionId = `sess_${date.replace(/-/g, '')}_${seed}_${i}`;
    const start = midnight + ((i * 7 + seed * 3) % 23) * 3_600_000 + ((i * 13) % 40) * 60_000;
    events.push(buildEvent('WIDGET_OPENED', { ...base, session_id: sessionId, server_timestamp: iso(start), client_timestamp: iso(start), event_payload: {} }));
    for (let j = 0; j < 1 + ((i + seed) % 3); j += 1) {
      const sentAt = start + 60_000 + j * 60_000;
      const question = QUESTIONS[(i + j + seed) % QUESTIONS.length]!;
      const outcome: QaOutcome = (i + j) % 7 === 3 ? 'failed' : (i + j) % 11 === 5 ? 'interrupted' : 'answered';
      const responseMs = 900 + ((i * 37 + j * 11) % 700);
      const firstTokenMs = 300 + ((i * 17 + j * 5) % 400);
      const turn: Turn = { sessionId, sentAt, question, outcome, responseMs, firstTokenMs, totalMs: responseMs + 400 };
      turns.push(turn);
      events.push(
        buildEvent('MESSAGE_SENT', { ...base, session_id: sessionId, step_number: j + 1, server_timestamp: iso(sentAt), client_timestamp: iso(sentAt), event_payload: { content_preview: question, character_count: question.length, word_count: question.split(' ').length } }),
      );
      if (outcome !== 'failed') {
        const at = iso(sentAt + 2_000);
        events.push(
          buildEvent('MESSAGE_RECEIVED', {
            ...base,
            session_id: sessionId,
            step_number: j + 1,
            server_timestamp: at,
            client_timestamp: at,
            event_payload: { content_preview: 'An answer.', response_time_ms: responseMs, first_token_ms: firstTokenMs, total_time_ms: turn.totalMs, model_id: 'anthropic.claude-3-haiku-20240307-v1:0', knowledge_base_used: true },
          }),
        );
      }
    }
    if (i % 3 === 0) {
      const formId = FORMS[(i / 3) % 2]!;
      const at = iso(start + 5 * 60_000);
      events.push(buildEvent('FORM_STARTED', { ...base, session_id: sessionId, server_timestamp: at, client_timestamp: at, event_payload: { form_id: formId, form_label: formId, total_fields: 4 } }));
      events.push(
        buildEvent('FORM_COMPLETED', { ...base, session_id: sessionId, server_timestamp: at, client_timestamp: at, event_payload: { form_id: formId, form_label: formId, duration_seconds: 60, fields_completed: 4, submission_id: `sub_${sessionId}` } }),
      );
    }
  }
  return { events, turns };
}

/** The QA_COMPLETE line the streaming handler logs for a turn, as Powertools prints it. */
export function qaCompleteMessage(tenant: TenantConfig, turn: Turn, at: number): string {
  const line: QaCompleteLine = {
    event: 'QA_COMPLETE',
    tenant_id: tenant.tenant_id,
    tenant_hash: tenant.tenant_hash,
    session_id: turn.sessionId,
    message_id: `msg_${turn.sessionId}_${turn.sentAt}`,
    question_redacted: turn.question,
    answer_redacted: turn.outcome === 'failed' ? '' : 'An answer.',
    first_token_ms: turn.firstTokenMs,
    response_time_ms: turn.responseMs,
    total_time_ms: turn.totalMs,
    model_id: 'anthropic.claude-3-haiku-20240307-v1:0',
    knowledge_base_used: true,
    knowledge_base_id: 'KB1',
    sources: [],
    outcome: turn.outcome,
    failure: turn.outcome === 'failed' ? 'model_error' : null,
  };
  return JSON.stringify({ level: 'INFO', message: 'QA_COMPLETE', timestamp: new Date(at).toISOString(), service: 'bedrock-streaming-handler', ...line });
}

/** Appends the turns' QA_COMPLETE lines (logged when the answer ended) to a captured log stream. */
export function writeQaLines(logsDir: string, functionName: string, tenant: TenantConfig, turns: readonly Turn[], stream = '2026/11/20/[$LATEST]legacy'): void {
  const dir = join(logsDir, encodeURIComponent(lambdaLogGroup(functionName)));
  mkdirSync(dir, { recursive: true });
  const lines = turns.map((t) => {
    const at = t.sentAt + 2_000;
    return JSON.stringify({ timestamp: at, ingestionTime: at + 50, message: qaCompleteMessage(tenant, t, at) });
  });
  writeFileSync(join(dir, `${encodeURIComponent(stream)}.ndjson`), lines.join('\n') + '\n', { flag: 'a' });
}

/** Per tenant-local day, straight from the lake with SQL (deduplicated on event_id, DuckDB's own time zone conversion). */
export interface SqlDay {
  conversations: number;
  messages: number;
  responseSum: number;
  responseCount: number;
  firstTokenSum: number;
  firstTokenCount: number;
  submissions: number;
  formCounts: Record<string, number>;
}

export async function sqlDays(conn: DuckDBConnection, tenant: TenantConfig): Promise<Map<string, SqlDay>> {
  const tz = tenant.timezone;
  const read = async (sql: string) => (await conn.runAndReadAll(sql, [tenant.tenant_id])).getRowObjectsJS() as Record<string, unknown>[];
  const once = `SELECT event_id, any_value(session_id) AS s, any_value(event_type) AS t, any_value(event_payload) AS p, CAST(any_value(server_timestamp) AS TIMESTAMPTZ) AS ts FROM events WHERE tenant_id = $1 GROUP BY event_id`;
  const out = new Map<string, SqlDay>();
  const day = (d: unknown) => {
    const key = String(d);
    if (!out.has(key)) out.set(key, { conversations: 0, messages: 0, responseSum: 0, responseCount: 0, firstTokenSum: 0, firstTokenCount: 0, submissions: 0, formCounts: {} });
    return out.get(key)!;
  };
  for (const r of await read(`WITH e AS (${once}) SELECT strftime(timezone('${tz}', f), '%Y-%m-%d') AS d, count(*) AS c FROM (SELECT s, min(ts) AS f FROM e WHERE t = 'MESSAGE_SENT' GROUP BY s) GROUP BY ALL`)) day(r.d).conversations = Number(r.c);
  for (const r of await read(
    `WITH e AS (${once}) SELECT strftime(timezone('${tz}', ts), '%Y-%m-%d') AS d, count_if(t IN ('MESSAGE_SENT', 'MESSAGE_RECEIVED')) AS m,
       sum(CAST(json_extract_string(p, '$.response_time_ms') AS DOUBLE)) AS rs, count(CAST(json_extract_string(p, '$.response_time_ms') AS DOUBLE)) AS rn,
       sum(CAST(json_extract_string(p, '$.first_token_ms') AS DOUBLE)) AS ts_, count(CAST(json_extract_string(p, '$.first_token_ms') AS DOUBLE)) AS tn
     FROM e GROUP BY ALL`,
  )) {
    Object.assign(day(r.d), { messages: Number(r.m), responseSum: Number(r.rs ?? 0), responseCount: Number(r.rn), firstTokenSum: Number(r.ts_ ?? 0), firstTokenCount: Number(r.tn) });
  }
  for (const r of await read(`WITH e AS (${once}) SELECT strftime(timezone('${tz}', ts), '%Y-%m-%d') AS d, json_extract_string(p, '$.form_id') AS f, count(*) AS c FROM e WHERE t = 'FORM_COMPLETED' GROUP BY ALL`)) {
    const d = day(r.d);
    d.formCounts[String(r.f)] = Number(r.c);
    d.submissions += Number(r.c);
  }
  return out;
}

/** The tenant-local dates `today - ages[i]`. */
export const datesAgo = (today: string, ages: readonly number[]) => ages.map((a) => addDays(today, -a));
