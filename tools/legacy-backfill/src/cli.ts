import { join, resolve } from 'node:path';
import { AthenaQueryEngine, createAthenaClient, createDocumentClient, createS3Client, resourceNames, S3TenantDirectory, type QueryEngine } from '@picasso/shared';
import { DynamoDbS3DailyAggregates } from '@picasso/shared/legacy';
import { parseBackfillArgs, USAGE, UsageError } from './args';
import { runBackfill } from './backfill';

/** `make backfill-legacy ARGS="…"`: wiring only (names → clients → engine → runBackfill). */
async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseBackfillArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const names = resourceNames(args.env);
  const s3 = createS3Client();
  const tenant = await new S3TenantDirectory(s3, args.configBucket ?? names.configBucket).findConfig(args.tenantId);
  if (!tenant) {
    process.stderr.write(`tenant ${args.tenantId} has no configuration in the config bucket: its time zone is unknown\n`);
    return 1;
  }
  let engine: QueryEngine & { close?: () => void };
  if (args.local) {
    // The DuckDB engine is a native module: loaded only for the local stack.
    const { DuckDbQueryEngine } = await import('@picasso/shared/duckdb');
    const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
    engine = await DuckDbQueryEngine.open({ s3StorageDir: join(repoRoot, '.local', 's3'), lakeBucket: args.lakeBucket ?? names.lakeBucket });
  } else {
    engine = new AthenaQueryEngine(createAthenaClient(), { workgroup: names.athenaWorkgroup, database: names.glueDatabase, timeoutMs: 600_000 });
  }
  try {
    await runBackfill(
      { tenant, from: args.from, to: args.to, dryRun: args.dryRun, now: new Date() },
      { engine, writer: new DynamoDbS3DailyAggregates(createDocumentClient(), names.dailyAggregatesTable, s3, args.archiveBucket ?? names.archiveBucket) },
      { progress: (line) => process.stderr.write(`${line}\n`), out: (line) => process.stdout.write(`${line}\n`) },
    );
    return 0;
  } finally {
    engine.close?.();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`backfill failed: ${(error as Error).name}: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
