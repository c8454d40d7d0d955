import type { FromSchema } from 'json-schema-to-ts';
import { envelopeProperties } from '../events/schemas/envelope';

/** What the config bucket's `tenant_id` keys accept (the same rule `S3TenantDirectory` reads with). */
export const TENANT_ID_PATTERN = '^[A-Za-z0-9_-]{1,64}$';

/** Local time of day, 24-hour `HH:MM`. */
export const HH_MM_PATTERN = '^([01][0-9]|2[0-3]):[0-5][0-9]$';
const HH_MM = { type: 'string', pattern: HH_MM_PATTERN } as const;

/**
 * The one schema of `tenants/{tenant_id}/{tenant_id}-config.json` in the config bucket: the
 * onboarding tool, the local stack's demo tenants and the services all validate against it.
 * `tenant_hash` reuses the event envelope's rule, so a hash onboarded here is one the processor
 * accepts. Unknown top-level sections are allowed (the seed's configs carry widget settings the
 * analytics code never reads); `chat` is owned by the chat service and only required to be an object.
 * What a schema cannot say (a real IANA zone, start before end, unique ids) is checked in
 * `validateTenantConfig`.
 */
export const TENANT_CONFIG_SCHEMA = {
  $id: 'https://picasso.myrecruiter.ai/schemas/tenant-config.json',
  type: 'object',
  required: ['tenant_id', 'tenant_hash', 'name', 'timezone', 'business_hours', 'forms'],
  properties: {
    tenant_id: { type: 'string', pattern: TENANT_ID_PATTERN },
    tenant_hash: envelopeProperties.tenant_hash,
    name: { type: 'string', minLength: 1, maxLength: 200 },
    timezone: { type: 'string', minLength: 1, maxLength: 64 },
    business_hours: {
      type: 'object',
      required: ['start', 'end', 'days'],
      additionalProperties: false,
      properties: {
        start: HH_MM,
        end: HH_MM,
        // ISO weekdays, 1 = Monday … 7 = Sunday: what `isAfterHours` compares against.
        days: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 7 }, uniqueItems: true },
      },
    },
    forms: {
      type: 'array',
      items: {
        type: 'object',
        required: ['form_id', 'title', 'fields'],
        additionalProperties: false,
        properties: {
          form_id: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
          title: { type: 'string', minLength: 1, maxLength: 200 },
          fields: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 64 } },
        },
      },
    },
    chat: { type: 'object' },
  },
} as const;

/** A config as the schema admits it (before the checks a schema cannot express). */
export type TenantConfigDocument = FromSchema<typeof TENANT_CONFIG_SCHEMA>;
