/** `@picasso/shared/testing`: test support shared by every workspace's tests (never in a bundle). */
export * from './factories';
export * from './lake-writer';
export * from './golden-metrics';
export * from './openapi-validator';
export * from './quality-traffic';
