/** What the dashboard API offers tools and other workspaces' tests (never `handler.ts`: it connects at import). */
export { createHandler, type HandlerDependencies } from './create-handler';
export { dashboardApiDependencies } from './wiring';
export { dashboardApiEnv } from './config';
export { QueryEngineMetrics } from './adapters/lake-metrics';
export { RollupStoreMetrics } from './adapters/rollup-metrics';
export { ROUTES } from './routes';
