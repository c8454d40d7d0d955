import { S3TenantDirectory, TenantResolver } from '@picasso/shared';
import type { Benchmark } from '../bench-context';
import { createProcessorHandler, invokeProcessor, toSqsEvent } from '../processor-under-test';
import { absoluteTarget } from '../report';
import { seedWriteBatch } from '../seed-writer';
import { median } from '../statistics';
import { benchEvents } from './bench-traffic';

const BATCH_SIZE = 1000;

/**
 * Events per second through the real processor handler into the local S3, one batch of 1,000
 * SQS records per invocation, median of several runs after a warm-up (cold start excluded).
 * Baseline: the seed's writer on the same 1,000 events, as the 100 ten-record batches its
 * event source mapping would hand one function instance in turn.
 */
export const processorThroughput: Benchmark = {
  name: 'processor_throughput',
  description: 'events/s through the event processor handler, batches of 1,000',
  async run(ctx) {
    const runs = ctx.quick ? 3 : 7;
    const { names, queueArn } = ctx.environment;
    const events = benchEvents((runs + 1) * BATCH_SIZE);
    const handler = createProcessorHandler({ s3: ctx.s3, doc: ctx.doc, lakeBucket: names.lakeBucket, configBucket: names.configBucket, dirtyTable: names.dirtyPartitionsTable });
    const seedBucket = `${names.lakeBucket}-seed-tput`;
    await ctx.createBucket(seedBucket);
    const seedTenants = new TenantResolver(new S3TenantDirectory(ctx.s3, names.configBucket));

    const ours: number[] = [];
    const seed: number[] = [];
    for (let run = 0; run <= runs; run += 1) {
      const slice = events.slice(run * BATCH_SIZE, (run + 1) * BATCH_SIZE);
      const batch = toSqsEvent(slice, queueArn, run * BATCH_SIZE);

      let t = process.hrtime.bigint();
      await invokeProcessor(handler, batch);
      const oursSeconds = Number(process.hrtime.bigint() - t) / 1e9;

      t = process.hrtime.bigint();
      for (let i = 0; i < slice.length; i += 10) await seedWriteBatch(ctx.s3, seedBucket, seedTenants, toSqsEvent(slice.slice(i, i + 10), queueArn, i));
      const seedSeconds = Number(process.hrtime.bigint() - t) / 1e9;

      if (run === 0) continue; // warm-up: cold caches, first connections
      ours.push(slice.length / oursSeconds);
      seed.push(slice.length / seedSeconds);
      ctx.log(`processor_throughput run ${run}/${runs}: ${Math.round(ours.at(-1)!)} events/s (seed writer ${Math.round(seed.at(-1)!)})`);
    }

    const target = absoluteTarget('>=', 50_000);
    const value = median(ours);
    return [
      {
        bench: 'processor_throughput',
        unit: 'events/s',
        value,
        baseline: median(seed),
        target: target.target,
        pass: target.check(value),
        statistic: 'median',
        batch_size: BATCH_SIZE,
        runs: ours.map(Math.round),
        baseline_runs: seed.map(Math.round),
        baseline_batch_size: 10,
        note: 'one function instance; baseline = seed writer over the same events as 100 sequential 10-record batches',
      },
    ];
  },
};
