import type { TenantConfig } from '../tenants/tenant-directory';
import { ValidationError } from '../errors';
import { compareText } from '../text-order';
import { canonicalMarkerCase, trimTrailingPunctuation } from '../privacy/redact';
import {
  isAfterHours,
  addDays,
  assertTimeZone,
  datesBetween,
  DAY_MS,
  HOUR_MS,
  localMidnightUtcMs,
  localTime,
  utcDaysCovering,
} from './calendar';
import { addLatencyBuckets, LATENCY_RELATIVE_ERROR, latencyPercentile } from './latency-sketch';
import { COST_DECIMALS, MODEL_PRICES, MODEL_PRICES_AS_OF, PRICE_CURRENCY, priceOn, tokenCost } from './model-prices';
import type { DayRollup, FeedbackRecord } from './rollups';
import { isSmallTalk } from './small-talk';
import {
  COMPARED_METRICS,
  METRIC_RANGES,
  METRIC_TYPES,
  type AnalyticsFunnel,
  type FunnelStage,
  type MetricData,
  type MetricRange,
  type MetricType,
} from './types';

/**
 * Merges rollups into the dashboard metrics (docs/architecture.md, "Incremental aggregation", step 3). Pure: the same rollups, tenant
 * config and `now` always give the same figures, whether the aggregator computes them for the
 * cache or the dashboard API for a cache miss.
 *
 * Rules beyond types.ts:
 * - An hour belongs to a range when its UTC start lies in the range (exact for whole-hour zones).
 * - A conversation is placed at its session's first MESSAGE_SENT, looked for from 24 h before the
 *   range's start (a session continuing past midnight is not a new conversation the next day).
 * - `widget_opens` and `forms_completed` in the summaries count events; the funnel and the
 *   conversion rate count sessions.
 * - Conversation outcomes follow a range's conversations past its end (`OUTCOME_FOLLOW_UP_MS`):
 *   their messages until 24 h after the range, forms and feedback 24 h beyond that.
 */

/** The part of a tenant config the metrics need. */
export type MetricTenant = Pick<TenantConfig, 'timezone' | 'business_hours'> & Partial<Pick<TenantConfig, 'forms'>>;

/** The instants and local dates a metric covers. */
export interface MetricWindow {
  /** Local dates, inclusive. */
  range_start: string;
  range_end: string;
  /** UTC instants `[startMs, endMs)`: local midnight of `range_start` to the one after `range_end`. */
  startMs: number;
  endMs: number;
  granularity: 'hour' | 'day';
}

/** A preset range or explicit local dates (inclusive). */
export type MetricPeriod = MetricRange | { start_date: string; end_date: string };

const RANGE_DAYS: Record<MetricRange, number> = { '1d': 1, '7d': 7, '30d': 30, '90d': 90 };

/** Longest span a custom period may have (rollups exist for 90 days back at most). */
export const MAX_PERIOD_DAYS = 366;

/** How far before a range's start a conversation's first message is looked for. */
export const CONVERSATION_LOOKBACK_MS = DAY_MS;

/**
 * How long after its last message a conversation stays open (docs/metrics.md, "Conversation
 * outcomes"): a visitor who comes back within it continues the same conversation, a form started
 * within it after the last reply means the answer did not settle the matter.
 */
export const OUTCOME_WINDOW_MS = DAY_MS;

/**
 * How far past a range's end outcomes read: messages until `H` = range end + 24 h, forms and
 * feedback until `H` + 24 h (the window after a last message just before `H`).
 */
export const OUTCOME_FOLLOW_UP_MS = 2 * OUTCOME_WINDOW_MS;

/** The metrics that read past a range's end (the comparison carries conversation outcomes). */
const FOLLOWS_UP: ReadonlySet<MetricType> = new Set<MetricType>(['conversation_outcomes', 'period_comparison']);

