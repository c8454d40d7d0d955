import { performance } from 'node:perf_hooks';
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { runChatTurn } from './chat-turn';
import type { AwsLambdaStreaming, ResponseStream } from './lambda-streaming';
import type { ChatTurnPorts, SseSink, TurnSettings } from './ports';
import { admitTurn, type AdmissionPorts } from './stream-request';

export interface StreamingHandlerDependencies {
  admission: AdmissionPorts;
  turn: Omit<ChatTurnPorts, 'monotonicNow'>;
  turnSettings: TurnSettings;
  limits: { maxBodyBytes: number; maxQuestionChars: number };
  logger: Logger;
  metrics: Metrics;
  streaming: Pick<AwsLambdaStreaming, 'HttpResponseStream'>;
}

const SSE_HEADERS = { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' };

/** An SSE sink over the response stream: it notices when the client goes away before the end. */
function sinkOver(stream: ResponseStream): SseSink & { finish(): void } {
  let closed = false;
  let ended = false;
  const listeners: (() => void)[] = [];
  const gone = () => {
    if (closed || ended) return;
    closed = true;
    listeners.forEach((l) => l());
  };
  stream.on('close', gone);
  stream.on('error', gone);
  return {
    get closed() {
      return closed;
    },
    write: (frame) => {
      if (!closed) stream.write(frame);
    },
    onClose: (l) => listeners.push(l),
    finish: () => {
      ended = true;
      if (!closed) stream.end();
    },
  };
}

/**
 * The streaming Function URL handler, `(event, responseStream, context)` for
 * `awslambda.streamifyResponse`. Not Middy: Middy's streaming mode pipes a returned body and ends
 * the invocation as soon as that pipe fails, which a client disconnect does, before the turn has
 * been recorded; this handler awaits the whole turn itself, then publishes its metrics.
 */
export function createStreamingHandler(deps: StreamingHandlerDependencies) {
  const { logger, metrics } = deps;
  const turnPorts: ChatTurnPorts = { ...deps.turn, monotonicNow: () => performance.now() };
  return async (event: APIGatewayProxyEventV2, responseStream: ResponseStream, context: Context): Promise<void> => {
    logger.addContext(context);
    const requestId = event.requestContext?.requestId ?? context.awsRequestId;
    let started = false;
    try {
      const body = event.body === undefined ? undefined : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
      const admission = await admitTurn({ method: event.requestContext.http.method.toUpperCase(), headers: event.headers ?? {}, body }, deps.admission, deps.limits);
      if (!admission.ok) {
        metrics.addMetric('ClientErrors', MetricUnit.Count, 1);
        logger.warn('request refused', { requestId, status: admission.statusCode, reason: admission.reason });
        const out = deps.streaming.HttpResponseStream.from(responseStream, { statusCode: admission.statusCode, headers: { 'Content-Type': 'application/json', ...admission.headers } });
        out.end(JSON.stringify({ error: admission.reason, message: admission.message, request_id: requestId }));
        return;
      }
      started = true;
      const sink = sinkOver(deps.streaming.HttpResponseStream.from(responseStream, { statusCode: 200, headers: SSE_HEADERS }));
      const result = await runChatTurn(admission.turn, sink, turnPorts, deps.turnSettings);
      sink.finish();
      metrics.addMetric('ChatTurns', MetricUnit.Count, 1);
      if (result.outcome === 'interrupted') metrics.addMetric('TurnsInterrupted', MetricUnit.Count, 1);
    } catch (error) {
      metrics.addMetric('ServerErrors', MetricUnit.Count, 1);
      logger.error('turn failed', { requestId, error: error as Error });
      if (!started) {
        const out = deps.streaming.HttpResponseStream.from(responseStream, { statusCode: 500, headers: { 'Content-Type': 'application/json' } });
        out.end(JSON.stringify({ error: 'internal_error', message: 'the request could not be answered; quote the request id when reporting it', request_id: requestId }));
      } else if (!responseStream.writableEnded) responseStream.end();
    } finally {
      metrics.publishStoredMetrics();
    }
  };
}
