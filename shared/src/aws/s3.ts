import { S3Client } from '@aws-sdk/client-s3';
import { baseClientConfig, perColdStart, type Env } from './client-config';

/** An S3 client for `env` (path-style when `AWS_S3_FORCE_PATH_STYLE=true`). */
export function createS3Client(env: Env = process.env): S3Client {
  // Emulators serve path-style only; AWS_S3_FORCE_PATH_STYLE is the CLI's name for the same switch.
  return new S3Client({ ...baseClientConfig('S3', env), forcePathStyle: env.AWS_S3_FORCE_PATH_STYLE === 'true' });
}

/** The handler's S3 client, one per cold start. */
export const s3Client = perColdStart(() => createS3Client());
