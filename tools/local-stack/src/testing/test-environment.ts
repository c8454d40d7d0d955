import { randomBytes } from 'node:crypto';
import {
  createDocumentClient,
  createDynamoDbClient,
  createS3Client,
  createSqsClient,
  resourceNames,
} from '@picasso/shared';
import { seedTenants } from '../demo-tenants';
import { provisionEnvironment, type ProvisionedEnvironment, type QueueSettings } from '../provision';

/** Clients and resources of one test's private environment on the shared local stack. */
export interface TestEnvironment extends ProvisionedEnvironment {
  s3: ReturnType<typeof createS3Client>;
  sqs: ReturnType<typeof createSqsClient>;
  dynamoDb: ReturnType<typeof createDynamoDbClient>;
  doc: ReturnType<typeof createDocumentClient>;
  /** Where fauxqs stores this stack's S3 objects as files. */
  s3StorageDir: string;
}

/**
 * Provisions a fresh, uniquely named environment (queues, buckets, tables, demo tenants) on the
 * test run's local stack. Environments never share resources, so test files run in parallel.
 */
export async function createTestEnvironment(
  prefix = 't',
  settings: QueueSettings = { visibilityTimeoutSeconds: 30, maxReceiveCount: 5 },
): Promise<TestEnvironment> {
  if (!process.env.AWS_ENDPOINT_URL_SQS) throw new Error('the local stack is not running: run the tests through `make test`');
  const names = resourceNames(`${prefix}${randomBytes(4).toString('hex')}`);
  const s3 = createS3Client();
  const sqs = createSqsClient();
  const dynamoDb = createDynamoDbClient();
  const provisioned = await provisionEnvironment(names, { s3, sqs, dynamoDb }, settings);
  await seedTenants(s3, names.configBucket);
  return { ...provisioned, s3, sqs, dynamoDb, doc: createDocumentClient(), s3StorageDir: process.env.PICASSO_TEST_S3_DIR! };
}
