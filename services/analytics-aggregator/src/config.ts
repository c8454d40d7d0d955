import { defineEnv, positiveInt } from '@picasso/shared';

/** Every environment variable the aggregator reads; Terraform must set the ones without default. */
export const aggregatorEnv = defineEnv({
  DIRTY_PARTITIONS_TABLE: { description: 'DynamoDB table of (tenant, UTC day) marks written by the processor' },
  ROLLUPS_TABLE: { description: 'DynamoDB table of per-(tenant, UTC day) hourly rollups' },
  DASHBOARD_CACHE_TABLE: { description: 'DynamoDB dashboard metric cache (seed: picasso-dashboard-aggregates, TTL 24 h)' },
  DAILY_AGGREGATES_TABLE: { description: 'Legacy daily items (pk TENANT#<id>, sk DATE#/FORMS#<local date>), written once per finished tenant-local day' },
  ARCHIVE_BUCKET: { description: 'Archive bucket: daily-aggregates/YYYY/MM/DD/<tenant_id>.json.gz, written with the daily items' },
  CONFIG_BUCKET: { description: 'Tenant configs (time zone, business hours, forms) in the seed layout' },
  ATHENA_WORKGROUP: { description: 'Athena workgroup (result location, encryption, bytes-scanned cutoff)' },
  ATHENA_DATABASE: { description: 'Glue database holding the events table' },
  ATHENA_QUERY_TIMEOUT_SECONDS: { description: 'Deadline of one Athena query; it is stopped after', default: '300', parse: positiveInt },
  TENANT_CONCURRENCY: { description: 'Tenants processed in parallel', default: '4', parse: positiveInt },
  CACHE_REFRESH_AFTER_SECONDS: {
    description: 'Recompute (from rollups, no query) a tenant whose cache is older than this even without new events',
    default: '43200',
    parse: positiveInt,
  },
});
