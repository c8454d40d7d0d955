/**
 * Rollups: what the aggregator stores per (tenant, UTC day), grouped by UTC hour, so every range
 * metric can be merged in TypeScript without going back to the lake (docs/architecture.md, "Incremental aggregation").
 *
 * Distinct-session figures (conversations, funnel, sessions) cannot be summed across hours, so a
 * rollup keeps one small record per (hour, session): merging a range is a union over session ids,
 * and a session active in several hours or days counts once.
 */
import { compareText } from '../text-order';
import type { LatencyBuckets } from './latency-sketch';

/** One session's activity within one UTC hour. */
export interface SessionHour {
  session_id: string;
  events: number;
  widget_opens: number;
  messages_sent: number;
  messages_received: number;
  forms_started: number;
  forms_completed: number;
  forms_abandoned: number;
  /** Epoch seconds of the session's first MESSAGE_SENT in this hour, `null` if none. */
  first_message_at: number | null;
  response_ms_sum: number;
  response_count: number;
  first_token_ms_sum: number;
  first_token_count: number;
  /**
   * Replies that used the Knowledge Base, and replies whose first token came under 1 s / over
   * 10 s. Absent in rollups written before these figures existed (read as 0 until the day is
   * recomputed).
   */
  kb_replies?: number;
  first_token_under_1s?: number;
  first_token_over_10s?: number;
  /**
   * What conversation outcomes need (docs/metrics.md, "Conversation outcomes"), epoch seconds:
   * the hour's last MESSAGE_SENT and last MESSAGE_RECEIVED, whether that reply used the Knowledge
   * Base and its reply id ("last" by server time, then event id), and the first and last
   * FORM_STARTED. `null` when the hour has none. Absent in rollups written before outcomes existed:
   * such an hour's messages and forms are not seen by outcomes until the day is recomputed
   * (docs/metrics.md, "Rollups written before a figure existed").
   */
  last_sent_at?: number | null;
  last_reply_at?: number | null;
  last_reply_kb?: boolean;
  last_reply_id?: string | null;
  first_form_started_at?: number | null;
  last_form_started_at?: number | null;
  /** Replies reporting input and output tokens (MESSAGE_RECEIVED 1.1.0). Absent in older rollups: unknown. */
  token_replies?: number;
  /**
   * Each reply rated in this hour by this session: its latest MESSAGE_FEEDBACK in the hour (by
   * vote time, then server time, then event id; docs/decisions.md §40), at most `MAX_FEEDBACK_PER_SESSION_HOUR` (the latest kept).
   * Absent in older rollups (no feedback seen).
   */
  feedback?: FeedbackRecord[];
}

/** One reply's latest rating within an hour. */
export interface FeedbackRecord {
  /** The rated reply's id (docs/metrics.md, "Reply id"). */
  message_id: string;
  rating: 'up' | 'down';
  /** Epoch seconds (server time): places the vote in an hour, a range and a follow-up window. */
  at: number;
  /**
   * Epoch seconds of the vote as the widget stamped it (`client_timestamp`, else server time):
   * orders one reply's votes (docs/decisions.md §40). Absent in rollups written before it: `at`.
   */
  vote_at?: number;
  /** The visitor's comment as stored in the lake (redacted at ingest), `null` when none. */
  comment: string | null;
}

/**
 * Bound on one session-hour's feedback records, so a misbehaving client cannot grow a day's rollup
 * without limit (a visitor rates a handful of replies an hour; the rollup store splits large days
 * in parts anyway). Beyond it the latest records are kept (docs/decisions.md §34).
 */
export const MAX_FEEDBACK_PER_SESSION_HOUR = 100;

/** Event counts per dimension (form, abandoned field, question text) within one UTC hour. */
export interface DimensionHour {
  event_type: string;
  form_id: string | null;
  form_label: string | null;
  /** `last_field` of FORM_ABANDONED. */
  field: string | null;
  /**
   * MESSAGE_SENT: the raw (redacted) `content_preview` (normalised when merged). MESSAGE_RECEIVED:
   * the visitor message a reply without the Knowledge Base answered (an unanswered question),
   * else `null`.
   */
  question: string | null;
  events: number;
  duration_sum: number;
  duration_count: number;
  /**
   * MESSAGE_RECEIVED rows only (split by model): the reply's `model_id`, the replies reporting
   * tokens and their input and output token sums. Absent in rollups written before token usage
   * existed (those replies' tokens read as unknown).
   */
  model_id?: string | null;
  token_replies?: number;
  input_tokens?: number;
  output_tokens?: number;
}

