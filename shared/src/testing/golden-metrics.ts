import type { DuckDBConnection } from '@duckdb/node-api';
import type { TenantConfig } from '../index';
import { COMPARED_METRICS, COST_DECIMALS, metricWindow, MODEL_PRICES, MODEL_PRICES_AS_OF, PRICE_CURRENCY, type MetricData, type MetricType, type MetricWindow } from '../metrics';
import { LATENCY_GAMMA, LATENCY_RELATIVE_ERROR, latencyBucketValue } from '../metrics/latency-sketch';
import { SMALL_TALK_WORDS } from '../metrics/small-talk';

/**
 * Every metric computed independently of the aggregator: plain SQL over the raw lake
 * (deduplicated on event_id, exact instants, local time by DuckDB's own time zone conversion).
 * Only the presentation (rounding to 1 or 3 decimals) is applied in TypeScript.
 */

/**
 * Decimal rounding that ignores floating-point noise: sums of the same values in another order
 * differ in the last bit, which must not flip a half-way case (61.7625 → 61.763 either way).
 */
const roundTo = (x: number, digits: number) => Number(`${Math.round(Number(`${x.toFixed(9)}e${digits}`))}e-${digits}`);
const round1 = (x: number) => roundTo(x, 1);
const round3 = (x: number) => roundTo(x, 3);
const roundCost = (x: number) => roundTo(x, COST_DECIMALS);
const pct = (num: number, den: number) => (den > 0 ? round1((100 * num) / den) : null);
const avg = (sum: number, n: number, scale = 1) => (n > 0 ? round3(sum / n / scale) : null);

async function rows(conn: DuckDBConnection, sql: string, params: (string | number)[] = []): Promise<Record<string, unknown>[]> {
  const reader = await conn.runAndReadAll(sql, params);
  return reader.getRowObjectsJS() as Record<string, unknown>[];
}
const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

/** normaliseQuestion in SQL: lower case with markers in capitals, spaces collapsed, trailing punctuation cut but never a marker's `]`. */
const normalisedSql = (text: string) =>
  `trim(regexp_replace(regexp_replace(${['email', 'card', 'ssn', 'phone'].reduce(
    (acc, m) => `replace(${acc}, '[${m}]', '[${m.toUpperCase()}]')`,
    `lower(trim(${text}))`,
  )}, '\\s+', ' ', 'g'), '(\\[(?:EMAIL|CARD|SSN|PHONE)\\])?[[:punct:][:space:]]*$', '\\1'))`;

/** Small talk in SQL: every word (split at what is not a letter, digit or apostrophe) is in the vocabulary. */
const smallTalkSql = (q: string) => {
  const vocabulary = [...SMALL_TALK_WORDS].map((w) => `'${w.replace(/'/g, "''")}'`).join(', ');
  return `(len(list_filter(string_split_regex(${q}, '[^[:alnum:]'']+'), w -> w <> '')) > 0
    AND len(list_filter(string_split_regex(${q}, '[^[:alnum:]'']+'), w -> w <> '' AND NOT list_contains([${vocabulary}], w))) = 0)`;
};

/** The nearest-rank percentile (`percent` of `n`, 1-based rank) of `value` over `source`'s rows, in SQL. */
const nearestRankSql = (value: string, source: string, percent: number) =>
  `SELECT v FROM (SELECT ${value} AS v, row_number() OVER (ORDER BY ${value}) AS rn, count(*) OVER () AS n FROM ${source} WHERE ${value} IS NOT NULL)
   WHERE rn = greatest(1, (${percent} * n + 99) // 100)`;

/**
 * The exact p50/p95 (ms, nearest rank) of first-token and total time over a window's replies,
 * straight from the lake: what the served percentiles must come within `LATENCY_RELATIVE_ERROR` of.
 * Call after `goldenMetrics` for the same window (it reads that call's `g_e`).
 */
