import type { MetricType } from '@picasso/shared';
import { MethodNotAllowedError, RouteNotFoundError } from './errors';

/** What a path serves: one of the nine cached metrics, or the (PII) submissions list. */
export type Route = { kind: 'metric'; path: string; metric: MetricType } | { kind: 'submissions'; path: string };

const metric = (path: string, m: MetricType): [string, Route] => [path, { kind: 'metric', path, metric: m }];

/** Every route of the API (all GET); `openapi.yaml` documents the same set. */
export const ROUTES: ReadonlyMap<string, Route> = new Map([
  metric('/conversations/summary', 'conversations_summary'),
  metric('/conversations/heatmap', 'conversations_heatmap'),
  metric('/conversations/trend', 'conversations_trend'),
  metric('/conversations/top-questions', 'top_questions'),
  metric('/forms/summary', 'forms_summary'),
  metric('/forms/bottlenecks', 'forms_bottlenecks'),
  metric('/forms/top-performers', 'forms_top_performers'),
  ['/forms/submissions', { kind: 'submissions', path: '/forms/submissions' }],
  metric('/analytics/summary', 'analytics_summary'),
  metric('/analytics/funnel', 'analytics_funnel'),
]);

export const ALLOWED_METHODS = ['GET', 'OPTIONS'];

/** The route of `method path`; `RouteNotFoundError` (404) or `MethodNotAllowedError` (405) otherwise. */
export function matchRoute(method: string, rawPath: string): Route {
  const path = rawPath.length > 1 && rawPath.endsWith('/') ? rawPath.slice(0, -1) : rawPath;
  const route = ROUTES.get(path);
  if (!route) throw new RouteNotFoundError(`no route ${JSON.stringify(rawPath.slice(0, 200))}`);
  if (method !== 'GET') throw new MethodNotAllowedError(`${path} answers GET only`, ALLOWED_METHODS);
  return route;
}
