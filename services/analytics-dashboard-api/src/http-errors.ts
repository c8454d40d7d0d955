import type { MiddlewareObj } from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { asError, ValidationError } from '@picasso/shared';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { AuthenticationError, ForbiddenError, MethodNotAllowedError, RouteNotFoundError, TooManyRequestsError } from './errors';

export type ErrorCode = 'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'method_not_allowed' | 'too_many_requests' | 'internal_error';

interface Mapped {
  statusCode: number;
  error: ErrorCode;
  message: string;
  headers: Record<string, string>;
}

/** What a caller is told about an error. Only known errors keep their message; the rest is generic. */
export function mapError(error: Error): Mapped {
  if (error instanceof ValidationError) return { statusCode: 400, error: 'bad_request', message: error.message, headers: {} };
  // RFC 6750 §3: a refused bearer token is answered with a WWW-Authenticate challenge.
  if (error instanceof AuthenticationError) return { statusCode: 401, error: 'unauthorized', message: error.message, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } };
  if (error instanceof ForbiddenError) return { statusCode: 403, error: 'forbidden', message: error.message, headers: {} };
  if (error instanceof RouteNotFoundError) return { statusCode: 404, error: 'not_found', message: error.message, headers: {} };
  if (error instanceof MethodNotAllowedError) return { statusCode: 405, error: 'method_not_allowed', message: error.message, headers: { Allow: error.allow.join(', ') } };
  if (error instanceof TooManyRequestsError) return { statusCode: 429, error: 'too_many_requests', message: error.message, headers: { 'Retry-After': String(error.retryAfterSeconds) } };
  return { statusCode: 500, error: 'internal_error', message: 'the request could not be answered; quote the request id when reporting it', headers: {} };
}

/**
 * One place where errors become responses (never a stack trace) and are logged, once: 4xx as a
 * warning with the reason, 5xx as an error with the cause. Used after `http-cors` so refusals
 * carry CORS headers too.
 */
export function httpErrorMapper(options: { logger: Logger; metrics: Metrics }): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context> {
  return {
    onError: async (request) => {
      const error = asError(request.error);
      const requestId = request.event.requestContext?.requestId ?? request.context.awsRequestId;
      const mapped = mapError(error);
      const where = { requestId, method: request.event.requestContext?.http?.method, path: request.event.rawPath, status: mapped.statusCode };
      if (mapped.statusCode >= 500) options.logger.error('request failed', { ...where, error });
      else options.logger.warn('request refused', { ...where, reason: error.name });
      options.metrics.addMetric(mapped.statusCode >= 500 ? 'ServerErrors' : 'ClientErrors', MetricUnit.Count, 1);
      if (mapped.statusCode === 401) options.metrics.addMetric('AuthFailures', MetricUnit.Count, 1);
      request.response = {
        statusCode: mapped.statusCode,
        headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...mapped.headers },
        body: JSON.stringify({ error: mapped.error, message: mapped.message, request_id: requestId }),
      };
    },
  };
}
