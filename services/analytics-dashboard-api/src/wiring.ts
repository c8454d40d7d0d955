import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDbMetricCache, S3TenantDirectory } from '@picasso/shared';
import { DynamoDbColdPathSlots } from './adapters/dynamodb-cold-path-slots';
import { DynamoDbAuditTrail, DynamoDbSubmissionStore } from './adapters/dynamodb-submissions';
import { DynamoDbTokenBlacklist, JoseTokenVerifier, signingSecretFromConfig } from '@picasso/shared/auth';
import type { DashboardApiConfig } from './config';
import type { HandlerDependencies } from './create-handler';
import type { ColdPathMetrics, RollupMetrics } from './metrics/ports';
import { CachedTenantSettings } from './tenant-settings';

/** A lease outlives its query's deadline by this much: the time to read the last result page and give the slot back. */
const COLD_PATH_LEASE_MARGIN_SECONDS = 5;
/** About one cold query's duration; a slot frees as soon as its query ends. */
const COLD_PATH_RETRY_AFTER_SECONDS = 5;

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
      maxTokenAgeSeconds: config.JWT_MAX_TOKEN_AGE_SECONDS,
      now,
    }),
    blacklist: new DynamoDbTokenBlacklist(clients.doc, config.TOKEN_BLACKLIST_TABLE),
    tenants: new CachedTenantSettings(new S3TenantDirectory(clients.s3, config.CONFIG_BUCKET)),
    cache: new DynamoDbMetricCache(clients.doc, config.DASHBOARD_CACHE_TABLE),
    coldPathSlots: new DynamoDbColdPathSlots(clients.doc, config.DASHBOARD_CACHE_TABLE, {
      slotsPerTenant: config.COLD_PATH_QUERIES_PER_TENANT,
      leaseSeconds: config.ATHENA_QUERY_TIMEOUT_SECONDS + COLD_PATH_LEASE_MARGIN_SECONDS,
      retryAfterSeconds: COLD_PATH_RETRY_AFTER_SECONDS,
      now,
    }),
    submissions: new DynamoDbSubmissionStore(clients.doc, config.FORM_SUBMISSIONS_TABLE),
    audit: new DynamoDbAuditTrail(clients.doc, config.AUDIT_TABLE),
    now,
    cacheMaxAgeMs: config.CACHE_MAX_AGE_SECONDS * 1000,
  };
}
