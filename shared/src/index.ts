/**
 * `@picasso/shared`: everything, re-exported for tools and tests. Side-effect free, but Lambda
 * handlers import the subpath they need (`@picasso/shared/events`, `/aws/s3`, …; the map is in
 * docs/architecture.md) so each bundle carries only what its handler calls.
 */
export * from './errors';
export * from './config';
export * from './observability';
export * from './aws/clients';
export { baseClientConfig, perColdStart } from './aws/client-config';
export * from './resources';
export * from './events';
export * from './lake/layout';
export * from './tenants/tenant-directory';
export * from './metrics';
export * from './dynamodb';
export * from './query';
export * from './api-contract';
export * from './chat-contract';
export * from './concurrency';
export * from './tenants/tenant-config.schema';
export * from './tenants/validate-tenant-config';
export * from './tenants/chat-settings';
export * from './submissions/form-submission-item';
export * from './audit/pii-read-audit';
export * from './legacy';
