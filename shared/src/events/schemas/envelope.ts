/**
 * Fields every analytics event carries, whatever its type. A schema per event type is built
 * from these plus a typed `event_payload` (see `defineEventSchema`).
 *
 * `tenant_id` is accepted because the producers send it, but it is never trusted: the processor
 * resolves the tenant from `tenant_hash` through the S3 mappings (docs/architecture.md, "Lake layout").
 */
export const envelopeProperties = {
  event_id: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_:.-]+$' },
  schema_version: { type: 'string', const: '1.0.0' },
  session_id: { type: 'string', minLength: 1, maxLength: 128 },
  tenant_id: { type: 'string', minLength: 1, maxLength: 64 },
  tenant_hash: { type: 'string', minLength: 4, maxLength: 64, pattern: '^[a-z0-9]+$' },
  step_number: { type: 'integer', minimum: 0, maximum: 100000 },
  client_timestamp: { type: 'string', format: 'date-time' },
  server_timestamp: { type: 'string', format: 'date-time' },
  ga_client_id: { type: 'string', maxLength: 128 },
  environment: { type: 'string', minLength: 1, maxLength: 32 },
} as const;

export const envelopeRequired = [
  'event_id',
  'schema_version',
  'session_id',
  'tenant_hash',
  'step_number',
  'event_type',
  'event_payload',
  'server_timestamp',
  'environment',
] as const;
