/** Realistic API responses (shapes from the OpenAPI document and the shared metric contract). */
import type { AnswerFeedback, ConversationOutcomes, FormSubmission, MetricData, MetricEnvelope, MetricType, ResponseLatency, SubmissionsPage, TokenUsage } from '../../src/api/contract';

export const TENANT_ID = 'FOS402334';

export function envelope<M extends MetricType>(metric: M, data: MetricData[M], overrides: Partial<MetricEnvelope<MetricData[M]>> = {}): MetricEnvelope<MetricData[M]> {
  return {
    tenant_id: TENANT_ID,
    metric,
    range: '7d',
    period: { start_date: '2026-11-19', end_date: '2026-11-25' },
    data,
    source: 'cache',
    updated_at: '2026-11-25T13:00:00Z',
    age_seconds: 300,
    ...overrides,
  };
}

/** 120 conversations: 20 still pending, 100 decided (62 resolved, 15 of them confirmed; 8 abandoned; 30 unresolved). */
export const OUTCOMES: ConversationOutcomes = { conversations: 120, pending: 20, decided: 100, resolved: 62, resolution_rate: 62, confirmed_resolved: 15, confirmed_resolution_rate: 15, abandoned: 8, abandonment_rate: 8 };

/** 400 replies, 50 rated (40 up); a comment a spreadsheet would run, to prove the CSV defuses it. */
export const FEEDBACK: AnswerFeedback = {
  replies: 400,
  rated: 50,
  helpful: 40,
  not_helpful: 10,
  helpful_rate: 80,
  feedback_coverage: 12.5,
  comments: [
    { comment: 'very helpful, thanks', rating: 'up', count: 3 },
    { comment: '=cmd|calc', rating: 'down', count: 1 },
  ],
};

/** 400 replies: 100 from an older widget (tokens unknown), 300 with tokens, 20 of them from a model without a price. */
export const TOKENS: TokenUsage = {
  prices_as_of: '2026-12-02',
  currency: 'USD',
  replies: 400,
  replies_with_tokens: 300,
  replies_without_tokens: 100,
  input_tokens: 450_000,
  output_tokens: 90_000,
  cost: 0.21,
  unpriced_replies: 20,
  conversations_with_tokens: 90,
  cost_per_conversation: 0.002333,
  models: [
    { model_id: 'anthropic.claude-3-haiku-20240307-v1:0', replies: 280, input_tokens: 420_000, output_tokens: 84_000, cost: 0.21 },
    { model_id: 'acme.custom-model', replies: 20, input_tokens: 30_000, output_tokens: 6_000, cost: null },
  ],
};

const LATENCY: ResponseLatency = {
  relative_error: 0.01,
  replies_timed: 2800,
  first_token: { p50_seconds: 0.802, p95_seconds: 1.655 },
  total_time: { p50_seconds: 2.1, p95_seconds: 75.4 },
  first_token_under_1s_percentage: 64.2,
  first_token_over_10s_percentage: 0.3,
};

