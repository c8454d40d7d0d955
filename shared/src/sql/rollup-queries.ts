import { latencyBucketSql } from '../metrics/latency-sketch';
import { expandSlot, type QueryParam } from '../query/query-engine';

/**
 * The SQL the aggregator ships (Trino dialect; runs unchanged on DuckDB through the
 * compatibility macros). Values are always positional `?` parameters; `{{partitions}}` is
 * expanded into one `(year = ? AND month = ? AND day = ?)` term per day, placeholders only.
 */

/**
 * One tenant's dirty UTC days, grouped by UTC hour, in ONE scan of those partitions:
 * - rows are deduplicated on (`tenant_id`, `event_id`) first (SQS delivers at least once; a
 *   producer may send an event twice); another tenant's event with the same id is not a copy;
 * - each reply (MESSAGE_RECEIVED) is paired with the session's message right before it on the
 *   same UTC day (`lag` over the session's messages): when that is a visitor message and the reply
 *   did not use the Knowledge Base, the visitor's text is the reply's `question` (an unanswered
 *   question, docs/metrics.md); pairing within the UTC day keeps a day's rollup a function of
 *   that day's partition alone, whichever days a run recomputes together;
 * - `GROUPING SETS` yields per (hour, session) rows (`grain = 'session'`: distinct-session
 *   figures merge without double counting), per (hour, event type, form, field, question)
 *   rows (`grain = 'dimension'`) and per (hour, latency bucket) rows of first-token and total
 *   time (`grain = 'first_token'` / `'total_time'`, the mergeable sketch of
 *   `metrics/latency-sketch.ts`) from the same pass, so Athena bills the bytes once;
 * - the session rows also carry what conversation outcomes need (docs/metrics.md, "Conversation
 *   outcomes"): the hour's last visitor message and last reply (its instant, whether it used the
 *   Knowledge Base, its reply id) and its first and last FORM_STARTED; "last" is by (server time,
 *   event id) within the hour, so every figure is a function of that hour's events alone;
 * - `grain = 'feedback'` rows (hour, session, reply id) carry each rated reply's latest
 *   MESSAGE_FEEDBACK within the hour (rating, server instant, vote instant, comment), latest by
 *   the vote's `client_timestamp` (server time when absent), then server time, then event id
 *   (docs/decisions.md §40: a retried vote reaches the server after the vote that replaced it);
 * - dimension rows of replies are split by `model_id` and carry the token sums of the replies
 *   that report tokens (MESSAGE_RECEIVED 1.1.0; a 1.0.0 reply's tokens are unknown, not zero).
 * A reply's id is its payload's `message_id`, else its event id without the `:received` suffix
 * (the streaming handler's ids, docs/metrics.md, "Reply id").
 * Parameters: tenant_id, then year, month, day per day.
 */
