/**
 * `make dev`: the whole system on one machine, no AWS account, no Docker (docs/architecture.md, "Local stack").
 *
 * State under `.local/`; fauxqs (SQS + S3) on :4566, dynalite on :8000; every resource of
 * environment `local`; demo tenants; the services' Lambda bundles behind emulated triggers;
 * generated traffic on first start; a banner saying where to look. Ctrl-C stops everything.
 */
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createS3Client } from '@picasso/shared';
import { DEMO_TENANTS } from '@picasso/local-stack';
import { runGenerator } from '@picasso/traffic-generator';
import { devParts } from './dev-extensions';
import { repoRoot, startSystem } from './system';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

async function main(): Promise<void> {
  const system = await startSystem(
    {
      dir: join(repoRoot, '.local'),
      env: process.env.PICASSO_ENV ?? 'local',
      awsPort: num('LOCAL_AWS_PORT', 4566),
      dynamoPort: num('LOCAL_DYNAMODB_PORT', 8000),
      apiPort: num('API_PORT', 3001),
      dashboardPort: num('DASHBOARD_PORT', 3000),
      widgetDemoPort: num('WIDGET_DEMO_PORT', 3004),
      aggregatorIntervalMs: num('AGGREGATOR_INTERVAL_MS', 60_000),
      log: (line) => console.log(line),
      processor: {
        batchSize: num('PROCESSOR_BATCH_SIZE', 1000),
        batchingWindowMs: num('PROCESSOR_BATCHING_WINDOW_MS', 1000),
        concurrency: num('PROCESSOR_CONCURRENCY', 2),
      },
    },
    devParts,
  ).catch((error: Error) => {
    throw new Error(`could not start the system: ${error.message} (is another make dev running?)`);
  });
  const { stack, names, provisioned } = system;

  console.log(
    [
      '',
      `Picasso Analytics is running on the local stack (environment "${names.environment}")`,
      `  SQS + S3 (fauxqs)    ${stack.awsEndpoint}   e.g. aws --endpoint-url ${stack.awsEndpoint} sqs list-queues`,
      `  DynamoDB (dynalite)  ${stack.dynamoEndpoint}   e.g. aws --endpoint-url ${stack.dynamoEndpoint} dynamodb list-tables`,
      `  events queue         ${provisioned.queueUrl}`,
      `  dead-letter queue    ${provisioned.deadLetterQueueUrl}`,
      `  lake files           ${join(stack.s3StorageDir, 'buckets', names.lakeBucket, 'objects', 'analytics')}`,
      `  quarantine           s3://${names.lakeBucket}/quarantine/`,
      `  DLQ redrive          make redrive-local ARGS="list"`,
      `  demo tenants         ${DEMO_TENANTS.map((t) => `${t.tenant_hash} (${t.name})`).join(', ')}`,
      ...system.banner,
      '  state is kept in .local/ (make clean removes it); Ctrl-C stops',
      '',
    ].join('\n'),
  );

  const s3 = createS3Client();
  const hasData = ((await s3.send(new ListObjectsV2Command({ Bucket: names.lakeBucket, Prefix: 'analytics/', MaxKeys: 1 }))).KeyCount ?? 0) > 0;
  if (!hasData || process.env.GENERATE === '1') {
    const summary = await runGenerator({
      env: names.environment,
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
    console.log(`generator: ${summary.events} events in ${summary.sessions} sessions for ${summary.tenants.join(', ')}`);
    await system.waitUntilQueueDrained();
    console.log('processor: the lake has them all');
    await system.aggregateNow();
  } else {
    console.log('lake already has data: skipping the traffic generator (GENERATE=1 make dev to add more)');
  }

  const stats = system.processorStats;
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
    await system.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
