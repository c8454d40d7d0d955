/**
 * `@picasso/shared/api-contract`: what the dashboard API serves and the dashboard reads, defined
 * once for both (`services/analytics-dashboard-api/openapi.yaml` documents the same). Types and
 * constants only: the React bundle imports it without pulling anything else from `shared`.
 */
import type { FormSubmission, MetricData, MetricRange, MetricType } from '../metrics/types';

export { COMPARED_METRICS, METRIC_RANGES, METRIC_TYPES } from '../metrics/types';
export type {
  AnalyticsFunnel,
  AnalyticsSummary,
  AnswerFeedback,
  ConversationOutcomes,
  ComparedMetric,
  ConversationsHeatmap,
  ConversationsSummary,
  ConversationsTrend,
  FormSubmission,
  FormsBottlenecks,
  FormsSummary,
  FormsTopPerformers,
  FunnelStage,
  KnowledgeBaseSummary,
  LatencyPercentiles,
  MetricData,
  MetricRange,
  MetricType,
  PeriodComparison,
  ResponseLatency,
  TokenUsage,
  TopQuestions,
  UnansweredQuestions,
} from '../metrics/types';

/** The path of each metric (all GET). */
export const METRIC_ROUTES = {
  conversations_summary: '/conversations/summary',
  conversations_heatmap: '/conversations/heatmap',
  conversations_trend: '/conversations/trend',
  top_questions: '/conversations/top-questions',
  forms_summary: '/forms/summary',
  forms_bottlenecks: '/forms/bottlenecks',
  forms_top_performers: '/forms/top-performers',
  analytics_summary: '/analytics/summary',
  analytics_funnel: '/analytics/funnel',
  knowledge_base_summary: '/quality/knowledge-base',
  unanswered_questions: '/quality/unanswered-questions',
  response_latency: '/quality/latency',
  period_comparison: '/analytics/previous-period',
  conversation_outcomes: '/quality/outcomes',
  answer_feedback: '/quality/feedback',
  token_usage: '/quality/tokens',
} as const satisfies Record<MetricType, string>;

/** The (PII) submissions list, for tokens with the `pii:read` scope. */
export const SUBMISSIONS_ROUTE = '/forms/submissions';

/** The range a request without `range` or dates gets. */
export const DEFAULT_RANGE: MetricRange = '30d';

/**
 * How long a browser may cache a CORS preflight answer (`Access-Control-Max-Age`). The API's
 * Middy CORS middleware and the Function URL's CORS block in Terraform
 * (`terraform/modules/dashboard_api`, `max_age`) must both use this value.
 */
export const CORS_MAX_AGE_SECONDS = 600;

/**
 * Where the API found the figures: the pre-computed cache, merged rollups, the Athena cold path,
 * or (submissions only) the submissions table, read live.
 */
export type DataSource = 'cache' | 'rollups' | 'athena' | 'submissions';

/** Tenant-local days a response covers, inclusive. */
export interface Period {
  start_date: string;
  end_date: string;
}

/**
 * Every response: the figures plus who they belong to, what they cover and how fresh they are
 * (`openapi.yaml`, `MetricEnvelope`).
 */
export interface MetricEnvelope<T> {
  tenant_id: string;
  metric: string;
  /** The preset asked for, or the custom dates. */
  range: MetricRange | Period;
  /** The tenant-local days the figures cover, inclusive. */
  period: Period;
  data: T;
  source: DataSource;
  updated_at: string;
  age_seconds: number;
}

export type MetricEnvelopeOf<M extends MetricType> = MetricEnvelope<MetricData[M]>;

/** One page of `/forms/submissions`, newest first; `next_token` is null on the last page. */
export interface SubmissionsPage {
  submissions: FormSubmission[];
  count: number;
  next_token: string | null;
}
