import { defineEnv, positiveInt } from '@picasso/shared';

/** Every environment variable the processor reads; Terraform must set the ones without default. */
export const processorEnv = defineEnv({
  LAKE_BUCKET: { description: 'Lake bucket: lake objects under analytics/, quarantine under quarantine/' },
  CONFIG_BUCKET: { description: 'Tenant configs and tenant_hash mappings (seed layout)' },
  DIRTY_PARTITIONS_TABLE: { description: 'DynamoDB table of (tenant, day) marks read by the aggregator' },
  TENANT_CACHE_TTL_SECONDS: { description: 'How long a tenant mapping is cached', default: '300', parse: positiveInt },
  TENANT_CACHE_MAX_ENTRIES: { description: 'Tenant mappings kept at most', default: '10000', parse: positiveInt },
});
