import { defineEnv, positiveInt, type ConfigOf } from '@picasso/shared/config';

/** Optional variables default to '' (unset): `loadConfig` treats '' as absent. */
const optional = '';

/**
 * Every environment variable the legacy analytics function reads; Terraform sets the ones
 * without a default. Exactly one of `JWT_SECRET_PARAMETER` (AWS) and `JWT_SECRET` (local) is set.
 */
export const analyticsFunctionEnv = defineEnv({
  DAILY_AGGREGATES_TABLE: { description: 'Daily items (TENANT#<id> / DATE#, FORMS#<local date>) and legacy API keys (APIKEY#<sha256>)' },
  ARCHIVE_BUCKET: { description: 'Archive bucket: daily-aggregates/YYYY/MM/DD/<tenant_id>.json.gz' },
  ROLLUPS_TABLE: { description: 'The aggregator rollups: form counts of the days Logs Insights answers' },
  QA_LOG_GROUP: { description: 'Log group of the streaming handler, where the QA_COMPLETE lines are' },
  FORM_SUBMISSIONS_TABLE: { description: 'Form submissions (PII), read through tenant-timestamp-index for a pii:read credential' },
  AUDIT_TABLE: { description: 'Audit trail: one item per PII read' },
  TOKEN_BLACKLIST_TABLE: { description: 'Revoked JWTs by SHA-256 of their jti' },
  CONFIG_BUCKET: { description: 'Tenant configs (time zone, business hours)' },
  JWT_ISSUER: { description: 'Expected `iss` claim' },
  JWT_AUDIENCE: { description: 'Expected `aud` claim' },
  JWT_SECRET_PARAMETER: { description: 'SSM Parameter Store name of the HS256 signing secret (SecureString); AWS', default: optional },
  JWT_SECRET: { description: 'The HS256 signing secret itself; local development only', default: optional },
  JWT_CLOCK_TOLERANCE_SECONDS: { description: 'Leeway on exp/nbf/iat for clock skew', default: '30', parse: positiveInt },
  INSIGHTS_QUERY_TIMEOUT_SECONDS: { description: 'Deadline of one Logs Insights query (the Lambda timeout must exceed it); stopped after', default: '20', parse: positiveInt },
  ARCHIVE_READ_CONCURRENCY: { description: 'Archive files read in parallel', default: '32', parse: positiveInt },
});

export type AnalyticsFunctionConfig = ConfigOf<typeof analyticsFunctionEnv>;
