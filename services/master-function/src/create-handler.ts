import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { handleMasterRequest } from './master-api';
import type { MasterPorts, MasterSettings } from './ports';

export interface HandlerDependencies {
  ports: MasterPorts;
  settings: MasterSettings;
  logger: Logger;
  metrics: Metrics;
}

/**
 * The Function URL handler (payload format 2.0:
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads). CORS is the
 * domain's (it depends on the tenant's allowed origins), so there is no CORS middleware here.
 * An unexpected error is a 500 that names the request id and nothing else.
 */
export function createHandler(deps: HandlerDependencies) {
  const { logger, metrics } = deps;
  return middy(async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    const requestId = event.requestContext.requestId ?? context.awsRequestId;
    const path = event.rawPath;
    try {
      const body = event.body === undefined ? undefined : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
      const response = await handleMasterRequest(
        { method: event.requestContext.http.method.toUpperCase(), path, query: event.queryStringParameters ?? {}, headers: event.headers ?? {}, body, requestId },
        deps.ports,
        deps.settings,
      );
      if (response.refusal) {
        metrics.addMetric('ClientErrors', MetricUnit.Count, 1);
        logger.warn('request refused', { path, status: response.statusCode, reason: response.refusal, requestId });
      } else logger.info('request answered', { path, status: response.statusCode, requestId });
      return { statusCode: response.statusCode, headers: response.headers, ...(response.body !== undefined ? { body: JSON.stringify(response.body) } : {}) };
    } catch (error) {
      metrics.addMetric('ServerErrors', MetricUnit.Count, 1);
      logger.error('request failed', { path, requestId, error: error as Error });
      return { statusCode: 500, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ error: 'internal_error', message: 'the request could not be answered; quote the request id when reporting it', request_id: requestId }) };
    }
  })
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}
