import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { baseClientConfig, perColdStart, type Env } from './client-config';

/** A DynamoDB client for `env`. */
export function createDynamoDbClient(env: Env = process.env): DynamoDBClient {
  return new DynamoDBClient(baseClientConfig('DYNAMODB', env));
}

/** A document client for `env` that drops `undefined` attributes instead of failing on them. */
export function createDocumentClient(env: Env = process.env): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(createDynamoDbClient(env), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/** The handler's DynamoDB clients, one of each per cold start. */
export const dynamoDbClient = perColdStart(() => createDynamoDbClient());
export const documentClient = perColdStart(() => createDocumentClient());