/** The window of a period in the tenant's time zone; `Nd` = N local days ending today. */
export function metricWindow(period: MetricPeriod, timeZone: string, now: Date): MetricWindow {
  assertTimeZone(timeZone);
  let first: string;
  let last: string;
  if (typeof period === 'string') {
    if (!(period in RANGE_DAYS)) throw new ValidationError(`unknown range ${JSON.stringify(period)}; expected one of ${METRIC_RANGES.join(', ')}`);
    last = localTime(now.getTime(), timeZone).date;
    first = addDays(last, -(RANGE_DAYS[period] - 1));
  } else {
    first = period.start_date;
    last = period.end_date;
    addDays(first, 0); // validates both dates
    addDays(last, 0);
    if (first > last) throw new ValidationError(`start_date ${first} is after end_date ${last}`);
    if (datesBetween(first, last).length > MAX_PERIOD_DAYS) throw new ValidationError(`a period spans at most ${MAX_PERIOD_DAYS} days`);
  }
  return {
    range_start: first,
    range_end: last,
    startMs: localMidnightUtcMs(first, timeZone),
    endMs: localMidnightUtcMs(addDays(last, 1), timeZone),
    granularity: first === last ? 'hour' : 'day',
  };
}

/**
 * The previous period of a window: as many local days, ending the day before the window starts
 * (docs/metrics.md, "Period over period").
 */
export function previousWindow(window: MetricWindow, timeZone: string): MetricWindow {
  const days = datesBetween(window.range_start, window.range_end).length;
  const end = addDays(window.range_start, -1);
  return metricWindow({ start_date: addDays(end, -(days - 1)), end_date: end }, timeZone, new Date(0));
}

/**
 * The UTC days whose rollups a metric over a window needs (conversation lookback included); the
 * period comparison also needs the previous period's; conversation outcomes (and the comparison,
 * which carries them) the 48 h after the window (`OUTCOME_FOLLOW_UP_MS`; days not yet lived hold
 * nothing). Without `metric`: every metric's days.
 */
export function rollupDaysFor(window: MetricWindow, metric?: MetricType, timeZone?: string): string[] {
  const startMs = metric === 'period_comparison' && timeZone ? previousWindow(window, timeZone).startMs : window.startMs;
  const endMs = metric === undefined || FOLLOWS_UP.has(metric) ? window.endMs + OUTCOME_FOLLOW_UP_MS : window.endMs;
  return utcDaysCovering(startMs - CONVERSATION_LOOKBACK_MS, endMs);
}

/**
 * Question normalisation (types.ts): trimmed, lower-cased, spaces collapsed, trailing
 * punctuation removed. Empty after normalisation → `null` (not a question). Redaction markers
 * stay whole and upper-case: the `]` of `[CARD]` is punctuation, but stripping it showed
 * `card [card` on the dashboard.
 */
export function normaliseQuestion(text: string | null | undefined): string | null {
  if (!text) return null;
  const n = trimTrailingPunctuation(canonicalMarkerCase(text.trim().toLowerCase().replace(/\s+/g, ' '))).trim();
  return n.length ? n : null;
}


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

/** How many top questions, unanswered questions and feedback comments a range lists. */
const TOP_QUESTIONS = 10;
const UNANSWERED_QUESTIONS = 20;
const FEEDBACK_COMMENTS = 20;
/** Models a token usage lists (most replies first); its totals cover every model. */
const TOKEN_MODELS = 20;

/** Texts by count, most frequent first, ties in binary order, at most `limit`. */
function ranked(counts: ReadonlyMap<string, number>, limit: number): { question: string; count: number }[] {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))
    .slice(0, limit)
    .map(([question, count]) => ({ question, count }));
}

/** p50 and p95 of a merged sketch, in seconds. */
function percentiles(buckets: ReadonlyMap<number, number>) {
  const at = (percent: number) => {
    const ms = latencyPercentile(buckets, percent);
    return ms === null ? null : round3(ms / 1000);
  };
  return { p50_seconds: at(50), p95_seconds: at(95) };
}

interface FormFacts {
  label: string | null;
  started: number;
  completed: number;
  abandoned: number;
  durationSum: number;
  durationCount: number;
}

/** A session's conversation as outcomes see it (docs/metrics.md, "Conversation outcomes"), epoch seconds. */
interface ConversationTimeline {
  /** Latest MESSAGE_SENT and MESSAGE_RECEIVED before `H` (range end + 24 h). */
  lastSent: number | null;
  lastReply: number | null;
  lastReplyKb: boolean;
  lastReplyId: string | null;
  /** Each hour's first and last FORM_STARTED, hours before `H` + 24 h. */
  formHours: [number, number][];
  /** Each reply's latest rating before `H` + 24 h. */
  feedback: Map<string, FeedbackRecord>;
}

