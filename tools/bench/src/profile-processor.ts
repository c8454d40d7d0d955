/**
 * A CPU-profiling driver for the event processor: the real Middy handler (`createHandler`) over
 * the bench's traffic in batches of 1,000, with in-memory lake, dirty-mark and tenant ports so the
 * profile shows the processor's own work and not the S3 emulator's. Prints events/s per batch.
 *
 *   POWERTOOLS_LOG_LEVEL=SILENT POWERTOOLS_METRICS_DISABLED=true \
 *     node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof tools/bench/src/profile-processor.ts [batches]
 *
 * Then summarise the `.cpuprofile` by self time (`tools/bench/src/cpu-profile-summary.ts`).
 */
import { createHash } from 'node:crypto';
import { createLogger, createMetrics, UnknownTenantError, type AnalyticsEvent } from '@picasso/shared';
import { lambdaContext } from '@picasso/local-stack';
import { createHandler } from 'analytics-event-processor';
import { benchEvents } from './benchmarks/bench-traffic';
import { toSqsEvent } from './processor-under-test';

const BATCH_SIZE = 1000;
const batches = Number(process.argv[2] ?? 30);
const TENANTS: Record<string, string> = { fo85e6a06dcdf4: 'FOS402334', at3c9d0e21b7a5: 'ATL120045', se7f1b2c4d9e03: 'SEA' };

let bytes = 0;
/** Each object's key and body digest: equal summaries mean byte-identical lake output (writes finish in any order). */
const written: string[] = [];
const handler = createHandler({
  logger: createLogger('analytics-event-processor'),
  metrics: createMetrics('analytics-event-processor'),
  tenants: {
    resolveTenant: async (hash) => {
      const id = TENANTS[hash];
      if (!id) throw new UnknownTenantError(`tenant_hash ${hash} has no mapping`);
      return id;
    },
  },
  lake: { putLakeObject: async (key, body) => {
      bytes += body.byteLength;
      written.push(`${key} ${createHash('sha256').update(body).digest('hex')}`);
    },
  },
  quarantine: { putQuarantined: async () => undefined },
  dirty: { markDirty: async () => undefined },
  now: () => new Date('2025-12-21T00:00:00Z'),
});

const events: AnalyticsEvent[] = benchEvents(Math.min(batches, 60) * BATCH_SIZE);
const rates: number[] = [];
for (let b = 0; b < batches; b += 1) {
  const start = (b % 60) * BATCH_SIZE;
  const sqsEvent = toSqsEvent(events.slice(start, start + BATCH_SIZE), 'arn:aws:sqs:us-east-1:000000000000:bench', start);
  const t = process.hrtime.bigint();
  const response = (await handler(sqsEvent, lambdaContext('profile-analytics-event-processor', 900_000))) as { batchItemFailures?: unknown[] };
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  if (response.batchItemFailures?.length) throw new Error(`${response.batchItemFailures.length} records failed`);
  if (b > 0) rates.push(BATCH_SIZE / seconds);
}
rates.sort((a, b) => a - b);
console.log(JSON.stringify({ batches, median_events_per_s: Math.round(rates[rates.length >> 1] ?? 0), lake_bytes: bytes, lake_sha256: createHash('sha256').update(written.sort().join('\n')).digest('hex').slice(0, 16) }));
