import { ConfigError, defineEnv, positiveInt, type ConfigOf } from '@picasso/shared';

/** Parses a comma-separated list, dropping blanks. */
function commaList(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Optional variables default to '' (unset): `loadConfig` treats '' as absent and uses the default. */
const optional = '';

/**
 * Every environment variable the dashboard API reads; Terraform must set the ones without a
 * default. Exactly one of `JWT_SECRET_PARAMETER` (AWS: an SSM SecureString name) and `JWT_SECRET`
 * (local dev) is set: which one is set chooses the signing-secret adapter.
 */
export const dashboardApiEnv = defineEnv({
  DASHBOARD_CACHE_TABLE: { description: 'Pre-computed metrics (pk TENANT#<tenant_id>, sk METRIC#<type>#<range>, TTL 24 h)' },
  ROLLUPS_TABLE: { description: 'Hourly rollups written by the aggregator, merged on a cache miss' },
  FORM_SUBMISSIONS_TABLE: { description: 'Form submissions (PII), read through the tenant-timestamp-index' },
  AUDIT_TABLE: { description: 'Audit trail: one item per PII read' },
  TOKEN_BLACKLIST_TABLE: { description: 'Revoked tokens by SHA-256 of their jti (or of the token), TTL = exp + clock tolerance + margin' },
  CONFIG_BUCKET: { description: 'Tenant configs (time zone, business hours) in the seed layout' },
  JWT_ISSUER: { description: 'Expected `iss` claim' },
  JWT_AUDIENCE: { description: 'Expected `aud` claim' },
  JWT_SECRET_PARAMETER: { description: 'SSM Parameter Store name of the HS256 signing secret (SecureString); AWS', default: optional },
  JWT_SECRET: { description: 'The HS256 signing secret itself; local development only', default: optional },
  JWT_CLOCK_TOLERANCE_SECONDS: { description: 'Leeway on exp/nbf/iat for clock skew', default: '30', parse: positiveInt },
  JWT_MAX_TOKEN_AGE_SECONDS: { description: 'Oldest iat accepted (tokens are issued for 12 h); an older token is refused whatever its exp says', default: '43200', parse: positiveInt },
  CORS_ALLOWED_ORIGINS: {
    description: 'Comma-separated origins allowed to call the API from a browser (wildcards like https://*.example.com allowed)',
    parse: (raw: string, name: string) => {
      const origins = commaList(raw);
      if (origins.length === 0) throw new ConfigError(`${name} must list at least one origin`);
      return origins;
    },
  },
  CACHE_MAX_AGE_SECONDS: { description: 'A cache item older than this is stale and the metric is merged from rollups', default: '7200', parse: positiveInt },
  ATHENA_WORKGROUP: { description: 'Athena workgroup of the cold path (its bytes-scanned cutoff applies)' },
  ATHENA_DATABASE: { description: 'Glue database of the events table' },
  ATHENA_QUERY_TIMEOUT_SECONDS: {
    description: 'Deadline of one cold-path query (the Lambda timeout must exceed it); the query is stopped when it passes',
    default: '25',
    parse: positiveInt,
  },
  COLD_PATH_QUERIES_PER_TENANT: {
    description: 'Cold-path (Athena) queries one tenant may have in flight across all instances; more get 429 with Retry-After (one dashboard page asks for up to 4 metrics)',
    default: '4',
    parse: positiveInt,
  },
});

export type DashboardApiConfig = ConfigOf<typeof dashboardApiEnv>;