export interface HourRollup {
  /** Epoch seconds of the UTC hour's start. */
  hour: number;
  sessions: SessionHour[];
  dimensions: DimensionHour[];
  /**
   * The hour's latency sketches (`latency-sketch.ts`): replies per bucket of first-token and of
   * total time. Absent in rollups written before the sketch existed.
   */
  latency?: { first_token: LatencyBuckets; total_time: LatencyBuckets };
}

/** Everything the lake holds for one tenant's UTC day, replaced wholesale on every recompute. */
export interface DayRollup {
  tenant_id: string;
  /** UTC day, `YYYY-MM-DD` (the lake partition). */
  day: string;
  hours: HourRollup[];
  /** When this rollup was computed (ISO-8601). */
  computed_at: string;
}

/**
 * One row of `tenant-hourly-rollup.sql`: `grain = 'session'` rows carry the session columns,
 * `grain = 'dimension'` rows the dimension columns (GROUPING SETS, one scan of the lake).
 */
export interface RollupQueryRow {
  grain: 'session' | 'dimension' | 'first_token' | 'total_time' | 'feedback';
  hour_start: number;
  session_id: string | null;
  event_type: string | null;
  form_id: string | null;
  form_label: string | null;
  field: string | null;
  question: string | null;
  first_token_bucket: number | null;
  total_bucket: number | null;
  events: number;
  widget_opens: number;
  messages_sent: number;
  messages_received: number;
  kb_replies: number;
  forms_started: number;
  forms_completed: number;
  forms_abandoned: number;
  first_message_at: number | null;
  response_ms_sum: number | null;
  response_count: number;
  first_token_ms_sum: number | null;
  first_token_count: number;
  first_token_under_1s: number;
  first_token_over_10s: number;
  duration_sum: number | null;
  duration_count: number;
  /** The outcome, token and feedback columns (optional: rows built by hand may leave them out). */
  model_id?: string | null;
  feedback_id?: string | null;
  last_sent_at?: number | null;
  last_reply_at?: number | null;
  last_reply_kb?: number | null;
  last_reply_id?: string | null;
  first_form_started_at?: number | null;
  last_form_started_at?: number | null;
  token_replies?: number;
  input_tokens_sum?: number | null;
  output_tokens_sum?: number | null;
  rating?: string | null;
  comment?: string | null;
  feedback_at?: number | null;
  feedback_vote_at?: number | null;
}

const numberOrNull = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Number(v));

/**
 * Turns the rows of one tenant's rollup query into one `DayRollup` per requested UTC day. A day
 * with no rows gets an empty rollup (its events may have been removed; the old figures must go).
 */
