/**
 * `make dev`: the whole system on one machine, no AWS account, no Docker (DESIGN §4).
 *
 * Starts fauxqs (SQS + S3, :4566) and dynalite (DynamoDB, :8000) with state under `.local/`,
 * creates every resource of environment `local`, seeds the demo tenants, runs the processor's
 * Lambda bundle behind an emulated SQS event source mapping, fills the demo tenants with
 * generated traffic on first start, and prints where to look. Ctrl-C stops everything.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createDynamoDbClient, createS3Client, createSqsClient, resourceNames } from '@picasso/shared';
import { DEMO_TENANTS, provisionEnvironment, seedTenants, SqsEventSourcePoller, startLocalStack, type SqsHandler } from '@picasso/local-stack';
import { runGenerator } from '@picasso/traffic-generator';

const root = resolve(import.meta.dirname, '..', '..', '..');
const stateDir = join(root, '.local');
const env = process.env.PICASSO_ENV ?? 'local';
const names = resourceNames(env);
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

async function loadBundle(service: string, vars: Record<string, string>): Promise<SqsHandler> {
  const bundle = join(root, 'dist', service, 'index.mjs');
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run make build-${service}`);
  // The bundle reads its configuration at import, exactly as on a Lambda cold start.
  Object.assign(process.env, vars);
  const mod = (await import(pathToFileURL(bundle).href)) as { handler: SqsHandler };
  return mod.handler;
}

async function main(): Promise<void> {
  const stack = await startLocalStack({ dir: stateDir, awsPort: num('LOCAL_AWS_PORT', 4566), dynamoPort: num('LOCAL_DYNAMODB_PORT', 8000) }).catch((error: Error) => {
    throw new Error(`could not start the local stack (${error.message}); is another make dev running?`);
  });
  Object.assign(process.env, stack.env, {
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
  });
  const s3 = createS3Client();
  const sqs = createSqsClient();
  const provisioned = await provisionEnvironment(names, { s3, sqs, dynamoDb: createDynamoDbClient() }, { visibilityTimeoutSeconds: 60, maxReceiveCount: 5 });
  await seedTenants(s3, names.configBucket);

  const stats = { records: 0, failed: 0, invocations: 0 };
  const processor = await loadBundle('analytics-event-processor', {
    LAKE_BUCKET: names.lakeBucket,
    CONFIG_BUCKET: names.configBucket,
    DIRTY_PARTITIONS_TABLE: names.dirtyPartitionsTable,
    POWERTOOLS_SERVICE_NAME: 'analytics-event-processor',
  });
  const poller = new SqsEventSourcePoller({
    sqs,
    queueUrl: provisioned.queueUrl,
    queueArn: provisioned.queueArn,
    handler: processor,
    functionName: names.functions['analytics-event-processor'],
    batchSize: num('PROCESSOR_BATCH_SIZE', 1000),
    maxBatchingWindowMs: num('PROCESSOR_BATCHING_WINDOW_MS', 1000),
    concurrency: num('PROCESSOR_CONCURRENCY', 2),
    onInvoke: (s) => {
      stats.invocations += 1;
      stats.records += s.records;
      stats.failed += s.failed;
    },
  });
  poller.start();

  const stops: (() => Promise<void>)[] = [() => poller.stop()];
  const banner: string[] = [];
  for (const extension of await loadExtensions()) {
    const started = await extension({ names, stack, root, provisioned });
    if (started) {
      stops.push(started.stop);
      banner.push(...started.banner);
    }
  }

  console.log(
    [
      '',
      'Picasso Analytics is running on the local stack (environment "' + env + '")',
      `  SQS + S3 (fauxqs)    ${stack.awsEndpoint}   e.g. aws --endpoint-url ${stack.awsEndpoint} sqs list-queues`,
      `  DynamoDB (dynalite)  ${stack.dynamoEndpoint}   e.g. aws --endpoint-url ${stack.dynamoEndpoint} dynamodb list-tables`,
      `  events queue         ${provisioned.queueUrl}`,
      `  dead-letter queue    ${provisioned.deadLetterQueueUrl}`,
      `  lake files           ${join(stack.s3StorageDir, 'buckets', names.lakeBucket, 'objects', 'analytics')}`,
      `  quarantine           s3://${names.lakeBucket}/quarantine/`,
      `  demo tenants         ${DEMO_TENANTS.map((t) => `${t.tenant_hash} (${t.name})`).join(', ')}`,
      ...banner,
      '  state is kept in .local/ (make clean removes it); Ctrl-C stops',
      '',
    ].join('\n'),
  );

  const hasData = ((await s3.send(new ListObjectsV2Command({ Bucket: names.lakeBucket, Prefix: 'analytics/', MaxKeys: 1 }))).KeyCount ?? 0) > 0;
  if (!hasData || process.env.GENERATE === '1') {
    await generateDemoTraffic();
  } else {
    console.log('lake already has data: skipping the traffic generator (GENERATE=1 make dev to add more)');
  }

  const ticker = setInterval(() => {
    if (stats.invocations) console.log(`processor: ${stats.invocations} invocations, ${stats.records} records, ${stats.failed} retried`);
    stats.invocations = stats.records = stats.failed = 0;
  }, 10_000);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(ticker);
    console.log('stopping…');
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

/** Fills the demo tenants with generated traffic (the generator's own progress goes to stderr). */
async function generateDemoTraffic(): Promise<void> {
  const summary = await runGenerator({
    env,
    tenants: DEMO_TENANTS.length,
    days: num('GENERATOR_DAYS', 30),
    sessionsPerDay: num('GENERATOR_SESSIONS_PER_DAY', 40),
    seed: num('GENERATOR_SEED', 42),
    onProgress: ({ sent, total }) => {
      // One updating line on a terminal, a line per 2,000 events in a log.
      if (process.stderr.isTTY) process.stderr.write(`\rgenerator: ${sent}/${total} events sent`);
      else if (sent % 2000 === 0 || sent === total) process.stderr.write(`generator: ${sent}/${total} events sent\n`);
    },
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  console.log(`generator: ${summary.events} events in ${summary.sessions} sessions for ${summary.tenants.join(', ')}; the processor is writing them to the lake`);
}

export interface DevContext {
  names: ReturnType<typeof resourceNames>;
  stack: Awaited<ReturnType<typeof startLocalStack>>;
  root: string;
  provisioned: Awaited<ReturnType<typeof provisionEnvironment>>;
}
export type DevExtension = (ctx: DevContext) => Promise<{ stop: () => Promise<void>; banner: string[] } | undefined>;

/** Further parts of the system (aggregator schedule, dashboard API, dashboard) register here. */
async function loadExtensions(): Promise<DevExtension[]> {
  const { devExtensions } = (await import('./dev-extensions')) as { devExtensions: DevExtension[] };
  return devExtensions;
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
