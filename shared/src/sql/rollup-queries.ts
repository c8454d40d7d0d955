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
 *   `metrics/latency-sketch.ts`) from the same pass, so Athena bills the bytes once.
 * Parameters: tenant_id, then year, month, day per day.
 */
export const TENANT_HOURLY_ROLLUP_SQL = `
WITH scoped AS (
  SELECT event_id, session_id, event_type, event_payload,
         to_unixtime(from_iso8601_timestamp(server_timestamp)) AS ts,
         row_number() OVER (PARTITION BY tenant_id, event_id ORDER BY server_timestamp) AS copy_number
  FROM events
  WHERE tenant_id = ? AND ({{partitions}})
),
turns AS (
  SELECT event_id, session_id, event_type, event_payload, ts,
         CASE WHEN event_type = 'MESSAGE_RECEIVED'
              THEN coalesce(json_extract_scalar(event_payload, '$.knowledge_base_used') = 'true', false) END AS kb_used,
         lag(event_type) OVER turn AS previous_type,
         lag(json_extract_scalar(event_payload, '$.content_preview')) OVER turn AS previous_text
  FROM scoped
  WHERE copy_number = 1
  WINDOW turn AS (PARTITION BY session_id, floor(ts / 86400), event_type IN ('MESSAGE_SENT', 'MESSAGE_RECEIVED') ORDER BY ts, event_id)
),
events_once AS (
  SELECT session_id, event_type, ts, kb_used,
         CAST(floor(ts / 3600) AS bigint) * 3600 AS hour_start,
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
)
SELECT CASE WHEN grouping(session_id) = 0 THEN 'session'
            WHEN grouping(first_token_bucket) = 0 THEN 'first_token'
            WHEN grouping(total_bucket) = 0 THEN 'total_time'
            ELSE 'dimension' END AS grain,
       hour_start, session_id, event_type, form_id, form_label, field, question, first_token_bucket, total_bucket,
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
       count(duration_s) AS duration_count
FROM bucketed
GROUP BY GROUPING SETS (
  (hour_start, session_id),
  (hour_start, event_type, form_id, form_label, field, question),
  (hour_start, first_token_bucket),
  (hour_start, total_bucket)
)
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