interface ModelFacts {
  replies: number;
  input: number;
  output: number;
  /** Unrounded USD of the priced replies. */
  cost: number;
  unpriced: number;
}

/** Everything a range's metrics are derived from. */
interface RangeFacts {
  window: MetricWindow;
  timezone: string;
  /** Epoch ms the figures are as of (conversation outcomes' pending ones depend on it). */
  nowMs: number;
  sessions: Set<string>;
  stageSessions: Record<FunnelStage, Set<string>>;
  widgetOpens: number;
  messagesSent: number;
  messagesReceived: number;
  responseMsSum: number;
  responseCount: number;
  firstTokenMsSum: number;
  firstTokenCount: number;
  /** Epoch seconds of each conversation's first message, for conversations placed in the range. */
  conversationStarts: number[];
  /** Sessions of the conversations placed in the range. */
  conversationSessions: string[];
  /** Sessions' timelines over the lookback, the range and the follow-up (`OUTCOME_FOLLOW_UP_MS`). */
  timelines: Map<string, ConversationTimeline>;
  /** Each rated reply's latest rating in the range, by session then reply id. */
  feedbackInRange: Map<string, FeedbackRecord>;
  /** Replies reporting tokens, the sessions they belong to, and per model. */
  tokenReplies: number;
  tokenSessions: Set<string>;
  models: Map<string, ModelFacts>;
  /** Messages per trend period. */
  messagesByPeriod: Map<string, number>;
  forms: Map<string, FormFacts>;
  abandonsByField: Map<string, { form_id: string; field: string; abandons: number }>;
  questions: Map<string, number>;
  kbReplies: number;
  firstTokenUnder1s: number;
  firstTokenOver10s: number;
  /** Normalised unanswered questions (small talk included; excluded when derived). */
  unanswered: Map<string, number>;
  /** Merged latency sketches: bucket index → replies. */
  firstTokenBuckets: Map<number, number>;
  totalTimeBuckets: Map<number, number>;
}

function periodOf(epochMs: number, granularity: 'hour' | 'day', timeZone: string): string {
  const local = localTime(epochMs, timeZone);
  return granularity === 'day' ? local.date : `${local.date}T${String(local.hour).padStart(2, '0')}:00`;
}

/** Every period of a window, oldest first (a 25-hour day's repeated hour is one period). */
function periodsOf(window: MetricWindow, timeZone: string): string[] {
  if (window.granularity === 'day') return datesBetween(window.range_start, window.range_end);
  const out: string[] = [];
  for (let t = window.startMs; t < window.endMs; t += HOUR_MS) {
    const p = periodOf(t, 'hour', timeZone);
    if (out[out.length - 1] !== p) out.push(p);
  }
  return out;
}

/**
 * A later vote on the same reply replaces an earlier one: later by the vote's own time, then by
 * server time (records of one reply never share an hour, so never a server instant), as the
 * rollup query orders votes within an hour (docs/decisions.md §40).
 */
function keepLatest(into: Map<string, FeedbackRecord>, key: string, record: FeedbackRecord): void {
  const prev = into.get(key);
  const voteAt = (r: FeedbackRecord) => r.vote_at ?? r.at;
  if (!prev || voteAt(record) > voteAt(prev) || (voteAt(record) === voteAt(prev) && record.at > prev.at)) into.set(key, record);
}

