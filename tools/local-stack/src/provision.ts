import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, SetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { tableSpecs, type ResourceNames, type TableSpec } from '@picasso/shared';

export interface QueueSettings {
  /** Seconds a received message stays invisible (Terraform: 6 × the consumer's timeout). */
  visibilityTimeoutSeconds: number;
  /** Receives before SQS moves a message to the DLQ (docs/architecture.md, "Reliability": ≥ 5). */
  maxReceiveCount: number;
}

export interface ProvisionedEnvironment {
  names: ResourceNames;
  queueUrl: string;
  queueArn: string;
  deadLetterQueueUrl: string;
  deadLetterQueueArn: string;
}

export interface ProvisionClients {
  s3: S3Client;
  sqs: SQSClient;
  dynamoDb: DynamoDBClient;
}

async function ensureQueue(sqs: SQSClient, name: string, attributes: Record<string, string>): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  // CreateQueue refuses different attributes on an existing queue; set them separately so a
  // second run (or a changed setting) is harmless.
  if (Object.keys(attributes).length) await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: attributes }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  return { url: QueueUrl!, arn: Attributes!.QueueArn! };
}

async function ensureBucket(s3: S3Client, name: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: name }));
  } catch (error) {
    const n = (error as { name?: string }).name;
    if (n !== 'BucketAlreadyOwnedByYou' && n !== 'BucketAlreadyExists') throw error;
  }
}

async function ensureTable(ddb: DynamoDBClient, spec: TableSpec): Promise<void> {
  try {
    await ddb.send(
      new CreateTableCommand({
        TableName: spec.name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: Object.entries(spec.attributes).map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
        KeySchema: [
          { AttributeName: spec.hashKey, KeyType: 'HASH' },
          ...(spec.rangeKey ? [{ AttributeName: spec.rangeKey, KeyType: 'RANGE' as const }] : []),
        ],
        ...(spec.globalSecondaryIndexes?.length
          ? {
              GlobalSecondaryIndexes: spec.globalSecondaryIndexes.map((g) => ({
                IndexName: g.name,
                KeySchema: [
                  { AttributeName: g.hashKey, KeyType: 'HASH' as const },
                  ...(g.rangeKey ? [{ AttributeName: g.rangeKey, KeyType: 'RANGE' as const }] : []),
                ],
                Projection: { ProjectionType: 'ALL' as const },
              })),
            }
          : {}),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException) && (error as { name?: string }).name !== 'ResourceInUseException') throw error;
  }
  for (let i = 0; i < 100; i += 1) {
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: spec.name }));
    if (Table?.TableStatus === 'ACTIVE') break;
    await new Promise((r) => setTimeout(r, 20));
  }
  if (spec.ttlAttribute) {
    try {
      await ddb.send(new UpdateTimeToLiveCommand({ TableName: spec.name, TimeToLiveSpecification: { AttributeName: spec.ttlAttribute, Enabled: true } }));
    } catch {
      // dynalite does not implement TTL; readers ignore expired items themselves (docs/architecture.md, "Lake layout").
    }
  }
}

/**
 * Creates every queue, bucket and table of one environment, named by the naming module.
 * Idempotent: running it twice changes nothing.
 */
export async function provisionEnvironment(
  names: ResourceNames,
  clients: ProvisionClients,
  settings: QueueSettings = { visibilityTimeoutSeconds: 30, maxReceiveCount: 5 },
): Promise<ProvisionedEnvironment> {
  const dlq = await ensureQueue(clients.sqs, names.eventsDeadLetterQueue, { MessageRetentionPeriod: String(14 * 24 * 3600) });
  const queue = await ensureQueue(clients.sqs, names.eventsQueue, {
    VisibilityTimeout: String(settings.visibilityTimeoutSeconds),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: settings.maxReceiveCount }),
  });
  await Promise.all([names.lakeBucket, names.archiveBucket, names.configBucket].map((b) => ensureBucket(clients.s3, b)));
  for (const spec of tableSpecs(names)) await ensureTable(clients.dynamoDb, spec);
  return { names, queueUrl: queue.url, queueArn: queue.arn, deadLetterQueueUrl: dlq.url, deadLetterQueueArn: dlq.arn };
}
