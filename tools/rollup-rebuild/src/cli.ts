import { join, resolve } from 'node:path';
import {
  AthenaQueryEngine,
  createAthenaClient,
  createDocumentClient,
  createS3Client,
  DynamoDbMetricCache,
  DynamoDbRollupStore,
  resourceNames,
  S3TenantDirectory,
  UnknownTenantError,
  type QueryEngine,
} from '@picasso/shared';
import { DynamoDbDirtyMarker, DynamoDbDirtyMarkStore } from '@picasso/shared/dynamodb';
import { S3LakeInventory } from './adapters/s3-lake-inventory';
import { reportAthenaProgress } from './adapters/athena-progress';
import { parseRebuildArgs, USAGE, UsageError, type RebuildArgs } from './args';
import { RangeRefusedError } from './plan';
import { rebuildRollups } from './rebuild';

const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
const progress = (line: string) => process.stderr.write(`${line}\n`);

/** Bucket names: explicit flags, else the naming rule (AWS environments: with the account and region suffix). */
function bucketNames(args: RebuildArgs): { lake: string; config: string } {
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  const aws = args.env === 'staging' || args.env === 'production';
  if (aws && !args.accountId && !(args.lakeBucket && args.configBucket)) {
    throw new UsageError(`--env ${args.env} needs --account-id (ACCOUNT_ID=) and AWS_REGION, or both --lake-bucket and --config-bucket (terraform output lake_bucket_name / config_bucket_name)`);
  }
  if (args.accountId && !region) throw new UsageError('--account-id needs the region in AWS_REGION');
  const names = resourceNames(args.env, args.accountId ? { accountId: args.accountId, region: region! } : undefined);
  return { lake: args.lakeBucket ?? names.lakeBucket, config: args.configBucket ?? names.configBucket };
}

/**
 * The query engine: Athena in the environment's workgroup, or for `--local` the Athena emulator
 * over `make dev`'s lake files, reached through the same SDK client and engine. Either way the
 * client reports the query's states on stderr. A dry run gets none: it queries nothing.
 */
async function openEngine(args: RebuildArgs, lakeBucket: string): Promise<{ engine: QueryEngine; close: () => Promise<void> }> {
  const names = resourceNames(args.env);
  const options = { workgroup: names.athenaWorkgroup, database: names.glueDatabase, timeoutMs: 600_000 };
  if (!args.local) return { engine: new AthenaQueryEngine(reportAthenaProgress(createAthenaClient(), progress), options), close: async () => undefined };
  // DuckDB is a native module: loaded only for the local stack.
  const { startAthenaEmulator } = await import('@picasso/shared/duckdb');
  const emulator = await startAthenaEmulator({ s3StorageDir: join(resolve(import.meta.dirname, '..', '..', '..'), '.local', 's3'), lakeBucket });
  const client = reportAthenaProgress(createAthenaClient({ ...process.env, AWS_ENDPOINT_URL_ATHENA: emulator.url }), progress);
  return { engine: new AthenaQueryEngine(client, { ...options, initialPollMs: 50 }), close: () => emulator.stop() };
}

const noQueries: QueryEngine = {
  query: () => Promise.reject(new Error('a dry run runs no query')),
};

/** `make rebuild-rollups …`: wiring only (arguments → names → clients → adapters → rebuildRollups). */
async function main(argv: string[]): Promise<number> {
  let args;
  let buckets;
  try {
    args = parseRebuildArgs(argv);
    if (args === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    buckets = bucketNames(args);
  } catch (error) {
    const e = error as Error;
    if (e instanceof UsageError || e.name === 'InvalidEnvironmentNameError') {
      process.stderr.write(`${e.message}\n\n${USAGE}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  const names = resourceNames(args.env);
  const s3 = createS3Client();
  const doc = createDocumentClient();
  const { engine, close } = args.dryRun ? { engine: noQueries, close: async () => undefined } : await openEngine(args, buckets.lake);
  const markStore = new DynamoDbDirtyMarkStore(doc, names.dirtyPartitionsTable);
  const marker = new DynamoDbDirtyMarker(doc, names.dirtyPartitionsTable);
  try {
    const summary = await rebuildRollups(
      { tenantId: args.tenantId, from: args.from, to: args.to, dryRun: args.dryRun, now: new Date() },
      {
        tenants: new S3TenantDirectory(s3, buckets.config),
        lake: new S3LakeInventory(s3, buckets.lake),
        engine,
        rollups: new DynamoDbRollupStore(doc, names.rollupsTable),
        cache: new DynamoDbMetricCache(doc, names.dashboardCacheTable),
        marks: { listMarks: () => markStore.listMarks(), markDirty: (partition, at) => marker.markDirty(partition, at) },
      },
      { progress },
    );
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof RangeRefusedError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof UnknownTenantError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT.failed;
    }
    throw error;
  } finally {
    await close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`rollup rebuild failed: ${(error as Error).name}: ${(error as Error).message}\n`);
    process.exitCode = EXIT.failed;
  },
);
