/**
 * The dashboard's metric contract: the seed's nine cached metric types and the answer-quality
 * ones (docs/metrics.md), their ranges and the
 * shape of each one's `data`. The aggregator writes these (cache + merged from rollups), the
 * dashboard API serves them, the React dashboard renders them. Change a shape here, nowhere else.
 *
 * Conventions: counts are integers; percentages are 0–100 with one decimal, `null` when the
 * denominator is 0; durations in seconds with up to three decimals, `null` when nothing was timed.
 * Local dates (`YYYY-MM-DD`) and hours are in the tenant's time zone (its config).
 */
export const METRIC_TYPES = [
  'conversations_summary',
  'conversations_heatmap',
  'conversations_trend',
  'top_questions',
  'forms_summary',
  'forms_bottlenecks',
  'forms_top_performers',
  'analytics_summary',
  'analytics_funnel',
  'knowledge_base_summary',
  'unanswered_questions',
  'response_latency',
  'period_comparison',
  'conversation_outcomes',
  'answer_feedback',
  'token_usage',
] as const;
export type MetricType = (typeof METRIC_TYPES)[number];

/** `Nd` = the N tenant-local calendar days ending with today (today included, so far). */
export const METRIC_RANGES = ['1d', '7d', '30d', '90d'] as const;
export type MetricRange = (typeof METRIC_RANGES)[number];

/** A conversation is a session with at least one MESSAGE_SENT; it is placed at its first message. */
export interface ConversationsSummary {
  total_conversations: number;
  /** MESSAGE_SENT + MESSAGE_RECEIVED. */
  total_messages: number;
  avg_response_time_seconds: number | null;
  avg_first_token_seconds: number | null;
  /** Conversations whose first message fell outside the tenant's business hours. */
  after_hours_count: number;
  after_hours_percentage: number | null;
}

export interface ConversationsHeatmap {
  timezone: string;
  /** Sparse: only non-zero cells. `day_of_week` is ISO (1 = Monday … 7 = Sunday), local time. */
  cells: { day_of_week: number; hour: number; conversations: number }[];
}

export interface ConversationsTrend {
  timezone: string;
  /** `hour` for 1d (period = local `YYYY-MM-DDTHH:00`), `day` otherwise (period = local `YYYY-MM-DD`). */
  granularity: 'hour' | 'day';
  /** Every period of the range, zeros included, oldest first. */
  points: { period: string; conversations: number; messages: number }[];
}

export interface TopQuestions {
  /** Normalised question text (trimmed, lower-cased, collapsed spaces, trailing punctuation removed), most frequent first, at most 10. */
  questions: { question: string; count: number }[];
}

export interface FormsSummary {
  forms_started: number;
  forms_completed: number;
  forms_abandoned: number;
  completion_rate: number | null;
  avg_completion_seconds: number | null;
}

export interface FormsBottlenecks {
  /** Fields where forms were abandoned (`last_field` of FORM_ABANDONED), most abandons first. */
  fields: { form_id: string; field: string; abandons: number; share_percentage: number | null }[];
}

export interface FormsTopPerformers {
  /** Forms ranked by completions, then completion rate. */
  forms: { form_id: string; form_label: string; started: number; completed: number; completion_rate: number | null; avg_completion_seconds: number | null }[];
}

export interface AnalyticsSummary {
  /** Distinct sessions with any event. */
  sessions: number;
  widget_opens: number;
  conversations: number;
  messages: number;
  forms_completed: number;
  /** forms_completed sessions / widget-opened sessions. */
  conversion_rate: number | null;
}

export type FunnelStage = 'widget_opened' | 'first_message' | 'form_started' | 'form_completed';
export interface AnalyticsFunnel {
  /** Sessions reaching each stage, in order; a session counts at a stage if it has that event. */
  stages: { stage: FunnelStage; sessions: number; percentage_of_previous: number | null; percentage_of_top: number | null }[];
}