export const TENANT_HOURLY_ROLLUP_SQL = `
WITH scoped AS (
  SELECT event_id, session_id, event_type, event_payload,
         to_unixtime(from_iso8601_timestamp(server_timestamp)) AS ts,
         CASE WHEN event_type = 'MESSAGE_FEEDBACK'
              THEN to_unixtime(from_iso8601_timestamp(coalesce(client_timestamp, server_timestamp))) END AS vote_ts,
         row_number() OVER (PARTITION BY tenant_id, event_id ORDER BY server_timestamp) AS copy_number
  FROM events
  WHERE tenant_id = ? AND ({{partitions}})
),
keyed AS (
  SELECT event_id, session_id, event_type, event_payload, ts, vote_ts,
         CASE WHEN event_type = 'MESSAGE_RECEIVED'
              THEN coalesce(json_extract_scalar(event_payload, '$.message_id'), regexp_replace(event_id, ':received$', ''))
              WHEN event_type = 'MESSAGE_FEEDBACK'
              THEN json_extract_scalar(event_payload, '$.message_id') END AS reply_id
  FROM scoped
  WHERE copy_number = 1
),
turns AS (
  SELECT event_id, session_id, event_type, event_payload, ts, vote_ts, reply_id,
         CASE WHEN event_type = 'MESSAGE_RECEIVED'
              THEN coalesce(json_extract_scalar(event_payload, '$.knowledge_base_used') = 'true', false) END AS kb_used,
         lag(event_type) OVER turn AS previous_type,
         lag(json_extract_scalar(event_payload, '$.content_preview')) OVER turn AS previous_text,
         row_number() OVER (PARTITION BY session_id, floor(ts / 3600), event_type,
                                         CASE WHEN event_type = 'MESSAGE_FEEDBACK' THEN reply_id END
                            ORDER BY coalesce(vote_ts, ts) DESC, ts DESC, event_id DESC) AS latest_in_hour
  FROM keyed
  WINDOW turn AS (PARTITION BY session_id, floor(ts / 86400), event_type IN ('MESSAGE_SENT', 'MESSAGE_RECEIVED') ORDER BY ts, event_id)
),
events_once AS (
  SELECT session_id, event_type, ts, kb_used,
         CASE WHEN event_type = 'MESSAGE_FEEDBACK' AND latest_in_hour = 1 THEN vote_ts END AS feedback_vote_at,
         CAST(floor(ts / 3600) AS bigint) * 3600 AS hour_start,
         CASE WHEN event_type = 'MESSAGE_RECEIVED' AND latest_in_hour = 1 THEN reply_id END AS last_reply_id,
         CASE WHEN event_type = 'MESSAGE_FEEDBACK' AND latest_in_hour = 1 THEN reply_id END AS feedback_id,
         CASE WHEN event_type = 'MESSAGE_FEEDBACK' AND latest_in_hour = 1 THEN json_extract_scalar(event_payload, '$.rating') END AS rating,
         CASE WHEN event_type = 'MESSAGE_FEEDBACK' AND latest_in_hour = 1 THEN json_extract_scalar(event_payload, '$.comment') END AS comment,
         CASE WHEN event_type = 'MESSAGE_RECEIVED' AND latest_in_hour = 1 AND kb_used THEN 1 ELSE 0 END AS last_reply_kb,
         CASE WHEN event_type = 'MESSAGE_RECEIVED'
              THEN json_extract_scalar(event_payload, '$.model_id') END AS model_id,
         CASE WHEN event_type = 'MESSAGE_RECEIVED'
              THEN CAST(json_extract_scalar(event_payload, '$.input_tokens') AS bigint) END AS input_tokens,
         CASE WHEN event_type = 'MESSAGE_RECEIVED'
              THEN CAST(json_extract_scalar(event_payload, '$.output_tokens') AS bigint) END AS output_tokens,
         CASE WHEN event_type IN ('FORM_STARTED', 'FORM_COMPLETED', 'FORM_ABANDONED')
              THEN json_extract_scalar(event_payload, '$.form_id') END AS form_id,
         CASE WHEN event_type IN ('FORM_STARTED', 'FORM_COMPLETED', 'FORM_ABANDONED')
              THEN json_extract_scalar(event_payload, '$.form_label') END AS form_label,
         CASE WHEN event_type = 'FORM_ABANDONED'
              THEN json_extract_scalar(event_payload, '$.last_field') END AS field,
         CASE WHEN event_type = 'MESSAGE_SENT'
              THEN json_extract_scalar(event_payload, '$.content_preview')
              WHEN event_type = 'MESSAGE_RECEIVED' AND NOT kb_used AND previous_type = 'MESSAGE_SENT'
              THEN previous_text END AS question,
         CASE WHEN event_type = 'MESSAGE_RECEIVED'
              THEN CAST(json_extract_scalar(event_payload, '$.response_time_ms') AS double) END AS response_ms,
         CASE WHEN event_type = 'MESSAGE_RECEIVED'
              THEN CAST(json_extract_scalar(event_payload, '$.first_token_ms') AS double) END AS first_token_ms,
         CASE WHEN event_type = 'MESSAGE_RECEIVED'
              THEN CAST(json_extract_scalar(event_payload, '$.total_time_ms') AS double) END AS total_time_ms,
         CASE WHEN event_type = 'FORM_COMPLETED'
              THEN CAST(json_extract_scalar(event_payload, '$.duration_seconds') AS double) END AS duration_s
  FROM turns
),
bucketed AS (
  SELECT *, ${latencyBucketSql('first_token_ms')} AS first_token_bucket, ${latencyBucketSql('total_time_ms')} AS total_bucket
  FROM events_once
),
grouped AS (
SELECT CASE WHEN grouping(feedback_id) = 0 THEN 'feedback'
            WHEN grouping(session_id) = 0 THEN 'session'
            WHEN grouping(first_token_bucket) = 0 THEN 'first_token'
            WHEN grouping(total_bucket) = 0 THEN 'total_time'
            ELSE 'dimension' END AS grain,
       hour_start, session_id, event_type, form_id, form_label, field, question, model_id, first_token_bucket, total_bucket, feedback_id,
       count(*) AS events,
       count_if(event_type = 'WIDGET_OPENED') AS widget_opens,
       count_if(event_type = 'MESSAGE_SENT') AS messages_sent,
       count_if(event_type = 'MESSAGE_RECEIVED') AS messages_received,
       count_if(kb_used) AS kb_replies,
       count_if(event_type = 'FORM_STARTED') AS forms_started,
       count_if(event_type = 'FORM_COMPLETED') AS forms_completed,
       count_if(event_type = 'FORM_ABANDONED') AS forms_abandoned,
       min(CASE WHEN event_type = 'MESSAGE_SENT' THEN ts END) AS first_message_at,
       sum(response_ms) AS response_ms_sum,
       count(response_ms) AS response_count,
       sum(first_token_ms) AS first_token_ms_sum,
       count(first_token_ms) AS first_token_count,
       count_if(first_token_ms < 1000) AS first_token_under_1s,
       count_if(first_token_ms > 10000) AS first_token_over_10s,
       sum(duration_s) AS duration_sum,
       count(duration_s) AS duration_count,
       max(CASE WHEN event_type = 'MESSAGE_SENT' THEN ts END) AS last_sent_at,
       max(CASE WHEN event_type = 'MESSAGE_RECEIVED' THEN ts END) AS last_reply_at,
       max(last_reply_kb) AS last_reply_kb,
       max(last_reply_id) AS last_reply_id,
       min(CASE WHEN event_type = 'FORM_STARTED' THEN ts END) AS first_form_started_at,
       max(CASE WHEN event_type = 'FORM_STARTED' THEN ts END) AS last_form_started_at,
       count_if(input_tokens IS NOT NULL AND output_tokens IS NOT NULL) AS token_replies,
       sum(CASE WHEN output_tokens IS NOT NULL THEN input_tokens END) AS input_tokens_sum,
       sum(CASE WHEN input_tokens IS NOT NULL THEN output_tokens END) AS output_tokens_sum,
       max(rating) AS rating,
       max(comment) AS comment,
       max(CASE WHEN feedback_id IS NOT NULL THEN ts END) AS feedback_at,
       max(feedback_vote_at) AS feedback_vote_at
FROM bucketed
GROUP BY GROUPING SETS (
  (hour_start, session_id),
  (hour_start, event_type, form_id, form_label, field, question, model_id),
  (hour_start, first_token_bucket),
  (hour_start, total_bucket),
  (hour_start, session_id, feedback_id)
)
)
-- The feedback set also groups every other event of a session-hour under a null reply id: not feedback.
SELECT * FROM grouped WHERE grain <> 'feedback' OR feedback_id IS NOT NULL
`;