export async function goldenExactLatency(conn: DuckDBConnection): Promise<Record<'first_token' | 'total_time', { p50: number | null; p95: number | null }>> {
  const src = `(SELECT CAST(json_extract_string(p, '$.first_token_ms') AS DOUBLE) AS ft, CAST(json_extract_string(p, '$.total_time_ms') AS DOUBLE) AS tt FROM g_e WHERE event_type = 'MESSAGE_RECEIVED')`;
  const one = async (col: string, percent: number) => {
    const [r] = await rows(conn, nearestRankSql(col, src, percent));
    return r ? n(r.v) : null;
  };
  return { first_token: { p50: await one('ft', 50), p95: await one('ft', 95) }, total_time: { p50: await one('tt', 50), p95: await one('tt', 95) } };
}

/**
 * Conversation outcomes of a window at `now`, straight from the lake (docs/metrics.md,
 * "Conversation outcomes"): each conversation placed as `g_conv` places it, its last message and
 * last reply before H (range end + 24 h; ties by event id, a reply at a visitor message's instant
 * counting as after it), the last reply's latest rating and any FORM_STARTED in
 * (last reply, last reply + 24 h], both read until H + 24 h. Pending conversations depend on
 * `now`, so the golden test asks this again at the instant an answer was computed. Call after
 * `goldenMetrics` for the same window (it reads that call's `g_all` and `g_conv`).
 */
export async function goldenOutcomes(conn: DuckDBConnection, w: MetricWindow, now: Date): Promise<MetricData['conversation_outcomes']> {
  const lookbackS = w.startMs / 1000 - 86_400;
  const horizonS = w.endMs / 1000 + 86_400;
  const [r] = await rows(
    conn,
    `WITH msgs AS (
       SELECT session_id, event_id, event_type, p, ts FROM g_all
       WHERE event_type IN ('MESSAGE_SENT', 'MESSAGE_RECEIVED') AND ts >= to_timestamp($1) AND ts < to_timestamp($2)),
     last_sent AS (SELECT session_id, max(ts) AS ls FROM msgs WHERE event_type = 'MESSAGE_SENT' GROUP BY session_id),
     last_reply AS (
       SELECT session_id, ts AS lr, coalesce(json_extract_string(p, '$.knowledge_base_used') = 'true', false) AS kb,
              coalesce(json_extract_string(p, '$.message_id'), regexp_replace(event_id, ':received$', '')) AS reply_id
       FROM (SELECT *, row_number() OVER (PARTITION BY session_id ORDER BY ts DESC, event_id DESC) AS rn FROM msgs WHERE event_type = 'MESSAGE_RECEIVED')
       WHERE rn = 1),
     rating AS (
       SELECT session_id, mid, rating FROM (
         SELECT session_id, json_extract_string(p, '$.message_id') AS mid, json_extract_string(p, '$.rating') AS rating,
                row_number() OVER (PARTITION BY session_id, json_extract_string(p, '$.message_id') ORDER BY vote_ts DESC, ts DESC, event_id DESC) AS rn
         FROM g_all WHERE event_type = 'MESSAGE_FEEDBACK' AND ts >= to_timestamp($1) AND ts < to_timestamp($2) + INTERVAL 1 DAY)
       WHERE rn = 1),
     classified AS (
       SELECT c.session_id, greatest(ls.ls, lr.lr) AS last_message,
              CASE WHEN lr.lr IS NULL OR ls.ls > lr.lr THEN 'abandoned'
                   WHEN rt.rating = 'up' THEN 'confirmed'
                   WHEN rt.rating = 'down' THEN 'unresolved'
                   WHEN lr.kb AND NOT EXISTS (
                     SELECT 1 FROM g_all f WHERE f.session_id = c.session_id AND f.event_type = 'FORM_STARTED'
                       AND f.ts > lr.lr AND f.ts <= lr.lr + INTERVAL 1 DAY) THEN 'resolved'
                   ELSE 'unresolved' END AS outcome
       FROM g_conv c
       LEFT JOIN last_sent ls ON ls.session_id = c.session_id
       LEFT JOIN last_reply lr ON lr.session_id = c.session_id
       LEFT JOIN rating rt ON rt.session_id = c.session_id AND rt.mid = lr.reply_id)
     SELECT count(*) AS conversations,
            count_if(last_message + INTERVAL 1 DAY > to_timestamp($3)) AS pending,
            count_if(last_message + INTERVAL 1 DAY <= to_timestamp($3) AND outcome = 'abandoned') AS abandoned,
            count_if(last_message + INTERVAL 1 DAY <= to_timestamp($3) AND outcome IN ('resolved', 'confirmed')) AS resolved,
            count_if(last_message + INTERVAL 1 DAY <= to_timestamp($3) AND outcome = 'confirmed') AS confirmed
     FROM classified`,
    [lookbackS, horizonS, now.getTime() / 1000],
  );
  const conversations = n(r!.conversations);
  const decided = conversations - n(r!.pending);
  return {
    conversations,
    pending: n(r!.pending),
    decided,
    resolved: n(r!.resolved),
    resolution_rate: pct(n(r!.resolved), decided),
    confirmed_resolved: n(r!.confirmed),
    confirmed_resolution_rate: pct(n(r!.confirmed), decided),
    abandoned: n(r!.abandoned),
    abandonment_rate: pct(n(r!.abandoned), decided),
  };
}

