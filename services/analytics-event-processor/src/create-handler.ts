import middy from '@middy/core';
import sqsPartialBatchFailure from '@middy/sqs-partial-batch-failure';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { SQSEvent } from 'aws-lambda';
import { EventBatchProcessor, type BatchProcessorPorts, type BatchReport } from './process-batch';

export interface HandlerDependencies extends BatchProcessorPorts {
  logger: Logger;
  metrics: Metrics;
}

function publish(metrics: Metrics, report: BatchReport): void {
  metrics.addMetric('EventsWritten', MetricUnit.Count, report.written);
  metrics.addMetric('DuplicateEventsDropped', MetricUnit.Count, report.duplicates);
  metrics.addMetric('RecordsFailed', MetricUnit.Count, report.failed);
  metrics.addMetric('LakeObjectsWritten', MetricUnit.Count, report.objectsWritten);
  metrics.addMetric('LakeBytesWritten', MetricUnit.Bytes, report.bytesWritten);
  metrics.addMetric('PiiRedactions', MetricUnit.Count, report.redactions);
  const quarantined = Object.values(report.quarantined).reduce((a, b) => a + b, 0);
  metrics.addMetric('EventsQuarantined', MetricUnit.Count, quarantined);
  for (const [reason, n] of Object.entries(report.quarantined)) {
    const single = metrics.singleMetric();
    single.addDimension('reason', reason);
    single.addMetric('EventsQuarantined', MetricUnit.Count, n);
  }
}

/**
 * The SQS handler: Middy wiring around `EventBatchProcessor`. Failed records are returned as
 * rejected promises; `@middy/sqs-partial-batch-failure` turns them into `batchItemFailures`
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html).
 */
export function createHandler(deps: HandlerDependencies) {
  const processor = new EventBatchProcessor(deps);
  const { logger, metrics } = deps;
  return middy(async (event: SQSEvent) => {
    const report = await processor.processBatch(
      event.Records.map((r) => ({
        messageId: r.messageId,
        body: r.body,
        receiveCount: Number(r.attributes?.ApproximateReceiveCount ?? 1),
      })),
    );
    publish(metrics, report);
    report.outcomes.forEach((o, i) => {
      if (o.status === 'failed') logger.warn('record will be retried', { messageId: event.Records[i]!.messageId, error: o.error.message });
      if (o.status === 'quarantined') logger.warn('record quarantined', { messageId: event.Records[i]!.messageId, reason: o.reason });
    });
    logger.info('batch processed', {
      records: event.Records.length,
      written: report.written,
      duplicates: report.duplicates,
      quarantined: report.quarantined,
      failed: report.failed,
      objects: report.objectsWritten,
    });
    return Promise.allSettled(
      report.outcomes.map((o) => (o.status === 'failed' ? Promise.reject(o.error) : Promise.resolve(o.status))),
    );
  })
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .use(sqsPartialBatchFailure({ logger: (reason: unknown) => logger.debug('batch item failure', { reason: String(reason) }) }));
}