/** The rollup query of one tenant's UTC days (`YYYY-MM-DD`) with its parameters. */
export function tenantHourlyRollupQuery(tenantId: string, days: readonly string[]): { sql: string; params: QueryParam[] } {
  const sql = expandSlot(TENANT_HOURLY_ROLLUP_SQL, 'partitions', '(year = ? AND month = ? AND day = ?)', days.length, ' OR ');
  const params: QueryParam[] = [tenantId];
  for (const day of days) {
    const [y, m, d] = day.split('-').map(Number);
    params.push(y!, m!, d!);
  }
  return { sql, params };
}

/** A statement with representative parameters; `source` names the exported `*_SQL` constant it comes from. */
export interface ShippedStatement {
  source: string;
  sql: string;
  params: QueryParam[];
}

/**
 * Every statement this module ships, ready to run. Each module under `shared/src/sql` exports
 * `SHIPPED_SQL`; the DuckDB test discovers the modules and fails on a `*_SQL` constant that no
 * entry covers.
 */
export const SHIPPED_SQL: Record<string, ShippedStatement> = {
  tenantHourlyRollupOneDay: { source: 'TENANT_HOURLY_ROLLUP_SQL', ...tenantHourlyRollupQuery('FOS402334', ['2025-12-20']) },
  tenantHourlyRollupTwoDays: { source: 'TENANT_HOURLY_ROLLUP_SQL', ...tenantHourlyRollupQuery('FOS402334', ['2025-12-20', '2025-12-21']) },
};
