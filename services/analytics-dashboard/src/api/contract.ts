/**
 * What the dashboard API returns. Metric `data` shapes come from the shared metric contract
 * (type-only import: nothing from `shared/` ends up in the bundle).
 */
import type { MetricData, MetricRange, MetricType } from '../../../../shared/src/metrics/types';

export type {
  AnalyticsFunnel,
  AnalyticsSummary,
  ConversationsHeatmap,
  ConversationsSummary,
  ConversationsTrend,
  FormsBottlenecks,
  FormsSummary,
  FormsTopPerformers,
  FunnelStage,
  MetricData,
  MetricRange,
  MetricType,
  TopQuestions,
} from '../../../../shared/src/metrics/types';

/**
 * Where the API found the figures: the pre-computed cache, merged rollups, the Athena cold path,
 * or (submissions only) the submissions table, read live.
 */
export type DataSource = 'cache' | 'rollups' | 'athena' | 'submissions';

/**
 * Every response: the figures plus who they belong to, what they cover and how fresh they are
 * (`services/analytics-dashboard-api/openapi.yaml`, `MetricEnvelope`).
 */
export interface MetricEnvelope<T> {
  tenant_id: string;
  metric: string;
  /** The preset asked for, or the custom dates. */
  range: MetricRange | { start_date: string; end_date: string };
  /** The tenant-local days the figures cover, inclusive. */
  period: { start_date: string; end_date: string };
  data: T;
  source: DataSource;
  updated_at: string;
  age_seconds: number;
}

/** One form submission (PII): returned only to tokens with the `pii:read` scope. */
export type { FormSubmission } from '../../../../shared/src/metrics/types';
import type { FormSubmission } from '../../../../shared/src/metrics/types';

/** One page of `/forms/submissions`, newest first; `next_token` is null on the last page. */
export interface SubmissionsPage {
  submissions: FormSubmission[];
  count: number;
  next_token: string | null;
}

/** The dashboard routes and the metric each one serves. */
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
} as const satisfies Record<MetricType, string>;

export const SUBMISSIONS_ROUTE = '/forms/submissions';

export type MetricEnvelopeOf<M extends MetricType> = MetricEnvelope<MetricData[M]>;
