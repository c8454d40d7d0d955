/**
 * The dashboard API port and its fetch adapter. Panels depend on `DashboardApi` only, so tests
 * hand in an in-memory implementation and the app hands in `createDashboardApi`.
 */
import { METRIC_ROUTES, SUBMISSIONS_ROUTE, type MetricEnvelopeOf, type MetricType, type MetricEnvelope, type SubmissionsPage } from './contract';

/** Why a request failed, in the terms the user can act on. */
export type ApiErrorKind = 'unauthorized' | 'forbidden' | 'bad_request' | 'not_found' | 'server' | 'network' | 'invalid_response';

/** A failed API call: `kind` decides the message and whether a retry can help. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown; requestId?: string },
  ) {
    super(message, options);
    this.requestId = options?.requestId;
  }

  /** The API's `request_id`, which finds the matching log line. */
  readonly requestId: string | undefined;
}

export interface DashboardApi {
  getMetric<M extends MetricType>(metric: M, query: Record<string, string>, signal?: AbortSignal): Promise<MetricEnvelopeOf<M>>;
  getSubmissions(query: Record<string, string>, signal?: AbortSignal): Promise<MetricEnvelope<SubmissionsPage>>;
  /** Every submission of the range as the API's CSV file (`format=csv`: `pii:read`, audited), bytes as sent. */
  getSubmissionsCsv(query: Record<string, string>, signal?: AbortSignal): Promise<Blob>;
}

export interface DashboardApiOptions {
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
}

function kindForStatus(status: number): ApiErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status >= 500) return 'server';
  return 'bad_request';
}

/** `{ error, message, request_id }` from the API, or the status line when the body is not that. */
async function errorDetails(response: Response): Promise<{ message: string; requestId?: string }> {
  try {
    const body: unknown = await response.json();
    if (body && typeof body === 'object' && 'message' in body && typeof body.message === 'string') {
      const requestId = 'request_id' in body && typeof body.request_id === 'string' ? body.request_id : undefined;
      return { message: body.message, requestId };
    }
  } catch {
    // Not JSON (a proxy's HTML error page, say): fall back to the status line.
  }
  return { message: `${response.status} ${response.statusText}`.trim() };
}

/** A `DashboardApi` over `fetch`: bearer token in the header, never in the URL. */
export function createDashboardApi({ baseUrl, token, fetch: fetchImpl = globalThis.fetch.bind(globalThis) }: DashboardApiOptions): DashboardApi {
  const root = baseUrl.replace(/\/+$/, '');

  async function request(path: string, query: Record<string, string>, accept: string, signal?: AbortSignal): Promise<Response> {
    const url = `${root}${path}?${new URLSearchParams(query).toString()}`;
    let response: Response;
    try {
      response = await fetchImpl(url, { headers: { Authorization: `Bearer ${token}`, Accept: accept }, signal });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ApiError('network', 'Could not reach the analytics API. Check your connection.', undefined, { cause: error });
    }
    if (!response.ok) {
      const { message, requestId } = await errorDetails(response);
      throw new ApiError(kindForStatus(response.status), message, response.status, { requestId });
    }
    return response;
  }

  async function get<T>(path: string, query: Record<string, string>, signal?: AbortSignal): Promise<T> {
    const response = await request(path, query, 'application/json', signal);
    try {
      return (await response.json()) as T;
    } catch (error) {
      throw new ApiError('invalid_response', 'The analytics API sent a response the dashboard cannot read.', response.status, { cause: error });
    }
  }

  /** A CSV answer as a `Blob`: read as bytes, so its byte order mark survives (a text decode drops it). */
  async function getCsv(path: string, query: Record<string, string>, signal?: AbortSignal): Promise<Blob> {
    const response = await request(path, { ...query, format: 'csv' }, 'text/csv', signal);
    if (!(response.headers.get('content-type') ?? '').startsWith('text/csv')) throw new ApiError('invalid_response', 'The analytics API did not send a CSV file.', response.status);
    return response.blob();
  }

  return {
    getMetric: (metric, query, signal) => get(METRIC_ROUTES[metric], query, signal),
    getSubmissions: (query, signal) => get(SUBMISSIONS_ROUTE, query, signal),
    getSubmissionsCsv: (query, signal) => getCsv(SUBMISSIONS_ROUTE, query, signal),
  };
}