/** docs/metrics.md, "Knowledge-base answer rate". */
export interface KnowledgeBaseSummary {
  /** MESSAGE_RECEIVED events (assistant replies). */
  replies: number;
  /** Replies with `knowledge_base_used = true`. */
  knowledge_base_replies: number;
  /** knowledge_base_replies / replies. */
  answer_rate: number | null;
}

/** docs/metrics.md, "Unanswered questions". */
export interface UnansweredQuestions {
  /**
   * Visitor messages whose reply did not use the Knowledge Base, normalised as top questions are,
   * small talk excluded, most frequent first, at most 20.
   */
  questions: { question: string; count: number }[];
}

/** Two percentiles of one latency, in seconds (up to three decimals); `null` when nothing was timed. */
export interface LatencyPercentiles {
  p50_seconds: number | null;
  p95_seconds: number | null;
}

/** docs/metrics.md, "Response latency". */
export interface ResponseLatency {
  /** The stated relative error of every percentile here (0.01 = 1 %), from the rollups' sketch. */
  relative_error: number;
  /** Replies with a first-token time. */
  replies_timed: number;
  first_token: LatencyPercentiles;
  total_time: LatencyPercentiles;
  /** Shares of timed replies whose first token came under 1 s and over 10 s (exact counts). */
  first_token_under_1s_percentage: number | null;
  first_token_over_10s_percentage: number | null;
}

/**
 * docs/metrics.md, "Conversation outcomes". Conversations are placed as `conversations_summary`
 * places them. Each is followed until H = the range's end + 24 h (its messages) and H + 24 h (its
 * forms and feedback). It is *decided* once 24 h have passed since its last message before H;
 * until then it is `pending` and in no rate's denominator. Each decided conversation is exactly
 * one of abandoned, resolved or unresolved, tested in that order. "Last" is by server time, then
 * event id; a reply at the same instant as a visitor message counts as after it.
 */
export interface ConversationOutcomes {
  /** Conversations placed in the range (as `conversations_summary` counts them). */
  conversations: number;
  /** Conversations whose 24 h follow-up window has not closed yet. */
  pending: number;
  /** conversations − pending: the denominator of every rate below. */
  decided: number;
  /**
   * Assumed or confirmed resolutions (not abandoned): the last reply used the Knowledge Base, its
   * latest rating is not a thumbs-down and the visitor started no form in (last reply, last
   * reply + 24 h], or the last reply's latest rating is a thumbs-up.
   */
  resolved: number;
  resolution_rate: number | null;
  /** Resolved conversations whose last reply's latest rating is a thumbs-up (the visitor said so). */
  confirmed_resolved: number;
  confirmed_resolution_rate: number | null;
  /** The latest visitor message is later than the latest reply, or there is no reply. */
  abandoned: number;
  abandonment_rate: number | null;
}

/**
 * docs/metrics.md, "Answer feedback". A rated reply is a (session, reply id) with a MESSAGE_FEEDBACK
 * in the range (the reply itself may be older); its rating is its latest one in the range, by
 * server time then event id.
 */
export interface AnswerFeedback {
  /** MESSAGE_RECEIVED events in the range. */
  replies: number;
  /** Distinct replies rated in the range. */
  rated: number;
  helpful: number;
  not_helpful: number;
  /** helpful / rated. */
  helpful_rate: number | null;
  /** rated / replies. */
  feedback_coverage: number | null;
  /**
   * The comments of the rated replies' latest ratings (redacted at ingest, normalised as questions
   * are), grouped by (comment, rating), most frequent first, at most 20.
   */
  comments: { comment: string; rating: 'up' | 'down'; count: number }[];
}

