/**
 * An in-memory `DashboardApi` for component tests: each call is answered by a function of the
 * metric and query, and every request is recorded so a test can prove one was never made.
 */
import type { DashboardApi } from '../../src/api/api-client';
import type { MetricEnvelope, MetricType, SubmissionsPage } from '../../src/api/contract';

export type Route = MetricType | 'submissions' | 'submissions_csv';
export type Answer = (query: Record<string, string>) => Promise<unknown>;

export interface FakeApi extends DashboardApi {
  requests: { route: Route; query: Record<string, string> }[];
}

/** Never settles: the panel stays in its loading state. */
export const pending: Answer = () => new Promise(() => {});

export function createFakeApi(answers: Partial<Record<Route, Answer>>): FakeApi {
  const requests: FakeApi['requests'] = [];
  const answer = (route: Route, query: Record<string, string>) => {
    requests.push({ route, query });
    const handler = answers[route];
    if (!handler) return Promise.reject(new Error(`fake API has no answer for ${route}`));
    return handler(query);
  };
  return {
    requests,
    getMetric: (metric, query) => answer(metric, query) as never,
    getSubmissions: (query) => answer('submissions', query) as Promise<MetricEnvelope<SubmissionsPage>>,
    getSubmissionsCsv: (query) => answer('submissions_csv', query) as Promise<Blob>,
  };
}