export const DATA: MetricData = {
  conversations_summary: { total_conversations: 1234, total_messages: 5678, avg_response_time_seconds: 1.25, avg_first_token_seconds: 0.4, after_hours_count: 391, after_hours_percentage: 31.7 },
  conversations_heatmap: {
    timezone: 'America/Chicago',
    cells: [
      { day_of_week: 1, hour: 9, conversations: 12 },
      { day_of_week: 1, hour: 10, conversations: 30 },
      { day_of_week: 5, hour: 22, conversations: 4 },
    ],
  },
  conversations_trend: {
    timezone: 'America/Chicago',
    granularity: 'day',
    points: [
      { period: '2026-11-23', conversations: 10, messages: 40 },
      { period: '2026-11-24', conversations: 0, messages: 0 },
      { period: '2026-11-25', conversations: 7, messages: 21 },
    ],
  },
  top_questions: { questions: [{ question: 'how can i volunteer', count: 42 }, { question: 'what are your hours', count: 17 }] },
  forms_summary: { forms_started: 200, forms_completed: 150, forms_abandoned: 50, completion_rate: 75, avg_completion_seconds: 95.5 },
  forms_bottlenecks: { fields: [{ form_id: 'volunteer_apply', field: 'phone', abandons: 30, share_percentage: 60 }, { form_id: 'volunteer_apply', field: 'availability', abandons: 20, share_percentage: 40 }] },
  forms_top_performers: { forms: [{ form_id: 'volunteer_apply', form_label: 'Volunteer application', started: 120, completed: 100, completion_rate: 83.3, avg_completion_seconds: 80 }] },
  analytics_summary: { sessions: 2500, widget_opens: 2100, conversations: 1234, messages: 5678, forms_completed: 150, conversion_rate: 7.1 },
  analytics_funnel: {
    stages: [
      { stage: 'widget_opened', sessions: 2100, percentage_of_previous: null, percentage_of_top: 100 },
      { stage: 'first_message', sessions: 1234, percentage_of_previous: 58.8, percentage_of_top: 58.8 },
      { stage: 'form_started', sessions: 200, percentage_of_previous: 16.2, percentage_of_top: 9.5 },
      { stage: 'form_completed', sessions: 150, percentage_of_previous: 75, percentage_of_top: 7.1 },
    ],
  },
  knowledge_base_summary: { replies: 2800, knowledge_base_replies: 2240, answer_rate: 80 },
  unanswered_questions: { questions: [{ question: 'do you need drivers', count: 12 }, { question: 'can i donate stock or crypto', count: 5 }] },
  response_latency: LATENCY,
  conversation_outcomes: OUTCOMES,
  answer_feedback: FEEDBACK,
  token_usage: TOKENS,
  period_comparison: {
    previous_period: { start_date: '2026-11-12', end_date: '2026-11-18' },
    previous: {
      analytics_summary: { sessions: 2000, widget_opens: 1800, conversations: 1100, messages: 5000, forms_completed: 120, conversion_rate: 6.7 },
      conversations_summary: { total_conversations: 1100, total_messages: 5000, avg_response_time_seconds: 1.5, avg_first_token_seconds: 0.5, after_hours_count: 300, after_hours_percentage: 27.3 },
      forms_summary: { forms_started: 180, forms_completed: 120, forms_abandoned: 60, completion_rate: 66.7, avg_completion_seconds: 100 },
      knowledge_base_summary: { replies: 2500, knowledge_base_replies: 1900, answer_rate: 76 },
      response_latency: { ...LATENCY, first_token: { p50_seconds: 1.003, p95_seconds: 2 } },
      conversation_outcomes: { ...OUTCOMES, decided: 80, resolved: 40, resolution_rate: 50 },
      answer_feedback: { ...FEEDBACK, helpful_rate: 75 },
      token_usage: { ...TOKENS, cost: 0.3 },
    },
    previous_trend: [{ period: '2026-11-18', conversations: 3, messages: 9 }],
  },
};

const EMPTY_OUTCOMES: ConversationOutcomes = { conversations: 0, pending: 0, decided: 0, resolved: 0, resolution_rate: null, confirmed_resolved: 0, confirmed_resolution_rate: null, abandoned: 0, abandonment_rate: null };
const EMPTY_FEEDBACK: AnswerFeedback = { replies: 0, rated: 0, helpful: 0, not_helpful: 0, helpful_rate: null, feedback_coverage: null, comments: [] };
const EMPTY_TOKENS: TokenUsage = {
  prices_as_of: '2026-12-02',
  currency: 'USD',
  replies: 0,
  replies_with_tokens: 0,
  replies_without_tokens: 0,
  input_tokens: 0,
  output_tokens: 0,
  cost: null,
  unpriced_replies: 0,
  conversations_with_tokens: 0,
  cost_per_conversation: null,
  models: [],
};

