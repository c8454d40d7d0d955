import { METRIC_ROUTES, SUBMISSIONS_ROUTE, type MetricType } from '@picasso/shared/api-contract';
import { MethodNotAllowedError, RouteNotFoundError } from './errors';

/** What a path serves: one of the nine cached metrics, or the (PII) submissions list. */
export type Route = { kind: 'metric'; path: string; metric: MetricType } | { kind: 'submissions'; path: string };

/** Every route of the API (all GET), from the shared contract; `openapi.yaml` documents the same set. */
export const ROUTES: ReadonlyMap<string, Route> = new Map<string, Route>([
  ...(Object.entries(METRIC_ROUTES) as [MetricType, string][]).map(([metric, path]): [string, Route] => [path, { kind: 'metric', path, metric }]),
  [SUBMISSIONS_ROUTE, { kind: 'submissions', path: SUBMISSIONS_ROUTE }],
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
