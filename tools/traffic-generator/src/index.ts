export * from './prng';
export * from './tenant-calendar';
export * from './question-pool';
export * from './fake-form-data';
export * from './generate-sessions';
export * from './tenants';
export * from './delivery';
export * from './run-generator';
