import { CreateBucketCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ProvisionedEnvironment } from '@picasso/local-stack';
import type { BenchFigure } from './report';

/** What every benchmark gets: a provisioned environment on a private local stack, with clients. */
export interface BenchContext {
  environment: ProvisionedEnvironment;
  s3: S3Client;
  sqs: SQSClient;
  dynamoDb: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  /** Where the local stack keeps S3 objects as files (DuckDB reads the lake from here). */
  s3StorageDir: string;
  /** `--quick`: fewer runs and events, for a smoke check of the bench itself. */
  quick: boolean;
  /** Creates an extra bucket on the local stack (e.g. for a baseline's own lake). */
  createBucket(name: string): Promise<void>;
  /** Progress for humans, on stderr (stdout carries only JSON lines). */
  log(message: string): void;
}

/** One benchmark module: a name and a function that measures and returns its figures. */
export interface Benchmark {
  name: string;
  description: string;
  run(context: BenchContext): Promise<BenchFigure[]>;
}

/** Objects and bytes under a prefix of a bucket (ListObjectsV2, every page). */
export async function countObjects(s3: S3Client, bucket: string, prefix: string): Promise<{ objects: number; bytes: number }> {
  let objects = 0;
  let bytes = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) {
      objects += 1;
      bytes += o.Size ?? 0;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return { objects, bytes };
}

export async function ensureBucket(s3: S3Client, name: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: name }));
  } catch (error) {
    const n = (error as { name?: string }).name;
    if (n !== 'BucketAlreadyOwnedByYou' && n !== 'BucketAlreadyExists') throw error;
  }
}