function collectFacts(window: MetricWindow, rollups: readonly DayRollup[], timeZone: string, now: Date): RangeFacts {
  const facts: RangeFacts = {
    window,
    timezone: timeZone,
    nowMs: now.getTime(),
    conversationSessions: [],
    timelines: new Map(),
    feedbackInRange: new Map(),
    tokenReplies: 0,
    tokenSessions: new Set(),
    models: new Map(),
    sessions: new Set(),
    stageSessions: { widget_opened: new Set(), first_message: new Set(), form_started: new Set(), form_completed: new Set() },
    widgetOpens: 0,
    messagesSent: 0,
    messagesReceived: 0,
    responseMsSum: 0,
    responseCount: 0,
    firstTokenMsSum: 0,
    firstTokenCount: 0,
    conversationStarts: [],
    messagesByPeriod: new Map(),
    forms: new Map(),
    abandonsByField: new Map(),
    questions: new Map(),
    kbReplies: 0,
    firstTokenUnder1s: 0,
    firstTokenOver10s: 0,
    unanswered: new Map(),
    firstTokenBuckets: new Map(),
    totalTimeBuckets: new Map(),
  };
  const lookbackStart = window.startMs - CONVERSATION_LOOKBACK_MS;
  const messagesUntil = window.endMs + OUTCOME_WINDOW_MS;
  const followUpEnd = window.endMs + OUTCOME_FOLLOW_UP_MS;
  const firstMessage = new Map<string, number>();
  const timeline = (sessionId: string): ConversationTimeline => {
    let t = facts.timelines.get(sessionId);
    if (!t) facts.timelines.set(sessionId, (t = { lastSent: null, lastReply: null, lastReplyKb: false, lastReplyId: null, formHours: [], feedback: new Map() }));
    return t;
  };
  const form = (id: string): FormFacts => {
    let f = facts.forms.get(id);
    if (!f) facts.forms.set(id, (f = { label: null, started: 0, completed: 0, abandoned: 0, durationSum: 0, durationCount: 0 }));
    return f;
  };
  const seenDays = new Set<string>();
  for (const rollup of rollups) {
    if (seenDays.has(rollup.day)) continue; // a store never returns a day twice; be safe anyway
    seenDays.add(rollup.day);
    for (const hour of rollup.hours) {
      const hourMs = hour.hour * 1000;
      if (hourMs < lookbackStart || hourMs >= followUpEnd) continue;
      for (const s of hour.sessions) {
        // Only hours with something an outcome reads get a timeline (a session that only opened the widget needs none).
        if (s.last_sent_at == null && s.last_reply_at == null && s.first_form_started_at == null && !s.feedback?.length) continue;
        const t = timeline(s.session_id);
        if (hourMs < messagesUntil) {
          if (s.last_sent_at != null && (t.lastSent === null || s.last_sent_at > t.lastSent)) t.lastSent = s.last_sent_at;
          if (s.last_reply_at != null && (t.lastReply === null || s.last_reply_at > t.lastReply)) {
            t.lastReply = s.last_reply_at;
            t.lastReplyKb = s.last_reply_kb ?? false;
            t.lastReplyId = s.last_reply_id ?? null;
          }
        }
        if (s.first_form_started_at != null && s.last_form_started_at != null) t.formHours.push([s.first_form_started_at, s.last_form_started_at]);
        for (const f of s.feedback ?? []) keepLatest(t.feedback, f.message_id, f);
      }
      if (hourMs >= window.endMs) continue;
      const inRange = hourMs >= window.startMs;
      for (const s of hour.sessions) {
        if (s.first_message_at !== null) {
          const prev = firstMessage.get(s.session_id);
          if (prev === undefined || s.first_message_at < prev) firstMessage.set(s.session_id, s.first_message_at);
        }
        if (!inRange) continue;
        facts.sessions.add(s.session_id);
        if (s.widget_opens > 0) facts.stageSessions.widget_opened.add(s.session_id);
        if (s.messages_sent > 0) facts.stageSessions.first_message.add(s.session_id);
        if (s.forms_started > 0) facts.stageSessions.form_started.add(s.session_id);
        if (s.forms_completed > 0) facts.stageSessions.form_completed.add(s.session_id);
        facts.widgetOpens += s.widget_opens;
        facts.messagesSent += s.messages_sent;
        facts.messagesReceived += s.messages_received;
        facts.responseMsSum += s.response_ms_sum;
        facts.responseCount += s.response_count;
        facts.firstTokenMsSum += s.first_token_ms_sum;
        facts.firstTokenCount += s.first_token_count;
        facts.kbReplies += s.kb_replies ?? 0;
        facts.firstTokenUnder1s += s.first_token_under_1s ?? 0;
        facts.firstTokenOver10s += s.first_token_over_10s ?? 0;
        if ((s.token_replies ?? 0) > 0) {
          facts.tokenReplies += s.token_replies!;
          facts.tokenSessions.add(s.session_id);
        }
        for (const f of s.feedback ?? []) keepLatest(facts.feedbackInRange, `${s.session_id}\u0000${f.message_id}`, f);
        const messages = s.messages_sent + s.messages_received;
        if (messages > 0) {
          const period = periodOf(hourMs, window.granularity, timeZone);
          facts.messagesByPeriod.set(period, (facts.messagesByPeriod.get(period) ?? 0) + messages);
        }
      }
      if (!inRange) continue;
      addLatencyBuckets(facts.firstTokenBuckets, hour.latency?.first_token);
      addLatencyBuckets(facts.totalTimeBuckets, hour.latency?.total_time);
      for (const d of hour.dimensions) {
        if (d.event_type === 'MESSAGE_RECEIVED' && (d.token_replies ?? 0) > 0) addModelTokens(facts.models, d.model_id ?? UNKNOWN_MODEL, hourMs, d.token_replies!, d.input_tokens ?? 0, d.output_tokens ?? 0);
        if (d.event_type === 'MESSAGE_SENT' || d.event_type === 'MESSAGE_RECEIVED') {
          const q = normaliseQuestion(d.question);
          const into = d.event_type === 'MESSAGE_SENT' ? facts.questions : facts.unanswered;
          if (q) into.set(q, (into.get(q) ?? 0) + d.events);
          continue;
        }
        if (!d.form_id) continue;
        const f = form(d.form_id);
        if (d.form_label) f.label = d.form_label;
        if (d.event_type === 'FORM_STARTED') f.started += d.events;
        else if (d.event_type === 'FORM_COMPLETED') {
          f.completed += d.events;
          f.durationSum += d.duration_sum;
          f.durationCount += d.duration_count;
        } else if (d.event_type === 'FORM_ABANDONED') {
          f.abandoned += d.events;
          if (d.field) {
            const key = `${d.form_id}\u0000${d.field}`;
            const b = facts.abandonsByField.get(key) ?? { form_id: d.form_id, field: d.field, abandons: 0 };
            b.abandons += d.events;
            facts.abandonsByField.set(key, b);
          }
        }
      }
    }
  }
  const startS = window.startMs / 1000;
  const endS = window.endMs / 1000;
  for (const [sessionId, ts] of firstMessage) {
    if (ts < startS || ts >= endS) continue;
    facts.conversationStarts.push(ts);
    facts.conversationSessions.push(sessionId);
  }
  facts.conversationStarts.sort((a, b) => a - b);
  return facts;
}

