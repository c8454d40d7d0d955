import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDbMetricCache, S3TenantDirectory } from '@picasso/shared';
import { DynamoDbAuditTrail, DynamoDbSubmissionStore } from './adapters/dynamodb-submissions';
import { DynamoDbTokenBlacklist, JoseTokenVerifier, signingSecretFromConfig } from '@picasso/shared/auth';
import type { DashboardApiConfig } from './config';
import type { HandlerDependencies } from './create-handler';
import type { ColdPathMetrics, RollupMetrics } from './metrics/ports';
import { CachedTenantSettings } from './tenant-settings';

export interface Clients {
  doc: DynamoDBDocumentClient;
  s3: S3Client;
  /** Called only when the secret lives in SSM. */
  ssm: () => SSMClient;
}

/**
 * Builds every adapter of the API from its configuration and SDK clients. The two metric
 * engines are handed in: in Lambda the cold path is Athena, under `make dev` DuckDB; everything
 * else is identical.
 */
export function dashboardApiDependencies(
  config: DashboardApiConfig,
  clients: Clients,
  engines: { rollups: RollupMetrics; coldPath: ColdPathMetrics },
  observability: { logger: Logger; metrics: Metrics },
  now: () => Date = () => new Date(),
): HandlerDependencies {
  return {
    ...observability,
    ...engines,
    corsOrigins: config.CORS_ALLOWED_ORIGINS,
    verifier: new JoseTokenVerifier(signingSecretFromConfig(config, clients.ssm), {
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      clockToleranceSeconds: config.JWT_CLOCK_TOLERANCE_SECONDS,
      now,
    }),
    blacklist: new DynamoDbTokenBlacklist(clients.doc, config.TOKEN_BLACKLIST_TABLE),
    tenants: new CachedTenantSettings(new S3TenantDirectory(clients.s3, config.CONFIG_BUCKET)),
    cache: new DynamoDbMetricCache(clients.doc, config.DASHBOARD_CACHE_TABLE),
    submissions: new DynamoDbSubmissionStore(clients.doc, config.FORM_SUBMISSIONS_TABLE),
    audit: new DynamoDbAuditTrail(clients.doc, config.AUDIT_TABLE),
    now,
    cacheMaxAgeMs: config.CACHE_MAX_AGE_SECONDS * 1000,
  };
}
