import { lambdaLogGroup } from '@picasso/shared/legacy';
import type { ResourceNames } from '@picasso/shared';
import { LOCAL_DEV_AUTH } from '@picasso/shared/auth';

/**
 * The bundle's environment on the local stack (`make dev`): what Terraform sets in AWS, with the
 * local JWT secret instead of the SSM parameter and the Logs Insights emulator as the CloudWatch
 * Logs endpoint (it reads the log lines the local function hosts capture).
 */
export function localAnalyticsFunctionEnvironment(names: ResourceNames, logsInsightsEndpoint: string, overrides: Record<string, string | undefined> = process.env): Record<string, string> {
  return {
    DAILY_AGGREGATES_TABLE: names.dailyAggregatesTable,
    ARCHIVE_BUCKET: names.archiveBucket,
    ROLLUPS_TABLE: names.rollupsTable,
    QA_LOG_GROUP: lambdaLogGroup(`${names.environment}-bedrock-streaming-handler`),
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

/** A dev-only API key of the first demo tenant (analytics:read), seeded by `make dev`. Never used outside your machine. */
export const LOCAL_LEGACY_API_KEY = 'local-legacy-key-change-me-0123456789';
