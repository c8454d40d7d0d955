/**
 * The dashboard API under `make dev`: its Lambda bundle, unchanged, pointed at the local stack
 * and at the local Athena emulator (`startAthenaEmulator` from `@picasso/shared/duckdb`, DuckDB
 * over the lake files) for the cold path, and served by the Function URL emulator.
 */
import type { ResourceNames } from '@picasso/shared';
import { startFunctionUrlServer, type FunctionUrlHandler } from '@picasso/local-stack/src/function-url-server';
import { LOCAL_DEV_AUTH } from '@picasso/shared/auth';

/**
 * The bundle's environment on the local stack: what Terraform sets in AWS, with the local JWT
 * secret instead of the SSM parameter and the Athena emulator as the Athena endpoint.
 */
export function localDashboardApiEnvironment(names: ResourceNames, athenaEndpoint: string, overrides: Record<string, string | undefined> = process.env): Record<string, string> {
  return {
    DASHBOARD_CACHE_TABLE: names.dashboardCacheTable,
    ROLLUPS_TABLE: names.rollupsTable,
    FORM_SUBMISSIONS_TABLE: names.formSubmissionsTable,
    AUDIT_TABLE: names.auditTable,
    TOKEN_BLACKLIST_TABLE: names.tokenBlacklistTable,
    CONFIG_BUCKET: names.configBucket,
    ATHENA_WORKGROUP: names.athenaWorkgroup,
    ATHENA_DATABASE: names.glueDatabase,
    AWS_ENDPOINT_URL_ATHENA: athenaEndpoint,
    JWT_ISSUER: overrides.JWT_ISSUER || LOCAL_DEV_AUTH.issuer,
    JWT_AUDIENCE: overrides.JWT_AUDIENCE || LOCAL_DEV_AUTH.audience,
    JWT_SECRET: overrides.JWT_SECRET || LOCAL_DEV_AUTH.secret,
    // The dashboard's dev server and static build, on any local port.
    CORS_ALLOWED_ORIGINS: overrides.CORS_ALLOWED_ORIGINS || 'http://127.0.0.1:*,http://localhost:*',
    POWERTOOLS_SERVICE_NAME: 'analytics-dashboard-api',
  };
}

export interface LocalDashboardApi {
  url: string;
  urls: { api: string };
  banner: string[];
  stop(): Promise<void>;
}

/** Serves the API's handler (the loaded bundle) on `port` (3001 in `make dev`) as its Function URL would. */
export async function serveLocalDashboardApi(options: { handler: FunctionUrlHandler; names: ResourceNames; port?: number; host?: string }): Promise<LocalDashboardApi> {
  const server = await startFunctionUrlServer({
    handler: options.handler,
    functionName: options.names.functions['analytics-dashboard-api'],
    port: options.port ?? 3001,
    ...(options.host ? { host: options.host } : {}),
    functionTimeoutMs: 30_000,
  });
  return {
    url: server.url,
    urls: { api: server.url },
    banner: [`  dashboard API        ${server.url}   e.g. curl -H "Authorization: Bearer $(make -s token TENANT=fo85e6a06dcdf4)" '${server.url}/conversations/summary?range=30d'`],
    stop: () => server.close(),
  };
}
