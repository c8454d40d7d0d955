import type { ResourceNames } from '@picasso/shared';

/**
 * The environment the aggregator's Lambda bundle gets on the local stack (`make dev`): the
 * names of this environment's tables and buckets, and the local Athena emulator
 * (`startAthenaEmulator` from `@picasso/shared/duckdb`) as the Athena endpoint, so the bundle
 * runs its production wiring unchanged.
 */
export function localAggregatorEnvironment(names: ResourceNames, athenaEndpoint: string): Record<string, string> {
  return {
    DIRTY_PARTITIONS_TABLE: names.dirtyPartitionsTable,
    ROLLUPS_TABLE: names.rollupsTable,
    DASHBOARD_CACHE_TABLE: names.dashboardCacheTable,
    DAILY_AGGREGATES_TABLE: names.dailyAggregatesTable,
    ARCHIVE_BUCKET: names.archiveBucket,
    CONFIG_BUCKET: names.configBucket,
    ATHENA_WORKGROUP: names.athenaWorkgroup,
    ATHENA_DATABASE: names.glueDatabase,
    AWS_ENDPOINT_URL_ATHENA: athenaEndpoint,
    POWERTOOLS_SERVICE_NAME: 'analytics-aggregator',
  };
}
