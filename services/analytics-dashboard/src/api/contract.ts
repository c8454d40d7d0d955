/**
 * What the dashboard API returns: the shared API contract (`@picasso/shared/api-contract`), the
 * one definition the API serves from. Re-exported here so the dashboard's modules read it from
 * one place.
 */
export {
  CORS_MAX_AGE_SECONDS,
  DEFAULT_RANGE,
  METRIC_RANGES,
  METRIC_ROUTES,
  SUBMISSIONS_ROUTE,
  type AnalyticsFunnel,
  type ComparedMetric,
  type ConversationOutcomes,
  type AnalyticsSummary,
  type AnswerFeedback,
  type ConversationsHeatmap,
  type ConversationsSummary,
  type ConversationsTrend,
  type DataSource,
  type FormSubmission,
  type FormsBottlenecks,
  type FormsSummary,
  type FormsTopPerformers,
  type FunnelStage,
  type KnowledgeBaseSummary,
  type MetricData,
  type MetricEnvelope,
  type MetricEnvelopeOf,
  type MetricRange,
  type MetricType,
  type PeriodComparison,
  type ResponseLatency,
  type SubmissionsPage,
  type TokenUsage,
  type TopQuestions,
  type UnansweredQuestions,
} from '@picasso/shared/api-contract';