/** The model key of replies that name no model (always unpriced). */
export const UNKNOWN_MODEL = 'unknown';

/** Adds one hour's token sums of a model, priced on the hour's UTC day. */
function addModelTokens(models: Map<string, ModelFacts>, modelId: string, hourMs: number, replies: number, input: number, output: number): void {
  let m = models.get(modelId);
  if (!m) models.set(modelId, (m = { replies: 0, input: 0, output: 0, cost: 0, unpriced: 0 }));
  m.replies += replies;
  m.input += input;
  m.output += output;
  const price = priceOn(modelId, new Date(hourMs).toISOString().slice(0, 10), MODEL_PRICES);
  if (price) m.cost += tokenCost(price, input, output);
  else m.unpriced += replies;
}

type Outcome = 'pending' | 'abandoned' | 'resolved' | 'confirmed' | 'unresolved';

/**
 * One conversation's outcome at `nowS` (docs/metrics.md, "Conversation outcomes"). A reply at the
 * same instant as a visitor message counts as after it (docs/decisions.md §33).
 */
function outcomeOf(t: ConversationTimeline | undefined, nowS: number): Outcome {
  const day = OUTCOME_WINDOW_MS / 1000;
  const lastMessage = Math.max(t?.lastSent ?? -Infinity, t?.lastReply ?? -Infinity);
  if (!t || !Number.isFinite(lastMessage) || nowS < lastMessage + day) return 'pending';
  if (t.lastReply === null || (t.lastSent !== null && t.lastSent > t.lastReply)) return 'abandoned';
  const a = t.lastReply;
  const rating = t.lastReplyId === null ? undefined : t.feedback.get(t.lastReplyId)?.rating;
  if (rating === 'up') return 'confirmed';
  // The visitor said the last answer did not help: no resolution is assumed (docs/decisions.md §33).
  if (rating === 'down') return 'unresolved';
  // A form started in (a, a + 24 h]: some hour's forms reach past `a` and begin by `a + 24 h`.
  const formAfter = t.formHours.some(([first, last]) => last > a && first <= a + day);
  return t.lastReplyKb && !formAfter ? 'resolved' : 'unresolved';
}

