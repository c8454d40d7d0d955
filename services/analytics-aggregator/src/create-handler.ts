import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { ScheduledEvent } from 'aws-lambda';
import { PicassoError } from '@picasso/shared';
import { Aggregator, type AggregationOptions, type AggregationReport } from './aggregate';
import type { AggregatorPorts } from './ports';

export interface HandlerDependencies extends AggregatorPorts, Partial<AggregationOptions> {
  logger: Logger;
  metrics: Metrics;
  now?: () => Date;
}

/** Some tenants could not be aggregated; their marks are kept and the next run retries them. */
export class AggregationIncompleteError extends PicassoError {
  override name = 'AggregationIncompleteError';
}

function publish(metrics: Metrics, report: AggregationReport, durationMs: number): void {
  metrics.addMetric('QueriesRun', MetricUnit.Count, report.queriesRun);
  metrics.addMetric('BytesScanned', MetricUnit.Bytes, report.bytesScanned);
  metrics.addMetric('TenantDaysProcessed', MetricUnit.Count, report.tenantDaysProcessed);
  metrics.addMetric('TenantsRefreshed', MetricUnit.Count, report.tenantsRefreshed);
  metrics.addMetric('DailyDaysWritten', MetricUnit.Count, report.dailyDaysWritten);
  metrics.addMetric('MarksKept', MetricUnit.Count, report.marksKept);
  metrics.addMetric('TenantsFailed', MetricUnit.Count, report.failures.length);
  metrics.addMetric('DurationMs', MetricUnit.Milliseconds, durationMs);
  metrics.addMetric('CacheAgeSeconds', MetricUnit.Seconds, report.oldestCacheAgeSeconds);
}

/**
 * The EventBridge-scheduled handler: Middy wiring around one `Aggregator` run. A run with failed
 * tenants ends in an error (so the Errors alarm fires) after every other tenant was done.
 */
export function createHandler(deps: HandlerDependencies) {
  const { logger, metrics } = deps;
  const now = deps.now ?? (() => new Date());
  const aggregator = new Aggregator(deps, {
    concurrency: deps.concurrency ?? 4,
    cacheRefreshAfterMs: deps.cacheRefreshAfterMs ?? 12 * 3_600_000,
  });
  return middy(async (_event: ScheduledEvent): Promise<Omit<AggregationReport, 'failures'> & { failedTenants: string[] }> => {
    const started = Date.now();
    const report = await aggregator.run(now());
    publish(metrics, report, Date.now() - started);
    for (const f of report.failures) logger.error('tenant not aggregated; its marks are kept', { tenantId: f.tenantId, error: f.error.message, errorName: f.error.name });
    const { failures, ...figures } = report;
    logger.info('aggregation run', { ...figures, failedTenants: failures.length });
    if (failures.length) throw new AggregationIncompleteError(`${failures.length} tenant(s) failed: ${failures.map((f) => f.tenantId).join(', ')}`);
    return { ...figures, failedTenants: [] };
  })
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}
