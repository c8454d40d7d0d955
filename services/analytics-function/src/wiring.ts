import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbAuditTrail, DynamoDbRollupStore } from '@picasso/shared/dynamodb';
import { ForbiddenError } from '@picasso/shared/errors';
import { S3TenantDirectory } from '@picasso/shared/tenants';
import { DynamoDbTokenBlacklist, JoseTokenVerifier, signingSecretFromConfig } from '@picasso/shared/auth';
import { CloudWatchLogsInsights } from './adapters/cloudwatch-logs-insights';
import { DynamoDbApiKeys } from './adapters/dynamodb-api-keys';
import { DynamoDbDailyTable } from './adapters/dynamodb-daily-table';
import { DynamoDbSubmissionReader } from './adapters/dynamodb-submissions';
import { S3DailyArchive } from './adapters/s3-daily-archive';
import type { AnalyticsFunctionConfig } from './config';
import type { HandlerDependencies } from './create-handler';

export interface Clients {
  doc: DynamoDBDocumentClient;
  s3: S3Client;
  logs: CloudWatchLogsClient;
  /** Called only when the secret lives in SSM. */
  ssm: () => SSMClient;
}

/** Builds every adapter from the configuration and SDK clients (Lambda and `make dev` alike). */
export function analyticsFunctionDependencies(config: AnalyticsFunctionConfig, clients: Clients, observability: { logger: Logger; metrics: Metrics }, now: () => Date = () => new Date()): HandlerDependencies {
  const directory = new S3TenantDirectory(clients.s3, config.CONFIG_BUCKET);
  return {
    ...observability,
    now,
    verifier: new JoseTokenVerifier(signingSecretFromConfig(config, clients.ssm), {
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      clockToleranceSeconds: config.JWT_CLOCK_TOLERANCE_SECONDS,
      now,
    }),
    blacklist: new DynamoDbTokenBlacklist(clients.doc, config.TOKEN_BLACKLIST_TABLE),
    apiKeys: new DynamoDbApiKeys(clients.doc, config.DAILY_AGGREGATES_TABLE),
    tenants: {
      configOf: async (tenantId) => {
        const tenant = await directory.findConfig(tenantId);
        if (!tenant) throw new ForbiddenError('the credential names a tenant that has no configuration');
        return tenant;
      },
    },
    logs: new CloudWatchLogsInsights(clients.logs, config.QA_LOG_GROUP, config.INSIGHTS_QUERY_TIMEOUT_SECONDS * 1000),
    table: new DynamoDbDailyTable(clients.doc, config.DAILY_AGGREGATES_TABLE),
    archive: new S3DailyArchive(clients.s3, config.ARCHIVE_BUCKET),
    rollups: new DynamoDbRollupStore(clients.doc, config.ROLLUPS_TABLE),
    archiveConcurrency: config.ARCHIVE_READ_CONCURRENCY,
    submissions: new DynamoDbSubmissionReader(clients.doc, config.FORM_SUBMISSIONS_TABLE),
    audit: new DynamoDbAuditTrail(clients.doc, config.AUDIT_TABLE),
  };
}
