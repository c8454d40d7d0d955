import middy from '@middy/core';
import httpCors from '@middy/http-cors';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { CORS_MAX_AGE_SECONDS } from '@picasso/shared/api-contract';
import { handleApiRequest, type DashboardApiPorts } from './api';
import { httpErrorMapper } from './http-errors';

export interface HandlerDependencies extends DashboardApiPorts {
  logger: Logger;
  metrics: Metrics;
  /** Browser origins allowed by CORS (`CORS_ALLOWED_ORIGINS`). */
  corsOrigins: string[];
}

/**
 * The Function URL handler (payload format 2.0:
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads): Middy wiring
 * around `handleApiRequest`. Order: logger, metrics, CORS, then error mapping (whose response
 * CORS decorates on the way out).
 */
export function createHandler(deps: HandlerDependencies) {
  const { logger, metrics } = deps;
  return middy(async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    metrics.addMetric('Requests', MetricUnit.Count, 1);
    const response = await handleApiRequest(
      {
        method: event.requestContext.http.method.toUpperCase(),
        path: event.rawPath,
        query: event.queryStringParameters ?? {},
        headers: event.headers ?? {},
        requestId: event.requestContext.requestId ?? context.awsRequestId,
      },
      deps,
    );
    if (response.source) {
      const single = metrics.singleMetric();
      single.addDimension('source', response.source);
      single.addMetric('ResponsesServed', MetricUnit.Count, 1);
    }
    if (response.source === 'submissions') metrics.addMetric('PiiReads', MetricUnit.Count, 1);
    logger.info('request answered', { path: event.rawPath, status: response.statusCode, metric: response.metric, source: response.source });
    if (response.text !== undefined) return { statusCode: response.statusCode, headers: response.headers, body: response.text };
    return {
      statusCode: response.statusCode,
      headers: { ...(response.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...response.headers },
      ...(response.body !== undefined ? { body: JSON.stringify(response.body) } : {}),
    };
  })
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .use(
      httpCors({
        origins: deps.corsOrigins,
        headers: 'Authorization, Content-Type',
        methods: 'GET, OPTIONS',
        maxAge: CORS_MAX_AGE_SECONDS,
      }),
    )
    .use(httpErrorMapper({ logger, metrics }));
}
