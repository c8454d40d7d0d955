/** What tools and other workspaces' tests may use; never `handler.ts`, which connects at import. */
export { createHandler, type HandlerDependencies } from './create-handler';
export { analyticsFunctionDependencies } from './wiring';
export { analyticsFunctionEnv } from './config';
export { CloudWatchLogsInsights } from './adapters/cloudwatch-logs-insights';
export { qaCompleteQueries } from './tiers/logs-tier';