/** docs/metrics.md, "Token usage and cost". Tokens come from MESSAGE_RECEIVED 1.1.0; a 1.0.0 reply's are unknown, never zero. */
export interface TokenUsage {
  /** The price table's effective date (`YYYY-MM-DD`) and currency. */
  prices_as_of: string;
  currency: 'USD';
  replies: number;
  /** Replies that carry token counts (schema 1.1.0). */
  replies_with_tokens: number;
  /** Replies whose token counts are unknown (schema 1.0.0). */
  replies_without_tokens: number;
  input_tokens: number;
  output_tokens: number;
  /** USD (6 decimals) of the replies with tokens whose model has a price on their UTC day; `null` when there are none. */
  cost: number | null;
  /** Replies with tokens whose model is not in the price table (their cost is unknown). */
  unpriced_replies: number;
  /** Distinct sessions with at least one reply with tokens in the range. */
  conversations_with_tokens: number;
  /** cost / conversations_with_tokens. */
  cost_per_conversation: number | null;
  /**
   * Replies with tokens per model (`unknown` when a reply names none), at most 20, most replies
   * first; `cost` is `null` when any of the model's replies is unpriced.
   */
  models: { model_id: string; replies: number; input_tokens: number; output_tokens: number; cost: number | null }[];
}

/** The headline metrics a period comparison carries for the previous period. */
export const COMPARED_METRICS = [
  'analytics_summary',
  'conversations_summary',
  'forms_summary',
  'knowledge_base_summary',
  'response_latency',
  'conversation_outcomes',
  'answer_feedback',
  'token_usage',
] as const;
export type ComparedMetric = (typeof COMPARED_METRICS)[number];

/**
 * docs/metrics.md, "Period over period": the headline figures and the trend of the previous
 * period of the same length (the same number of local days, ending the day before the range
 * starts), so every headline card can show its change and the trend can draw the previous period.
 */
export interface PeriodComparison {
  previous_period: { start_date: string; end_date: string };
  previous: { [M in ComparedMetric]: MetricData[M] };
  /** The previous period's `conversations_trend` points (same granularity), oldest first. */
  previous_trend: ConversationsTrend['points'];
}

export interface MetricData {
  conversations_summary: ConversationsSummary;
  conversations_heatmap: ConversationsHeatmap;
  conversations_trend: ConversationsTrend;
  top_questions: TopQuestions;
  forms_summary: FormsSummary;
  forms_bottlenecks: FormsBottlenecks;
  forms_top_performers: FormsTopPerformers;
  analytics_summary: AnalyticsSummary;
  analytics_funnel: AnalyticsFunnel;
  knowledge_base_summary: KnowledgeBaseSummary;
  unanswered_questions: UnansweredQuestions;
  response_latency: ResponseLatency;
  period_comparison: PeriodComparison;
  conversation_outcomes: ConversationOutcomes;
  answer_feedback: AnswerFeedback;
  token_usage: TokenUsage;
}

/** A dashboard cache item (seed's `picasso-dashboard-aggregates`). */
export interface CachedMetric<T extends MetricType = MetricType> {
  /** `TENANT#<tenant_id>` */
  pk: string;
  /** `METRIC#<metric_type>#<range>` */
  sk: string;
  data: MetricData[T];
  /** Local dates the figures cover, inclusive. */
  range_start: string;
  range_end: string;
  updated_at: string;
  /** Epoch seconds; 24 h after `updated_at`. Readers ignore expired items (DynamoDB deletes late). */
  ttl: number;
}

/** The sort key of one metric and range in the cache: `METRIC#<metric_type>#<range>`. */
export const metricSortKey = (metric: MetricType, range: MetricRange) => `METRIC#${metric}#${range}`;

/** The key of a cache item. */
export const cacheKey = (tenantId: string, metric: MetricType, range: MetricRange) => ({
  pk: `TENANT#${tenantId}`,
  sk: metricSortKey(metric, range),
});

/**
 * The item that stands for a tenant's whole cache (its 1d analytics summary): the tenant's
 * items (every metric type × range) are always written together, so the aggregator reads this one to judge their age.
 */
export const CACHE_STATE_SORT_KEY = metricSortKey('analytics_summary', '1d');

/**
 * One form submission (PII) as `/forms/submissions` returns it to a `pii:read` caller. The
 * seed's submissions-table item minus internal keys; the dashboard renders exactly this.
 */
export interface FormSubmission {
  submission_id: string;
  form_id: string;
  form_title: string;
  submitted_at: string;
  session_id?: string;
  form_data: Record<string, unknown>;
}