/** The price table as SQL rows, joined by model and the reply's UTC day (the latest entry from that day or before). */
const pricesSql = () =>
  `(VALUES ${MODEL_PRICES.map((p) => `('${p.model_id}', DATE '${p.from}', ${p.input_per_million}, ${p.output_per_million})`).join(', ')}) AS prices(model_id, from_day, input_price, output_price)`;

async function goldenFeedbackAndTokens(conn: DuckDBConnection, replies: number): Promise<Pick<MetricData, 'answer_feedback' | 'token_usage'>> {
  const latest = `(SELECT * FROM (
       SELECT session_id, json_extract_string(p, '$.rating') AS rating, json_extract_string(p, '$.comment') AS comment,
              row_number() OVER (PARTITION BY session_id, json_extract_string(p, '$.message_id') ORDER BY vote_ts DESC, ts DESC, event_id DESC) AS rn
       FROM g_e WHERE event_type = 'MESSAGE_FEEDBACK') WHERE rn = 1)`;
  const [fb] = await rows(conn, `SELECT count(*) AS rated, count_if(rating = 'up') AS helpful FROM ${latest}`);
  const comments = await rows(
    conn,
    `SELECT c, rating, count(*) AS k FROM (SELECT ${normalisedSql('comment')} AS c, rating FROM ${latest} WHERE comment IS NOT NULL)
     WHERE c <> '' GROUP BY ALL ORDER BY k DESC, c, rating LIMIT 20`,
  );
  const rated = n(fb!.rated);
  const helpful = n(fb!.helpful);
  const tokenReplies = `(SELECT session_id, coalesce(json_extract_string(p, '$.model_id'), 'unknown') AS model_id,
         CAST(json_extract_string(p, '$.input_tokens') AS BIGINT) AS it, CAST(json_extract_string(p, '$.output_tokens') AS BIGINT) AS ot,
         CAST(timezone('UTC', ts) AS DATE) AS day
       FROM g_e WHERE event_type = 'MESSAGE_RECEIVED' AND json_extract_string(p, '$.input_tokens') IS NOT NULL AND json_extract_string(p, '$.output_tokens') IS NOT NULL)`;
  const models = await rows(
    conn,
    `WITH priced AS (
       SELECT r.*, (SELECT arg_max(input_price * r.it + output_price * r.ot, from_day) FROM ${pricesSql()}
                    WHERE prices.model_id = r.model_id AND prices.from_day <= r.day) / 1000000 AS cost
       FROM ${tokenReplies} r)
     SELECT model_id, count(*) AS replies, sum(it) AS input, sum(ot) AS output, sum(cost) AS cost, count_if(cost IS NULL) AS unpriced
     FROM priced GROUP BY model_id ORDER BY replies DESC, model_id`,
  );
  const [conv] = await rows(conn, `SELECT count(*) AS token_replies, count(DISTINCT session_id) AS sessions FROM ${tokenReplies}`);
  const pricedReplies = models.reduce((a, m) => a + n(m.replies) - n(m.unpriced), 0);
  const costSum = models.reduce((a, m) => a + n(m.cost), 0);
  const cost = pricedReplies > 0 ? roundCost(costSum) : null;
  const sessions = n(conv!.sessions);
  return {
    answer_feedback: {
      replies,
      rated,
      helpful,
      not_helpful: rated - helpful,
      helpful_rate: pct(helpful, rated),
      feedback_coverage: pct(rated, replies),
      comments: comments.map((c) => ({ comment: String(c.c), rating: c.rating as 'up' | 'down', count: n(c.k) })),
    },
    token_usage: {
      prices_as_of: MODEL_PRICES_AS_OF,
      currency: PRICE_CURRENCY,
      replies,
      replies_with_tokens: n(conv!.token_replies),
      replies_without_tokens: replies - n(conv!.token_replies),
      input_tokens: models.reduce((a, m) => a + n(m.input), 0),
      output_tokens: models.reduce((a, m) => a + n(m.output), 0),
      cost,
      unpriced_replies: models.reduce((a, m) => a + n(m.unpriced), 0),
      conversations_with_tokens: sessions,
      cost_per_conversation: cost !== null && sessions > 0 ? roundCost(costSum / sessions) : null,
      models: models.slice(0, 20).map((m) => ({
        model_id: String(m.model_id),
        replies: n(m.replies),
        input_tokens: n(m.input),
        output_tokens: n(m.output),
        cost: n(m.unpriced) > 0 ? null : roundCost(n(m.cost)),
      })),
    },
  };
}

