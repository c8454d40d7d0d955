/** What the aggregator offers tools and other workspaces' tests (never `handler.ts`: it connects at import). */
export { createHandler, type HandlerDependencies } from './create-handler';
export { DynamoDbMetricCacheWriter } from './adapters/dynamodb-metric-cache';
export { aggregatorEnv } from './config';