export function buildDayRollups(tenantId: string, days: readonly string[], rows: readonly RollupQueryRow[], computedAt: Date): DayRollup[] {
  const hoursByDay = new Map<string, Map<number, HourRollup>>(days.map((d) => [d, new Map()]));
  const feedbackBySessionHour = new Map<string, FeedbackRecord[]>();
  for (const row of rows) {
    const hourStart = Number(row.hour_start);
    const day = new Date(hourStart * 1000).toISOString().slice(0, 10);
    const hours = hoursByDay.get(day);
    if (!hours) continue; // a row outside the requested days cannot come from the query's partitions
    let hour = hours.get(hourStart);
    if (!hour) {
      hour = { hour: hourStart, sessions: [], dimensions: [], latency: { first_token: [], total_time: [] } };
      hours.set(hourStart, hour);
    }
    if (row.grain === 'feedback') {
      if (!row.feedback_id || (row.rating !== 'up' && row.rating !== 'down')) continue;
      const key = `${hourStart}\u0000${row.session_id ?? ''}`;
      const list = feedbackBySessionHour.get(key) ?? [];
      const voteAt = row.feedback_vote_at == null ? Number(row.feedback_at) : Number(row.feedback_vote_at);
      list.push({ message_id: row.feedback_id, rating: row.rating, at: Number(row.feedback_at), vote_at: voteAt, comment: row.comment ?? null });
      feedbackBySessionHour.set(key, list);
    } else if (row.grain === 'first_token' || row.grain === 'total_time') {
      const bucket = row.grain === 'first_token' ? row.first_token_bucket : row.total_bucket;
      // The grouping set's other rows (events that are not replies) have no bucket.
      if (bucket !== null && bucket !== undefined) hour.latency![row.grain].push([Number(bucket), Number(row.events)]);
    } else if (row.grain === 'session') {
      hour.sessions.push({
        session_id: row.session_id ?? '',
        events: Number(row.events),
        widget_opens: Number(row.widget_opens),
        messages_sent: Number(row.messages_sent),
        messages_received: Number(row.messages_received),
        forms_started: Number(row.forms_started),
        forms_completed: Number(row.forms_completed),
        forms_abandoned: Number(row.forms_abandoned),
        first_message_at: row.first_message_at === null ? null : Number(row.first_message_at),
        response_ms_sum: Number(row.response_ms_sum ?? 0),
        response_count: Number(row.response_count),
        first_token_ms_sum: Number(row.first_token_ms_sum ?? 0),
        first_token_count: Number(row.first_token_count),
        kb_replies: Number(row.kb_replies),
        first_token_under_1s: Number(row.first_token_under_1s),
        first_token_over_10s: Number(row.first_token_over_10s),
        last_sent_at: numberOrNull(row.last_sent_at),
        last_reply_at: numberOrNull(row.last_reply_at),
        last_reply_kb: Number(row.last_reply_kb ?? 0) > 0,
        last_reply_id: row.last_reply_id ?? null,
        first_form_started_at: numberOrNull(row.first_form_started_at),
        last_form_started_at: numberOrNull(row.last_form_started_at),
        token_replies: Number(row.token_replies ?? 0),
        feedback: [],
      });
    } else {
      hour.dimensions.push({
        event_type: row.event_type ?? '',
        form_id: row.form_id,
        form_label: row.form_label,
        field: row.field,
        question: row.question,
        events: Number(row.events),
        duration_sum: Number(row.duration_sum ?? 0),
        duration_count: Number(row.duration_count),
        ...(row.event_type === 'MESSAGE_RECEIVED'
          ? { model_id: row.model_id ?? null, token_replies: Number(row.token_replies ?? 0), input_tokens: Number(row.input_tokens_sum ?? 0), output_tokens: Number(row.output_tokens_sum ?? 0) }
          : {}),
      });
    }
  }
  // Feedback rows join their session's row of the same hour (a feedback event is one of its events).
  for (const hours of hoursByDay.values()) {
    for (const hour of hours.values()) {
      for (const session of hour.sessions) {
        const records = feedbackBySessionHour.get(`${hour.hour}\u0000${session.session_id}`) ?? [];
        session.feedback = records
          .sort((a, b) => b.at - a.at || compareText(a.message_id, b.message_id))
          .slice(0, MAX_FEEDBACK_PER_SESSION_HOUR)
          .sort((a, b) => a.at - b.at || compareText(a.message_id, b.message_id));
      }
    }
  }
  const computed_at = computedAt.toISOString();
  // Rows come in whatever order the engine returns them; sessions and dimensions are sorted so a
  // day's rollup is the same value however the query ran (and a merge that keeps the last form
  // label seen is deterministic).
  const dimensionKey = (d: DimensionHour) => [d.event_type, d.form_id, d.form_label, d.field, d.question, d.model_id].map((v) => (v === null || v === undefined ? '\u0000' : `\u0001${v}`)).join('\u0002');
  return days.map((day) => ({
    tenant_id: tenantId,
    day,
    computed_at,
    hours: [...hoursByDay.get(day)!.values()]
      .sort((a, b) => a.hour - b.hour)
      .map((h) => ({
        ...h,
        sessions: h.sessions.sort((a, b) => compareText(a.session_id, b.session_id)),
        dimensions: h.dimensions.sort((a, b) => compareText(dimensionKey(a), dimensionKey(b))),
        latency: { first_token: h.latency!.first_token.sort((a, b) => a[0] - b[0]), total_time: h.latency!.total_time.sort((a, b) => a[0] - b[0]) },
      })),
  }));
}
