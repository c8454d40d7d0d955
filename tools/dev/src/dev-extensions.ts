import { LocalSchedule, type ScheduledHandler } from '@picasso/local-stack';
import { startAthenaEmulator } from '@picasso/shared/duckdb';
import { localAggregatorEnvironment } from '../../../services/analytics-aggregator/src/local-dev';
import type { SystemPart } from './system';

/**
 * The aggregator's Lambda bundle on an emulated EventBridge schedule, querying the lake through
 * the local Athena emulator (DuckDB behind the Athena API), so the bundle's production wiring runs
 * unchanged. The emulator's endpoint stays in the process environment for later bundles (the
 * dashboard API's cold path).
 */
const aggregatorPart: SystemPart = async (ctx) => {
  const athena = await startAthenaEmulator({ s3StorageDir: ctx.stack.s3StorageDir, lakeBucket: ctx.names.lakeBucket });
  const handler = await ctx.loadBundle<ScheduledHandler>('analytics-aggregator', localAggregatorEnvironment(ctx.names, athena.url));
  const intervalMs = ctx.options.aggregatorIntervalMs ?? 60_000;
  let lastError = '';
  const schedule = new LocalSchedule({
    handler,
    ruleName: ctx.names.aggregatorScheduleRule,
    functionName: ctx.names.functions['analytics-aggregator'],
    intervalMs,
    runImmediately: true,
    onRun: ({ ok, durationMs, error }) => {
      if (!ok && error?.message !== lastError) ctx.options.log?.(`aggregator: run failed after ${durationMs} ms: ${error?.message}`);
      lastError = ok ? '' : (error?.message ?? '');
    },
  });
  schedule.start();
  return {
    banner: [`  aggregator           every ${intervalMs / 1000} s on an emulated schedule (Athena API emulator ${athena.url})`],
    aggregateNow: () => schedule.fire(),
    stop: async () => {
      await schedule.stop();
      await athena.stop();
    },
  };
};

/** Parts of the system beyond the processor, started in this order. */
export const devParts: SystemPart[] = [aggregatorPart];
