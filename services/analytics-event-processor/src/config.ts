import { defineEnv, positiveInt } from '@picasso/shared';
import { DEFAULT_MAX_EVENT_AGE_DAYS, DEFAULT_MAX_FUTURE_SKEW_SECONDS } from './process-batch';

/** Every environment variable the processor reads; Terraform must set the ones without default. */
export const processorEnv = defineEnv({
  LAKE_BUCKET: { description: 'Lake bucket: lake objects under analytics/, quarantine under quarantine/' },
  CONFIG_BUCKET: { description: 'Tenant configs and tenant_hash mappings (seed layout)' },
  DIRTY_PARTITIONS_TABLE: { description: 'DynamoDB table of (tenant, day) marks read by the aggregator' },
  TENANT_CACHE_TTL_SECONDS: { description: 'How long a tenant mapping is cached', default: '300', parse: positiveInt },
  TENANT_CACHE_MAX_ENTRIES: { description: 'Tenant mappings kept at most', default: '10000', parse: positiveInt },
  EVENT_MAX_AGE_DAYS: {
    description: 'Oldest server timestamp accepted, in days before now: the lake retention (older events are quarantined as timestamp_out_of_range)',
    default: String(DEFAULT_MAX_EVENT_AGE_DAYS),
    parse: positiveInt,
  },
  EVENT_MAX_FUTURE_SKEW_SECONDS: {
    description: 'Newest server timestamp accepted, in seconds after now (producer clock skew)',
    default: String(DEFAULT_MAX_FUTURE_SKEW_SECONDS),
    parse: positiveInt,
  },
});