/** Every metric of a window as of `now` (conversation outcomes' pending ones depend on it). */
export async function goldenMetrics(conn: DuckDBConnection, tenant: TenantConfig, w: MetricWindow, now: Date): Promise<MetricData> {
  // The previous period first: the same SQL over the window before (this call's temp tables come after).
  const days = Math.round((Date.parse(`${w.range_end}T00:00:00Z`) - Date.parse(`${w.range_start}T00:00:00Z`)) / 86_400_000) + 1;
  const dayBefore = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
  const previousEnd = dayBefore(w.range_start, 1);
  const previousWindow = metricWindow({ start_date: dayBefore(previousEnd, days - 1), end_date: previousEnd }, tenant.timezone, new Date(0));
  const previous = await currentPeriodMetrics(conn, tenant, previousWindow, now);
  const current = await currentPeriodMetrics(conn, tenant, w, now);
  return {
    ...current,
    period_comparison: {
      previous_period: { start_date: previousWindow.range_start, end_date: previousWindow.range_end },
      previous: Object.fromEntries(COMPARED_METRICS.map((m) => [m, previous[m]])) as MetricData['period_comparison']['previous'],
      previous_trend: previous.conversations_trend.points,
    },
  };
}

async function currentPeriodMetrics(conn: DuckDBConnection, tenant: TenantConfig, w: MetricWindow, now: Date): Promise<Omit<MetricData, 'period_comparison'>> {
  const tz = tenant.timezone;
  const startS = w.startMs / 1000;
  const endS = w.endMs / 1000;
  const lookbackS = startS - 86_400;
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE g_all AS
     SELECT event_id, any_value(session_id) AS session_id, any_value(event_type) AS event_type,
            any_value(event_payload) AS p, CAST(any_value(server_timestamp) AS TIMESTAMPTZ) AS ts,
            CAST(coalesce(any_value(client_timestamp), any_value(server_timestamp)) AS TIMESTAMPTZ) AS vote_ts
     FROM events WHERE tenant_id = $1 GROUP BY event_id`,
    [tenant.tenant_id],
  );
  await conn.run(`CREATE OR REPLACE TEMP TABLE g_e AS SELECT *, timezone('${tz}', ts) AS l FROM g_all WHERE ts >= to_timestamp($1) AND ts < to_timestamp($2)`, [startS, endS]);
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE g_conv AS
     SELECT session_id, first_ts, timezone('${tz}', first_ts) AS l FROM (
       SELECT session_id, min(ts) AS first_ts FROM g_all
       WHERE event_type = 'MESSAGE_SENT' AND ts >= to_timestamp($1) AND ts < to_timestamp($2) GROUP BY session_id)
     WHERE first_ts >= to_timestamp($3)`,
    [lookbackS, endS, startS],
  );
  const bh = tenant.business_hours;
  const [sh, sm] = bh.start.split(':').map(Number);
  const [eh, em] = bh.end.split(':').map(Number);
  const businessDays = bh.days.join(', ');

  const [totals] = await rows(
    conn,
    `SELECT
       (SELECT count(*) FROM g_conv) AS conversations,
       (SELECT count(*) FROM g_conv WHERE NOT (isodow(l) IN (${businessDays})
            AND hour(l) * 60 + minute(l) >= ${sh! * 60 + sm!} AND hour(l) * 60 + minute(l) < ${eh! * 60 + em!})) AS after_hours,
       count_if(event_type IN ('MESSAGE_SENT', 'MESSAGE_RECEIVED')) AS messages,
       sum(CAST(json_extract_string(p, '$.response_time_ms') AS DOUBLE)) AS resp_sum,
       count(CAST(json_extract_string(p, '$.response_time_ms') AS DOUBLE)) AS resp_n,
       sum(CAST(json_extract_string(p, '$.first_token_ms') AS DOUBLE)) AS tok_sum,
       count(CAST(json_extract_string(p, '$.first_token_ms') AS DOUBLE)) AS tok_n,
       count(DISTINCT session_id) AS sessions,
       count_if(event_type = 'WIDGET_OPENED') AS widget_opens,
       count_if(event_type = 'MESSAGE_RECEIVED') AS replies,
       count_if(event_type = 'MESSAGE_RECEIVED' AND json_extract_string(p, '$.knowledge_base_used') = 'true') AS kb_replies,
       count_if(CAST(json_extract_string(p, '$.first_token_ms') AS DOUBLE) < 1000) AS tok_fast,
       count_if(CAST(json_extract_string(p, '$.first_token_ms') AS DOUBLE) > 10000) AS tok_slow,
       count_if(event_type = 'FORM_STARTED') AS started,
       count_if(event_type = 'FORM_COMPLETED') AS completed,
       count_if(event_type = 'FORM_ABANDONED') AS abandoned,
       sum(CASE WHEN event_type = 'FORM_COMPLETED' THEN CAST(json_extract_string(p, '$.duration_seconds') AS DOUBLE) END) AS dur_sum,
       count(CASE WHEN event_type = 'FORM_COMPLETED' THEN CAST(json_extract_string(p, '$.duration_seconds') AS DOUBLE) END) AS dur_n,
       count(DISTINCT CASE WHEN event_type = 'WIDGET_OPENED' THEN session_id END) AS s_open,
       count(DISTINCT CASE WHEN event_type = 'MESSAGE_SENT' THEN session_id END) AS s_msg,
       count(DISTINCT CASE WHEN event_type = 'FORM_STARTED' THEN session_id END) AS s_start,
       count(DISTINCT CASE WHEN event_type = 'FORM_COMPLETED' THEN session_id END) AS s_done
     FROM g_e`,
  );
  const t = Object.fromEntries(Object.entries(totals!).map(([k, v]) => [k, n(v)]));

  const heat = await rows(conn, `SELECT isodow(l) AS d, hour(l) AS h, count(*) AS c FROM g_conv GROUP BY ALL ORDER BY d, h`);
  const fmt = w.granularity === 'day' ? '%Y-%m-%d' : '%Y-%m-%dT%H:00';
  const periods = await rows(
    conn,
    `SELECT DISTINCT strftime(timezone('${tz}', g), '${fmt}') AS p
     FROM generate_series(to_timestamp($1), to_timestamp($2) - INTERVAL 1 SECOND, INTERVAL 1 HOUR) s(g) ORDER BY p`,
    [startS, endS],
  );
  const convBy = new Map((await rows(conn, `SELECT strftime(l, '${fmt}') AS p, count(*) AS c FROM g_conv GROUP BY ALL`)).map((r) => [r.p, n(r.c)]));
  const msgBy = new Map(
    (await rows(conn, `SELECT strftime(l, '${fmt}') AS p, count(*) AS c FROM g_e WHERE event_type IN ('MESSAGE_SENT', 'MESSAGE_RECEIVED') GROUP BY ALL`)).map((r) => [r.p, n(r.c)]),
  );
  const questions = await rows(
    conn,
    `SELECT q AS question, count(*) AS c FROM (
       SELECT ${normalisedSql("json_extract_string(p, '$.content_preview')")} AS q
       FROM g_e WHERE event_type = 'MESSAGE_SENT') WHERE q IS NOT NULL AND q <> ''
     GROUP BY q ORDER BY c DESC, q LIMIT 10`,
  );
  // A reply's question: the session's message right before it on the same UTC day, if the visitor sent it.
  const unanswered = await rows(
    conn,
    `WITH turns AS (
       SELECT event_id, event_type, p, ts,
              lag(event_type) OVER (PARTITION BY session_id, floor(epoch(ts) / 86400) ORDER BY ts, event_id) AS prev_type,
              lag(json_extract_string(p, '$.content_preview')) OVER (PARTITION BY session_id, floor(epoch(ts) / 86400) ORDER BY ts, event_id) AS prev_text
       FROM g_all WHERE event_type IN ('MESSAGE_SENT', 'MESSAGE_RECEIVED')),
     asked AS (
       SELECT ${normalisedSql('prev_text')} AS q FROM turns
       WHERE event_type = 'MESSAGE_RECEIVED' AND prev_type = 'MESSAGE_SENT'
         AND coalesce(json_extract_string(p, '$.knowledge_base_used'), 'false') <> 'true'
         AND ts >= to_timestamp($1) AND ts < to_timestamp($2))
     SELECT q AS question, count(*) AS c FROM asked WHERE q IS NOT NULL AND q <> '' AND NOT ${smallTalkSql('q')}
     GROUP BY q ORDER BY c DESC, q LIMIT 20`,
    [startS, endS],
  );
  // The sketch's answer, computed here without rollups: each reply's bucket, the bucket at the nearest rank.
  const bucketPercentile = async (field: string, percent: number) => {
    const src = `(SELECT CAST(ceil(ln(greatest(x, 1)) / ln(${LATENCY_GAMMA})) AS INTEGER) AS b
                  FROM (SELECT CAST(json_extract_string(p, '$.${field}') AS DOUBLE) AS x FROM g_e WHERE event_type = 'MESSAGE_RECEIVED') WHERE x IS NOT NULL)`;
    const [r] = await rows(conn, nearestRankSql('b', src, percent));
    return r ? round3(latencyBucketValue(n(r.v)) / 1000) : null;
  };
  const latency = {
    first_token: { p50_seconds: await bucketPercentile('first_token_ms', 50), p95_seconds: await bucketPercentile('first_token_ms', 95) },
    total_time: { p50_seconds: await bucketPercentile('total_time_ms', 50), p95_seconds: await bucketPercentile('total_time_ms', 95) },
  };
  const fields = await rows(
    conn,
    `SELECT json_extract_string(p, '$.form_id') AS form_id, json_extract_string(p, '$.last_field') AS field, count(*) AS c
     FROM g_e WHERE event_type = 'FORM_ABANDONED' GROUP BY ALL ORDER BY c DESC, form_id, field`,
  );
  const abandonTotal = fields.reduce((a, r) => a + n(r.c), 0);
  const forms = await rows(
    conn,
    `SELECT json_extract_string(p, '$.form_id') AS form_id,
            max(json_extract_string(p, '$.form_label')) AS label,
            count_if(event_type = 'MESSAGE_RECEIVED') AS replies,
       count_if(event_type = 'MESSAGE_RECEIVED' AND json_extract_string(p, '$.knowledge_base_used') = 'true') AS kb_replies,
       count_if(CAST(json_extract_string(p, '$.first_token_ms') AS DOUBLE) < 1000) AS tok_fast,
       count_if(CAST(json_extract_string(p, '$.first_token_ms') AS DOUBLE) > 10000) AS tok_slow,
       count_if(event_type = 'FORM_STARTED') AS started, count_if(event_type = 'FORM_COMPLETED') AS completed,
            sum(CASE WHEN event_type = 'FORM_COMPLETED' THEN CAST(json_extract_string(p, '$.duration_seconds') AS DOUBLE) END) AS dur_sum,
            count(CASE WHEN event_type = 'FORM_COMPLETED' THEN CAST(json_extract_string(p, '$.duration_seconds') AS DOUBLE) END) AS dur_n
     FROM g_e WHERE event_type IN ('FORM_STARTED', 'FORM_COMPLETED', 'FORM_ABANDONED') GROUP BY ALL`,
  );
  const titles = new Map(tenant.forms.map((f) => [f.form_id, f.title]));
  const performers = forms
    .map((r) => ({
      form_id: String(r.form_id),
      form_label: titles.get(String(r.form_id)) ?? (r.label as string | null) ?? String(r.form_id),
      started: n(r.started),
      completed: n(r.completed),
      completion_rate: pct(n(r.completed), n(r.started)),
      avg_completion_seconds: avg(n(r.dur_sum), n(r.dur_n)),
    }))
    .sort((a, b) => b.completed - a.completed || (b.completion_rate ?? -1) - (a.completion_rate ?? -1) || (a.form_id < b.form_id ? -1 : 1))
    .slice(0, 10);

  const stages = [
    ['widget_opened', t.s_open],
    ['first_message', t.s_msg],
    ['form_started', t.s_start],
    ['form_completed', t.s_done],
  ] as const;

  return {
    conversations_summary: {
      total_conversations: t.conversations!,
      total_messages: t.messages!,
      avg_response_time_seconds: avg(t.resp_sum!, t.resp_n!, 1000),
      avg_first_token_seconds: avg(t.tok_sum!, t.tok_n!, 1000),
      after_hours_count: t.after_hours!,
      after_hours_percentage: pct(t.after_hours!, t.conversations!),
    },
    conversations_heatmap: { timezone: tz, cells: heat.map((r) => ({ day_of_week: n(r.d), hour: n(r.h), conversations: n(r.c) })) },
    conversations_trend: {
      timezone: tz,
      granularity: w.granularity,
      points: periods.map((r) => ({ period: String(r.p), conversations: convBy.get(r.p) ?? 0, messages: msgBy.get(r.p) ?? 0 })),
    },
    top_questions: { questions: questions.map((r) => ({ question: String(r.question), count: n(r.c) })) },
    forms_summary: {
      forms_started: t.started!,
      forms_completed: t.completed!,
      forms_abandoned: t.abandoned!,
      completion_rate: pct(t.completed!, t.started!),
      avg_completion_seconds: avg(t.dur_sum!, t.dur_n!),
    },
    forms_bottlenecks: {
      fields: fields.map((r) => ({ form_id: String(r.form_id), field: String(r.field), abandons: n(r.c), share_percentage: pct(n(r.c), abandonTotal) })),
    },
    forms_top_performers: { forms: performers },
    analytics_summary: {
      sessions: t.sessions!,
      widget_opens: t.widget_opens!,
      conversations: t.conversations!,
      messages: t.messages!,
      forms_completed: t.completed!,
      conversion_rate: pct(t.s_done!, t.s_open!),
    },
    analytics_funnel: {
      stages: stages.map(([stage, sessions], i) => ({
        stage,
        sessions: sessions!,
        percentage_of_previous: i === 0 ? null : pct(sessions!, stages[i - 1]![1]!),
        percentage_of_top: pct(sessions!, t.s_open!),
      })),
    },
    knowledge_base_summary: { replies: t.replies!, knowledge_base_replies: t.kb_replies!, answer_rate: pct(t.kb_replies!, t.replies!) },
    unanswered_questions: { questions: unanswered.map((r) => ({ question: String(r.question), count: n(r.c) })) },
    conversation_outcomes: await goldenOutcomes(conn, w, now),
    ...(await goldenFeedbackAndTokens(conn, t.replies!)),
    response_latency: {
      relative_error: LATENCY_RELATIVE_ERROR,
      replies_timed: t.tok_n!,
      ...latency,
      first_token_under_1s_percentage: pct(t.tok_fast!, t.tok_n!),
      first_token_over_10s_percentage: pct(t.tok_slow!, t.tok_n!),
    },
  } satisfies Record<Exclude<MetricType, 'period_comparison'>, unknown>;
}
