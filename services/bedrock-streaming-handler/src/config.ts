import { defineEnv, positiveInt, type ConfigOf } from '@picasso/shared';

/** Optional variables default to '' (unset): `loadConfig` treats '' as absent and uses the default. */
const optional = '';

/** Every environment variable the streaming handler reads; Terraform sets the ones without a default. */
export const streamingHandlerEnv = defineEnv({
  CONFIG_BUCKET: { description: 'Tenant configs (system prompt, model id, Knowledge Base id) and mappings' },
  EVENTS_QUEUE_URL: { description: 'The analytics events queue MESSAGE_SENT / MESSAGE_RECEIVED go to' },
  LAKE_BUCKET: { description: 'Data lake bucket; events SQS would not take are spilled under spill/bedrock-streaming-handler/' },
  CONVERSATIONS_TABLE: { description: 'Session items (conversation_id = session id), one update per turn' },
  TOKEN_BLACKLIST_TABLE: { description: 'Revoked tokens by SHA-256 of their jti' },
  JWT_ISSUER: { description: 'Expected `iss` of chat tokens' },
  JWT_AUDIENCE: { description: 'Expected `aud` of chat tokens' },
  JWT_SECRET_PARAMETER: { description: 'SSM Parameter Store name of the HS256 signing secret (SecureString); AWS', default: optional },
  JWT_SECRET: { description: 'The HS256 signing secret itself; local development only', default: optional },
  JWT_CLOCK_TOLERANCE_SECONDS: { description: 'Leeway on exp/nbf/iat for clock skew', default: '30', parse: positiveInt },
  DEFAULT_MODEL_ID: { description: 'Bedrock model id for tenants whose config names none (IAM allows only the configured model ARN)' },
  CONFIG_CACHE_TTL_SECONDS: { description: 'How long a tenant config is kept in memory', default: '300', parse: positiveInt },
  MAX_PASSAGES: { description: 'Knowledge Base passages retrieved per turn', default: '4', parse: positiveInt },
  RETRIEVE_TIMEOUT_MS: { description: 'Deadline of the Knowledge Base Retrieve call', default: '3000', parse: positiveInt },
  FIRST_TOKEN_TIMEOUT_MS: { description: 'Longest wait for the first token before the turn ends with an error', default: '15000', parse: positiveInt },
  IDLE_TIMEOUT_MS: { description: 'Longest wait between two tokens before the turn ends with an error', default: '10000', parse: positiveInt },
  MAX_QUESTION_CHARS: { description: 'Longest visitor message accepted (code points)', default: '4000', parse: positiveInt },
  MAX_BODY_BYTES: { description: 'Largest request body accepted (larger is 413)', default: '32768', parse: positiveInt },
  ENVIRONMENT_NAME: { description: 'The `environment` field of emitted events' },
});

export type StreamingHandlerConfig = ConfigOf<typeof streamingHandlerEnv>;
