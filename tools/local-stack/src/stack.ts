import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { startFauxqs, type FauxqsServer } from 'fauxqs';

const require = createRequire(import.meta.url);
// dynalite is CommonJS without types.
const dynalite = require('dynalite') as (opts: { path?: string; createTableMs?: number; deleteTableMs?: number; updateTableMs?: number }) => Server;

export interface LocalStackOptions {
  /** Where state lives (fauxqs SQLite, S3 files, dynalite LevelDB). Omit for in-memory SQS/DynamoDB. */
  dir?: string;
  /** 0 picks a free port (tests); `make dev` uses 4566 / 8000. */
  awsPort?: number;
  dynamoPort?: number;
  host?: string;
}

export interface LocalStack {
  /** `http://127.0.0.1:<port>` for SQS and S3 (fauxqs). */
  awsEndpoint: string;
  /** `http://127.0.0.1:<port>` for DynamoDB (dynalite). */
  dynamoEndpoint: string;
  /** Where fauxqs keeps S3 objects as files: DuckDB reads the lake from here. */
  s3StorageDir: string;
  /** The SDK environment that points any AWS client at this stack. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** The environment variables that point the AWS SDK (and the AWS CLI) at a local stack. */
export function localAwsEnv(awsEndpoint: string, dynamoEndpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_SQS: awsEndpoint,
    AWS_ENDPOINT_URL_S3: awsEndpoint,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_S3_FORCE_PATH_STYLE: 'true',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  };
}

/**
 * Starts fauxqs (SQS + S3, S3 objects as plain files) and dynalite (DynamoDB). With `dir`, state
 * persists across restarts: fauxqs SQLite in `<dir>/fauxqs`, objects in `<dir>/s3`, LevelDB in
 * `<dir>/dynamodb`.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const host = options.host ?? '127.0.0.1';
  const dir = options.dir;
  const s3StorageDir = join(dir ?? join(process.cwd(), '.local', `mem-${process.pid}`), 's3');
  mkdirSync(s3StorageDir, { recursive: true });
  if (dir) {
    mkdirSync(join(dir, 'fauxqs'), { recursive: true });
    mkdirSync(join(dir, 'dynamodb'), { recursive: true });
  }

  const fauxqs: FauxqsServer = await startFauxqs({
    port: options.awsPort ?? 0,
    logger: false,
    s3StorageDir,
    ...(dir ? { dataDir: join(dir, 'fauxqs') } : {}),
  });

  const ddb = dynalite({ ...(dir ? { path: join(dir, 'dynamodb') } : {}), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    ddb.once('error', reject);
    ddb.listen(options.dynamoPort ?? 0, host, () => resolve());
  });
  const dynamoPort = (ddb.address() as { port: number }).port;

  const awsEndpoint = `http://${host}:${fauxqs.port}`;
  const dynamoEndpoint = `http://${host}:${dynamoPort}`;
  return {
    awsEndpoint,
    dynamoEndpoint,
    s3StorageDir,
    env: localAwsEnv(awsEndpoint, dynamoEndpoint),
    async stop() {
      await fauxqs.stop();
      await new Promise<void>((resolve) => ddb.close(() => resolve()));
    },
  };
}

/** Path of an object's body in fauxqs's file store. */
export function localObjectPath(s3StorageDir: string, bucket: string, key: string): string {
  return join(s3StorageDir, 'buckets', bucket, 'objects', `${key}.data`);
}
