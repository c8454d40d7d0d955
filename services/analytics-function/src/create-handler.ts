import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import { asError, AuthenticationError, ForbiddenError, ValidationError } from '@picasso/shared/errors';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { handleLegacyRequest, MethodNotAllowedError, RouteNotFoundError, type LegacyApiPorts } from './api';

export interface HandlerDependencies extends LegacyApiPorts {
  logger: Logger;
  metrics: Metrics;
}

const JSON_HEADERS = { 'Content-Type': 'application/json', 'Cache-Control': 'private, no-store' };

/** What a caller is told about an error; only known errors keep their message. */
export function mapError(error: Error): { statusCode: number; error: string; message: string; headers: Record<string, string> } {
  if (error instanceof ValidationError) return { statusCode: 400, error: 'bad_request', message: error.message, headers: {} };
  if (error instanceof AuthenticationError) return { statusCode: 401, error: 'unauthorized', message: error.message, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } };
  if (error instanceof ForbiddenError) return { statusCode: 403, error: 'forbidden', message: error.message, headers: {} };
  if (error instanceof RouteNotFoundError) return { statusCode: 404, error: 'not_found', message: error.message, headers: {} };
  if (error instanceof MethodNotAllowedError) return { statusCode: 405, error: 'method_not_allowed', message: error.message, headers: { Allow: 'GET' } };
  return { statusCode: 500, error: 'internal_error', message: 'the request could not be answered; quote the request id when reporting it', headers: {} };
}

/** Errors become one JSON shape, logged once (4xx as a warning with the reason, 5xx with the cause). */
function errorResponses(logger: Logger, metrics: Metrics): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context> {
  return {
    onError: async (request) => {
      const error = asError(request.error);
      const requestId = request.event.requestContext?.requestId ?? request.context.awsRequestId;
      const mapped = mapError(error);
      if (mapped.statusCode >= 500) logger.error('request failed', { requestId, status: mapped.statusCode, error });
      else logger.warn('request refused', { requestId, status: mapped.statusCode, reason: error.name });
      metrics.addMetric(mapped.statusCode >= 500 ? 'ServerErrors' : 'ClientErrors', MetricUnit.Count, 1);
      request.response = { statusCode: mapped.statusCode, headers: { ...JSON_HEADERS, ...mapped.headers }, body: JSON.stringify({ error: mapped.error, message: mapped.message, request_id: requestId }) };
    },
  };
}

/**
 * The Function URL handler (payload format 2.0): Middy wiring around `handleLegacyRequest`.
 * Logs carry counts and tiers only, never figures' text or submissions.
 */
export function createHandler(deps: HandlerDependencies) {
  const { logger, metrics } = deps;
  return middy(async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    metrics.addMetric('Requests', MetricUnit.Count, 1);
    const { answer } = await handleLegacyRequest(
      {
        method: event.requestContext.http.method.toUpperCase(),
        path: event.rawPath,
        query: event.queryStringParameters ?? {},
        headers: Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
        requestId: event.requestContext.requestId ?? context.awsRequestId,
      },
      deps,
    );
    const tiers = { logs: 0, daily_table: 0, archive: 0 };
    for (const d of answer.days) tiers[d.tier] += 1;
    for (const [tier, days] of Object.entries(tiers)) {
      if (!days) continue;
      const single = metrics.singleMetric();
      single.addDimension('tier', tier);
      single.addMetric('DaysServed', MetricUnit.Count, days);
    }
    metrics.addMetric('DaysMissing', MetricUnit.Count, answer.totals.days_missing);
    if (answer.submissions) metrics.addMetric('PiiReads', MetricUnit.Count, 1);
    logger.info('request answered', { days: answer.days.length, ...tiers, daysMissing: answer.totals.days_missing, pii: answer.submissions !== undefined });
    return { statusCode: 200, headers: JSON_HEADERS, body: JSON.stringify(answer) };
  })
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .use(errorResponses(logger, metrics));
}