type Derive<T extends MetricType> = (facts: RangeFacts, tenant: MetricTenant) => MetricData[T];

const derive: { [T in MetricType]: Derive<T> } = {
  conversations_summary: (f, tenant) => {
    const afterHours = f.conversationStarts.filter((ts) => isAfterHours(localTime(ts * 1000, f.timezone), tenant.business_hours)).length;
    return {
      total_conversations: f.conversationStarts.length,
      total_messages: f.messagesSent + f.messagesReceived,
      avg_response_time_seconds: avg(f.responseMsSum, f.responseCount, 1000),
      avg_first_token_seconds: avg(f.firstTokenMsSum, f.firstTokenCount, 1000),
      after_hours_count: afterHours,
      after_hours_percentage: pct(afterHours, f.conversationStarts.length),
    };
  },
  conversations_heatmap: (f) => {
    const cells = new Map<string, { day_of_week: number; hour: number; conversations: number }>();
    for (const ts of f.conversationStarts) {
      const local = localTime(ts * 1000, f.timezone);
      const key = `${local.isoWeekday}:${local.hour}`;
      const cell = cells.get(key) ?? { day_of_week: local.isoWeekday, hour: local.hour, conversations: 0 };
      cell.conversations += 1;
      cells.set(key, cell);
    }
    return { timezone: f.timezone, cells: [...cells.values()].sort((a, b) => a.day_of_week - b.day_of_week || a.hour - b.hour) };
  },
  conversations_trend: (f) => {
    const conversations = new Map<string, number>();
    for (const ts of f.conversationStarts) {
      const p = periodOf(ts * 1000, f.window.granularity, f.timezone);
      conversations.set(p, (conversations.get(p) ?? 0) + 1);
    }
    return {
      timezone: f.timezone,
      granularity: f.window.granularity,
      points: periodsOf(f.window, f.timezone).map((period) => ({
        period,
        conversations: conversations.get(period) ?? 0,
        messages: f.messagesByPeriod.get(period) ?? 0,
      })),
    };
  },
  top_questions: (f) => ({ questions: ranked(f.questions, TOP_QUESTIONS) }),
  forms_summary: (f) => {
    let started = 0;
    let completed = 0;
    let abandoned = 0;
    let durationSum = 0;
    let durationCount = 0;
    for (const form of f.forms.values()) {
      started += form.started;
      completed += form.completed;
      abandoned += form.abandoned;
      durationSum += form.durationSum;
      durationCount += form.durationCount;
    }
    return {
      forms_started: started,
      forms_completed: completed,
      forms_abandoned: abandoned,
      completion_rate: pct(completed, started),
      avg_completion_seconds: avg(durationSum, durationCount),
    };
  },
  forms_bottlenecks: (f) => {
    const total = [...f.abandonsByField.values()].reduce((a, b) => a + b.abandons, 0);
    return {
      fields: [...f.abandonsByField.values()]
        .sort((a, b) => b.abandons - a.abandons || compareText(a.form_id, b.form_id) || compareText(a.field, b.field))
        .map((b) => ({ ...b, share_percentage: pct(b.abandons, total) })),
    };
  },
  forms_top_performers: (f, tenant) => {
    const titles = new Map((tenant.forms ?? []).map((d) => [d.form_id, d.title]));
    return {
      forms: [...f.forms.entries()]
        .filter(([, form]) => form.started + form.completed + form.abandoned > 0)
        .map(([form_id, form]) => ({
          form_id,
          form_label: titles.get(form_id) ?? form.label ?? form_id,
          started: form.started,
          completed: form.completed,
          completion_rate: pct(form.completed, form.started),
          avg_completion_seconds: avg(form.durationSum, form.durationCount),
        }))
        .sort((a, b) => b.completed - a.completed || (b.completion_rate ?? -1) - (a.completion_rate ?? -1) || compareText(a.form_id, b.form_id))
        .slice(0, 10),
    };
  },
  analytics_summary: (f) => ({
    sessions: f.sessions.size,
    widget_opens: f.widgetOpens,
    conversations: f.conversationStarts.length,
    messages: f.messagesSent + f.messagesReceived,
    forms_completed: [...f.forms.values()].reduce((a, b) => a + b.completed, 0),
    conversion_rate: pct(f.stageSessions.form_completed.size, f.stageSessions.widget_opened.size),
  }),
  analytics_funnel: (f) => {
    const order: FunnelStage[] = ['widget_opened', 'first_message', 'form_started', 'form_completed'];
    const top = f.stageSessions.widget_opened.size;
    const stages: AnalyticsFunnel['stages'] = order.map((stage, i) => {
      const sessions = f.stageSessions[stage].size;
      const previous = i === 0 ? null : f.stageSessions[order[i - 1]!].size;
      return {
        stage,
        sessions,
        percentage_of_previous: previous === null ? null : pct(sessions, previous),
        percentage_of_top: pct(sessions, top),
      };
    });
    return { stages };
  },
  knowledge_base_summary: (f) => ({
    replies: f.messagesReceived,
    knowledge_base_replies: f.kbReplies,
    answer_rate: pct(f.kbReplies, f.messagesReceived),
  }),
  unanswered_questions: (f) => ({
    questions: ranked(new Map([...f.unanswered].filter(([q]) => !isSmallTalk(q))), UNANSWERED_QUESTIONS),
  }),
  // Derived from the previous window's facts by `derivePeriodComparison`, never from these.
  period_comparison: () => {
    throw new Error('period_comparison is derived from the previous window');
  },
  response_latency: (f) => ({
    relative_error: LATENCY_RELATIVE_ERROR,
    replies_timed: f.firstTokenCount,
    first_token: percentiles(f.firstTokenBuckets),
    total_time: percentiles(f.totalTimeBuckets),
    first_token_under_1s_percentage: pct(f.firstTokenUnder1s, f.firstTokenCount),
    first_token_over_10s_percentage: pct(f.firstTokenOver10s, f.firstTokenCount),
  }),
  conversation_outcomes: (f) => {
    const counts: Record<Outcome, number> = { pending: 0, abandoned: 0, resolved: 0, confirmed: 0, unresolved: 0 };
    const nowS = f.nowMs / 1000;
    for (const sessionId of f.conversationSessions) counts[outcomeOf(f.timelines.get(sessionId), nowS)] += 1;
    const conversations = f.conversationSessions.length;
    const decided = conversations - counts.pending;
    const resolved = counts.resolved + counts.confirmed;
    return {
      conversations,
      pending: counts.pending,
      decided,
      resolved,
      resolution_rate: pct(resolved, decided),
      confirmed_resolved: counts.confirmed,
      confirmed_resolution_rate: pct(counts.confirmed, decided),
      abandoned: counts.abandoned,
      abandonment_rate: pct(counts.abandoned, decided),
    };
  },
  answer_feedback: (f) => {
    let helpful = 0;
    const comments = new Map<string, { comment: string; rating: 'up' | 'down'; count: number }>();
    for (const r of f.feedbackInRange.values()) {
      if (r.rating === 'up') helpful += 1;
      const comment = normaliseQuestion(r.comment);
      if (!comment) continue;
      const key = `${r.rating}\u0000${comment}`;
      const c = comments.get(key) ?? { comment, rating: r.rating, count: 0 };
      c.count += 1;
      comments.set(key, c);
    }
    const rated = f.feedbackInRange.size;
    return {
      replies: f.messagesReceived,
      rated,
      helpful,
      not_helpful: rated - helpful,
      helpful_rate: pct(helpful, rated),
      feedback_coverage: pct(rated, f.messagesReceived),
      comments: [...comments.values()]
        .sort((a, b) => b.count - a.count || compareText(a.comment, b.comment) || compareText(a.rating, b.rating))
        .slice(0, FEEDBACK_COMMENTS),
    };
  },
  token_usage: (f) => {
    let input = 0;
    let output = 0;
    let cost = 0;
    let priced = 0;
    let unpriced = 0;
    const models = [...f.models.entries()]
      .sort(([a, ma], [b, mb]) => mb.replies - ma.replies || compareText(a, b))
      .map(([model_id, m]) => {
        input += m.input;
        output += m.output;
        cost += m.cost;
        priced += m.replies - m.unpriced;
        unpriced += m.unpriced;
        return { model_id, replies: m.replies, input_tokens: m.input, output_tokens: m.output, cost: m.unpriced > 0 ? null : roundCost(m.cost) };
      });
    const total = priced > 0 ? roundCost(cost) : null;
    return {
      prices_as_of: MODEL_PRICES_AS_OF,
      currency: PRICE_CURRENCY,
      replies: f.messagesReceived,
      replies_with_tokens: f.tokenReplies,
      replies_without_tokens: f.messagesReceived - f.tokenReplies,
      input_tokens: input,
      output_tokens: output,
      cost: total,
      unpriced_replies: unpriced,
      conversations_with_tokens: f.tokenSessions.size,
      cost_per_conversation: total !== null && f.tokenSessions.size > 0 ? roundCost(cost / f.tokenSessions.size) : null,
      models: models.slice(0, TOKEN_MODELS),
    };
  },
};

