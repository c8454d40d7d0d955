/**
 * `make bench`: starts a private local stack, provisions an environment, runs every registered
 * benchmark and prints one JSON line per figure on stdout (progress on stderr).
 *   tsx tools/bench/src/run.ts [--only <name>[,<name>]] [--quick]
 * Exit code 1 if a benchmark failed to run; a missed target is reported (`"pass":false`), not fatal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

// Before any logger or metrics object exists: stdout is for JSON lines only.
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const { values } = parseArgs({ options: { only: { type: 'string' }, quick: { type: 'boolean', default: false } } });

const { createDocumentClient, createDynamoDbClient, createS3Client, createSqsClient, resourceNames } = await import('@picasso/shared');
const { provisionEnvironment, seedTenants, startLocalStack } = await import('@picasso/local-stack');
const { BENCHMARKS } = await import('./benchmarks/index');
const { ensureBucket } = await import('./bench-context');
const { formatBenchLine } = await import('./report');

const only = values.only?.split(',').map((s) => s.trim());
const unknown = only?.filter((n) => !BENCHMARKS.some((b) => b.name === n)) ?? [];
if (unknown.length) {
  console.error(`unknown benchmark(s) ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'picasso-bench-'));
const stack = await startLocalStack({ dir, awsPort: 0, dynamoPort: 0 });
Object.assign(process.env, stack.env);
let failed = false;
try {
  const s3 = createS3Client();
  const sqs = createSqsClient();
  const dynamoDb = createDynamoDbClient();
  const environment = await provisionEnvironment(resourceNames('bench'), { s3, sqs, dynamoDb });
  await seedTenants(s3, environment.names.configBucket);
  const context = {
    environment,
    s3,
    sqs,
    dynamoDb,
    doc: createDocumentClient(),
    s3StorageDir: stack.s3StorageDir,
    quick: Boolean(values.quick),
    createBucket: (name: string) => ensureBucket(s3, name),
    log: (message: string) => console.error(message),
  };
  for (const bench of BENCHMARKS.filter((b) => !only || only.includes(b.name))) {
    console.error(`${bench.name}: ${bench.description}`);
    try {
      for (const figure of await bench.run(context)) console.log(formatBenchLine(figure));
    } catch (error) {
      failed = true;
      console.error(`${bench.name} failed: ${(error as Error).stack ?? String(error)}`);
      console.log(JSON.stringify({ bench: bench.name, error: (error as Error).message, pass: false }));
    }
  }
} finally {
  await stack.stop();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
