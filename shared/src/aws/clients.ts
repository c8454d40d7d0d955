/**
 * Every client factory in one place, for tools and tests. Lambda handlers import the one module
 * per client they call (`@picasso/shared/aws/s3`, …) so their bundles carry nothing else.
 */
import { athenaClient } from './athena';
import { documentClient, dynamoDbClient } from './dynamodb';
import { s3Client } from './s3';
import { sqsClient } from './sqs';
import { ssmClient } from './ssm';

export { isTransientAwsError } from './client-config';
export { createAthenaClient } from './athena';
export { createDocumentClient, createDynamoDbClient } from './dynamodb';
export { createS3Client } from './s3';
export { createSqsClient } from './sqs';
export { createSsmClient } from './ssm';

/** Process-wide clients (one per cold start). */
export const awsClients = {
  s3: s3Client,
  sqs: sqsClient,
  dynamoDb: dynamoDbClient,
  documentClient,
  athena: athenaClient,
  ssm: ssmClient,
};
