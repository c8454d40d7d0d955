/**
 * Each service's environment on the local stack, in one shape: built from the environment's
 * resource names plus the service's own endpoint variables. `loadBundle` (tools/dev) sets exactly
 * these for the bundle's import and nothing else leaks from one bundle to the next.
 */
import type { ResourceNames } from '@picasso/shared/resources';
import { LOCAL_DEV_AUTH } from '@picasso/shared/auth';

export type ServiceEnvironment = Record<string, string>;

/** The processor: the lake, tenant configs and the dirty-marks table. */
export function localProcessorEnvironment(names: ResourceNames): ServiceEnvironment {
  return {
    LAKE_BUCKET: names.lakeBucket,
    CONFIG_BUCKET: names.configBucket,
    DIRTY_PARTITIONS_TABLE: names.dirtyPartitionsTable,
    POWERTOOLS_SERVICE_NAME: 'analytics-event-processor',
  };
}

/** The aggregator, querying the lake through the local Athena emulator at `athenaEndpoint`. */
export function localAggregatorEnvironment(names: ResourceNames, athenaEndpoint: string): ServiceEnvironment {
  return {
    DIRTY_PARTITIONS_TABLE: names.dirtyPartitionsTable,
    ROLLUPS_TABLE: names.rollupsTable,
    DASHBOARD_CACHE_TABLE: names.dashboardCacheTable,
    DAILY_AGGREGATES_TABLE: names.dailyAggregatesTable,
    ARCHIVE_BUCKET: names.archiveBucket,
    CONFIG_BUCKET: names.configBucket,
    ATHENA_WORKGROUP: names.athenaWorkgroup,
    ATHENA_DATABASE: names.glueDatabase,
    AWS_ENDPOINT_URL_ATHENA: athenaEndpoint,
    POWERTOOLS_SERVICE_NAME: 'analytics-aggregator',
  };
}

/**
 * The dashboard API: what Terraform sets in AWS, with the local JWT secret instead of the SSM
 * parameter and the Athena emulator at `athenaEndpoint` for the cold path.
 */
export function localDashboardApiEnvironment(names: ResourceNames, athenaEndpoint: string, overrides: Record<string, string | undefined> = {}): ServiceEnvironment {
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

/**
 * The legacy analytics function: what Terraform sets in AWS, with the local JWT secret instead of
 * the SSM parameter and the Logs Insights emulator at `logsInsightsEndpoint` (over the log lines
 * the local function hosts capture) as the CloudWatch Logs endpoint.
 */
export function localAnalyticsFunctionEnvironment(names: ResourceNames, logsInsightsEndpoint: string, overrides: Record<string, string | undefined> = {}): ServiceEnvironment {
  return {
    DAILY_AGGREGATES_TABLE: names.dailyAggregatesTable,
    ARCHIVE_BUCKET: names.archiveBucket,
    ROLLUPS_TABLE: names.rollupsTable,
    QA_LOG_GROUP: `/aws/lambda/${names.functions['bedrock-streaming-handler']}`,
    FORM_SUBMISSIONS_TABLE: names.formSubmissionsTable,
    AUDIT_TABLE: names.auditTable,
    TOKEN_BLACKLIST_TABLE: names.tokenBlacklistTable,
    CONFIG_BUCKET: names.configBucket,
    JWT_ISSUER: overrides.JWT_ISSUER || LOCAL_DEV_AUTH.issuer,
    JWT_AUDIENCE: overrides.JWT_AUDIENCE || LOCAL_DEV_AUTH.audience,
    JWT_SECRET: overrides.JWT_SECRET || LOCAL_DEV_AUTH.secret,
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: logsInsightsEndpoint,
    POWERTOOLS_SERVICE_NAME: 'analytics-function',
  };
}

/** A dev-only legacy API key of the first demo tenant (analytics:read), seeded by `make dev`. Never use it outside your machine. */
export const LOCAL_LEGACY_API_KEY = 'local-legacy-key-change-me-0123456789';
