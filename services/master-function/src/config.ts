import { defineEnv, positiveInt, type ConfigOf } from '@picasso/shared';

/** Optional variables default to '' (unset): `loadConfig` treats '' as absent and uses the default. */
const optional = '';

/**
 * Every environment variable the master function reads; Terraform sets the ones without a
 * default. Exactly one of `JWT_SECRET_PARAMETER` (AWS) and `JWT_SECRET` (local) is set.
 */
export const masterFunctionEnv = defineEnv({
  CONFIG_BUCKET: { description: 'Tenant configs and tenant_hash mappings (seed layout)' },
  EVENTS_QUEUE_URL: { description: 'The analytics events queue widget events and FORM_COMPLETED go to' },
  LAKE_BUCKET: { description: 'Data lake bucket; events SQS would not take are spilled under spill/master-function/' },
  FORM_SUBMISSIONS_TABLE: { description: 'Form submissions (PII, KMS), keyed by submission_id, with tenant-timestamp-index' },
  AUDIT_TABLE: { description: 'Audit trail: one item per issued or revoked session token' },
  TOKEN_BLACKLIST_TABLE: { description: 'Revoked tokens by SHA-256 of their jti, TTL past exp' },
  RATE_LIMIT_TABLE: { description: 'Per-session request counters (pk, ttl); the conversations table is reused' },
  STREAMING_URL: { description: 'Public URL of the streaming handler, handed to the widget in /config' },
  JWT_ISSUER: { description: '`iss` of chat tokens' },
  JWT_AUDIENCE: { description: '`aud` of chat tokens (the chat path, not the dashboard)' },
  JWT_SECRET_PARAMETER: { description: 'SSM Parameter Store name of the HS256 signing secret (SecureString); AWS', default: optional },
  JWT_SECRET: { description: 'The HS256 signing secret itself; local development only', default: optional },
  JWT_CLOCK_TOLERANCE_SECONDS: { description: 'Leeway on exp/nbf/iat for clock skew (also added to blacklist TTLs)', default: '30', parse: positiveInt },
  SESSION_TOKEN_LIFETIME_SECONDS: { description: 'Lifetime of a chat session token', default: '1800', parse: positiveInt },
  CONFIG_CACHE_TTL_SECONDS: { description: 'How long a tenant config is kept in memory by an execution environment', default: '300', parse: positiveInt },
  EVENTS_PER_SESSION_PER_MINUTE: { description: 'POST /events calls one session may make per minute', default: '60', parse: positiveInt },
  MAX_BODY_BYTES: { description: 'Largest request body accepted (larger is 413)', default: '16384', parse: positiveInt },
  ENVIRONMENT_NAME: { description: 'The `environment` field of emitted events' },
});

export type MasterFunctionConfig = ConfigOf<typeof masterFunctionEnv>;
