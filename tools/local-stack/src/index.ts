export * from './stack';
export * from './provision';
export * from './demo-tenants';
export * from './sqs-poller';
export * from './lambda-context';
export * from './scheduler';