/** What a tenant with no traffic gets: zeros and empty lists, never an error. */
export const EMPTY: MetricData = {
  conversations_summary: { total_conversations: 0, total_messages: 0, avg_response_time_seconds: null, avg_first_token_seconds: null, after_hours_count: 0, after_hours_percentage: null },
  conversations_heatmap: { timezone: 'America/Chicago', cells: [] },
  conversations_trend: { timezone: 'America/Chicago', granularity: 'day', points: [{ period: '2026-11-25', conversations: 0, messages: 0 }] },
  top_questions: { questions: [] },
  forms_summary: { forms_started: 0, forms_completed: 0, forms_abandoned: 0, completion_rate: null, avg_completion_seconds: null },
  forms_bottlenecks: { fields: [] },
  forms_top_performers: { forms: [] },
  analytics_summary: { sessions: 0, widget_opens: 0, conversations: 0, messages: 0, forms_completed: 0, conversion_rate: null },
  analytics_funnel: { stages: [{ stage: 'widget_opened', sessions: 0, percentage_of_previous: null, percentage_of_top: null }] },
  knowledge_base_summary: { replies: 0, knowledge_base_replies: 0, answer_rate: null },
  unanswered_questions: { questions: [] },
  response_latency: {
    relative_error: 0.01,
    replies_timed: 0,
    first_token: { p50_seconds: null, p95_seconds: null },
    total_time: { p50_seconds: null, p95_seconds: null },
    first_token_under_1s_percentage: null,
    first_token_over_10s_percentage: null,
  },
  conversation_outcomes: EMPTY_OUTCOMES,
  answer_feedback: EMPTY_FEEDBACK,
  token_usage: EMPTY_TOKENS,
  period_comparison: {
    previous_period: { start_date: '2026-11-12', end_date: '2026-11-18' },
    previous: {
      analytics_summary: { sessions: 0, widget_opens: 0, conversations: 0, messages: 0, forms_completed: 0, conversion_rate: null },
      conversations_summary: { total_conversations: 0, total_messages: 0, avg_response_time_seconds: null, avg_first_token_seconds: null, after_hours_count: 0, after_hours_percentage: null },
      forms_summary: { forms_started: 0, forms_completed: 0, forms_abandoned: 0, completion_rate: null, avg_completion_seconds: null },
      knowledge_base_summary: { replies: 0, knowledge_base_replies: 0, answer_rate: null },
      response_latency: { relative_error: 0.01, replies_timed: 0, first_token: { p50_seconds: null, p95_seconds: null }, total_time: { p50_seconds: null, p95_seconds: null }, first_token_under_1s_percentage: null, first_token_over_10s_percentage: null },
      conversation_outcomes: EMPTY_OUTCOMES,
      answer_feedback: EMPTY_FEEDBACK,
      token_usage: EMPTY_TOKENS,
    },
    previous_trend: [],
  },
};

export const SUBMISSIONS: FormSubmission[] = [
  { submission_id: 'sub_1', form_id: 'volunteer_apply', form_title: 'Volunteer application', submitted_at: '2026-11-25T15:30:00Z', form_data: { name: 'Ada Lovelace', email: 'ada@example.org' } },
  { submission_id: 'sub_2', form_id: 'volunteer_apply', form_title: 'Volunteer application', submitted_at: '2026-11-24T09:05:00Z', form_data: { name: 'Grace Hopper', phone: '+1 555 0100' } },
];

export function submissionsEnvelope(page: Partial<SubmissionsPage> = {}): MetricEnvelope<SubmissionsPage> {
  return {
    tenant_id: TENANT_ID,
    metric: 'form_submissions',
    range: '7d',
    period: { start_date: '2026-11-19', end_date: '2026-11-25' },
    data: { submissions: SUBMISSIONS, count: SUBMISSIONS.length, next_token: null, ...page },
    source: 'submissions',
    updated_at: '2026-11-25T13:05:00Z',
    age_seconds: 0,
  };
}

/** An unsigned JWT-shaped token with the given claims (the dashboard reads claims, the API verifies). */
export function tokenWith(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ tenant_id: TENANT_ID, tenant_hash: 'fo85e6a06dcdf4', exp: Math.floor(Date.now() / 1000) + 3600, ...claims })}.c2lnbmF0dXJl`;
}
