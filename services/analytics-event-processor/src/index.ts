/** What the processor offers tools and other workspaces' tests (never `handler.ts`: it connects at import). */
export { createHandler, type HandlerDependencies } from './create-handler';
export { EventBatchProcessor, type BatchProcessorPorts, type BatchReport } from './process-batch';
export { S3EventStore } from './adapters/s3-stores';
export { processorEnv } from './config';