/** A computed metric with the local dates it covers. */
export interface ComputedMetric<T extends MetricType = MetricType> {
  metric: T;
  data: MetricData[T];
  range_start: string;
  range_end: string;
}

/**
 * One metric for one period, merged from a tenant's rollups. `rollups` must hold every day of
 * `rollupDaysFor(metricWindow(period, tz, now), type, tz)` that has data (missing days count as empty).
 */
export function computeMetric<T extends MetricType>(
  type: T,
  period: MetricPeriod,
  rollups: readonly DayRollup[],
  tenant: MetricTenant,
  now: Date,
): ComputedMetric<T> {
  if (!METRIC_TYPES.includes(type)) throw new ValidationError(`unknown metric ${JSON.stringify(type)}`);
  const window = metricWindow(period, tenant.timezone, now);
  const data = type === 'period_comparison' ? derivePeriodComparison(window, rollups, tenant, now) : (derive[type] as Derive<T>)(collectFacts(window, rollups, tenant.timezone, now), tenant);
  return { metric: type, data: data as MetricData[T], range_start: window.range_start, range_end: window.range_end };
}

/** The previous period's headline figures and trend, merged from the same rollups. */
function derivePeriodComparison(window: MetricWindow, rollups: readonly DayRollup[], tenant: MetricTenant, now: Date): MetricData['period_comparison'] {
  const previous = previousWindow(window, tenant.timezone);
  const facts = collectFacts(previous, rollups, tenant.timezone, now);
  return {
    previous_period: { start_date: previous.range_start, end_date: previous.range_end },
    previous: Object.fromEntries(COMPARED_METRICS.map((m) => [m, (derive[m] as Derive<MetricType>)(facts, tenant)])) as MetricData['period_comparison']['previous'],
    previous_trend: derive.conversations_trend(facts, tenant).points,
  };
}

/** Every metric type for all four preset ranges (what the aggregator caches), one merge per range. */
export function computeAllMetrics(rollups: readonly DayRollup[], tenant: MetricTenant, now: Date): (ComputedMetric & { range: MetricRange })[] {
  const out: (ComputedMetric & { range: MetricRange })[] = [];
  for (const range of METRIC_RANGES) {
    const window = metricWindow(range, tenant.timezone, now);
    const facts = collectFacts(window, rollups, tenant.timezone, now);
    for (const metric of METRIC_TYPES) {
      const data = metric === 'period_comparison' ? derivePeriodComparison(window, rollups, tenant, now) : (derive[metric] as Derive<MetricType>)(facts, tenant);
      out.push({ metric, range, data, range_start: window.range_start, range_end: window.range_end });
    }
  }
  return out;
}

/** The UTC days of rollups `computeAllMetrics` needs at `now` (the 90-day range, the 90 days before it for the comparison, and the lookback). */
export function rollupDaysForAllRanges(timeZone: string, now: Date): string[] {
  return rollupDaysFor(metricWindow('90d', timeZone, now), 'period_comparison', timeZone);
}
