import { forEachIndexLimited } from '@picasso/shared/concurrency';
import { S3TenantDirectory, TenantResolver, LAKE_PREFIX, QUARANTINE_PREFIX } from '@picasso/shared';
import { countObjects, type BenchContext, type Benchmark } from '../bench-context';
import { createProcessorHandler, invokeProcessor, toSqsEvent } from '../processor-under-test';
import { relativeTarget } from '../report';
import { seedWriteBatch } from '../seed-writer';
import { benchEvents } from './bench-traffic';

const EVENTS = 100_000;

async function pushOurs(ctx: BenchContext, bucket: string, events: ReturnType<typeof benchEvents>, batchSize: number) {
  const { names, queueArn } = ctx.environment;
  const handler = createProcessorHandler({ s3: ctx.s3, doc: ctx.doc, lakeBucket: bucket, configBucket: names.configBucket, dirtyTable: names.dirtyPartitionsTable });
  for (let i = 0; i < events.length; i += batchSize) await invokeProcessor(handler, toSqsEvent(events.slice(i, i + batchSize), queueArn, i));
  const lake = await countObjects(ctx.s3, bucket, LAKE_PREFIX);
  const quarantine = await countObjects(ctx.s3, bucket, QUARANTINE_PREFIX);
  if (quarantine.objects > 0) throw new Error(`${quarantine.objects} generator events were quarantined: the bench traffic must be valid`);
  return lake;
}

/**
 * Lake objects per 100,000 events and stored bytes per event: 100,000 generator events in
 * arrival order pushed through the real handler in batches of 1,000, beside the seed's writer
 * (10-record batches, uncompressed raw NDJSON) on the same events; both counted with
 * ListObjectsV2 in their own buckets. A second line shows the same at batch size 10,000, the
 * largest an SQS event source mapping with a batching window delivers.
 */
export const lakeFootprint: Benchmark = {
  name: 'lake_footprint',
  description: 'objects per 100,000 events and bytes per event, ours vs the seed writer',
  async run(ctx) {
    const count = ctx.quick ? 10_000 : EVENTS;
    const events = benchEvents(count);
    const { names, queueArn } = ctx.environment;
    const scale = EVENTS / count;

    const seedBucket = `${names.lakeBucket}-seed-fp`;
    await ctx.createBucket(seedBucket);
    const seedTenants = new TenantResolver(new S3TenantDirectory(ctx.s3, names.configBucket));
    ctx.log(`lake_footprint: seed writer, ${count} events in ${count / 10} batches of 10`);
    await forEachIndexLimited(Math.ceil(count / 10), 8, (b) => seedWriteBatch(ctx.s3, seedBucket, seedTenants, toSqsEvent(events.slice(b * 10, b * 10 + 10), queueArn, b * 10)).then(() => undefined));
    const seed = await countObjects(ctx.s3, seedBucket, LAKE_PREFIX);

    const figures = [];
    for (const batchSize of [1000, 10_000]) {
      const bucket = `${names.lakeBucket}-fp-${batchSize}`;
      await ctx.createBucket(bucket);
      ctx.log(`lake_footprint: processor, ${count} events in batches of ${batchSize}`);
      const ours = await pushOurs(ctx, bucket, events, batchSize);
      const measured = {
        events: count,
        scaled_from: count === EVENTS ? null : count,
        batch_size: batchSize,
        baseline_batch_size: 10,
        order: 'arrival (server time, 3 tenants interleaved)',
      };
      const objectsTarget = relativeTarget(0.01);
      const oursObjects = ours.objects * scale;
      const seedObjects = seed.objects * scale;
      figures.push({
        bench: 'lake_objects_per_100k_events',
        unit: 'objects',
        value: oursObjects,
        baseline: seedObjects,
        target: objectsTarget.target,
        pass: objectsTarget.check(oursObjects, seedObjects),
        ...measured,
        batches: Math.ceil(count / batchSize) * scale,
        baseline_batches: Math.ceil(count / 10) * scale,
      });
      const bytesTarget = relativeTarget(0.25);
      figures.push({
        bench: 'lake_bytes_per_event',
        unit: 'bytes/event',
        value: ours.bytes / count,
        baseline: seed.bytes / count,
        target: bytesTarget.target,
        pass: bytesTarget.check(ours.bytes / count, seed.bytes / count),
        ...measured,
        format: 'gzip NDJSON, flat rows, payload redacted',
        baseline_format: 'uncompressed NDJSON, raw events',
      });
    }
    return figures;
  },
};
