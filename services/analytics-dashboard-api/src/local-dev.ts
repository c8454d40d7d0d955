/**
 * The dashboard API under `make dev`: the same wiring as `handler.ts`, with the cold path on
 * DuckDB over the local lake files instead of Athena (no local Athena exists, and DuckDB's native
 * module is never bundled into the Lambda), served by the Function URL emulator.
 */
import { createDocumentClient, createLogger, createMetrics, createS3Client, createSsmClient, DynamoDbRollupStore, loadConfig, type ResourceNames } from '@picasso/shared';
import { DuckDbQueryEngine } from '@picasso/shared/duckdb';
import { startFunctionUrlServer } from '@picasso/local-stack/src/function-url-server';
import { QueryEngineMetrics } from './adapters/lake-metrics';
import { RollupStoreMetrics } from './adapters/rollup-metrics';
import { LOCAL_DEV_AUTH } from './auth/dev-token';
import { dashboardApiEnv } from './config';
import { createHandler } from './create-handler';
import { dashboardApiDependencies } from './wiring';

/** The API's environment for an environment's resources (what Terraform sets in AWS, minus SSM). */
export function localDashboardApiEnvironment(names: ResourceNames, overrides: Record<string, string | undefined> = process.env): Record<string, string> {
  return {
    DASHBOARD_CACHE_TABLE: names.dashboardCacheTable,
    ROLLUPS_TABLE: names.rollupsTable,
    FORM_SUBMISSIONS_TABLE: names.formSubmissionsTable,
    AUDIT_TABLE: names.auditTable,
    TOKEN_BLACKLIST_TABLE: names.tokenBlacklistTable,
    CONFIG_BUCKET: names.configBucket,
    ATHENA_WORKGROUP: names.athenaWorkgroup,
    ATHENA_DATABASE: names.glueDatabase,
    JWT_ISSUER: overrides.JWT_ISSUER || LOCAL_DEV_AUTH.issuer,
    JWT_AUDIENCE: overrides.JWT_AUDIENCE || LOCAL_DEV_AUTH.audience,
    JWT_SECRET: overrides.JWT_SECRET || LOCAL_DEV_AUTH.secret,
    // The dashboard's dev server (Vite) and its static build, on any local port.
    CORS_ALLOWED_ORIGINS: overrides.CORS_ALLOWED_ORIGINS || 'http://127.0.0.1:*,http://localhost:*',
  };
}

export interface LocalDashboardApi {
  url: string;
  urls: { api: string };
  stop(): Promise<void>;
  banner: string[];
}

/**
 * Starts the API on `port` (3001 in `make dev`) against the running local stack; the process's
 * `AWS_ENDPOINT_URL_*` variables must already point at it.
 */
export async function startLocalDashboardApi(options: { names: ResourceNames; s3StorageDir: string; port?: number; host?: string }): Promise<LocalDashboardApi> {
  const config = loadConfig(dashboardApiEnv, localDashboardApiEnvironment(options.names));
  const doc = createDocumentClient();
  const duckdb = await DuckDbQueryEngine.open({ s3StorageDir: options.s3StorageDir, lakeBucket: options.names.lakeBucket });
  const handler = createHandler(
    dashboardApiDependencies(
      config,
      { doc, s3: createS3Client(), ssm: () => createSsmClient() },
      { rollups: new RollupStoreMetrics(new DynamoDbRollupStore(doc, config.ROLLUPS_TABLE)), coldPath: new QueryEngineMetrics(duckdb) },
      { logger: createLogger('analytics-dashboard-api'), metrics: createMetrics('analytics-dashboard-api') },
    ),
  );
  const server = await startFunctionUrlServer({ handler, functionName: options.names.functions['analytics-dashboard-api'], port: options.port ?? 3001, ...(options.host ? { host: options.host } : {}) });
  return {
    url: server.url,
    urls: { api: server.url },
    banner: [`  dashboard API        ${server.url}   e.g. curl -H "Authorization: Bearer $(make -s token TENANT=fo85e6a06dcdf4)" '${server.url}/conversations/summary?range=30d'`],
    async stop() {
      await server.close();
      duckdb.close();
    },
  };
}
