/**
 * The one rule for every AWS resource name, derived from the environment (the Terraform
 * workspace). Terraform, the local stack and the services all use it; `terraform` static checks
 * and `names.test.ts` prove they agree.
 *
 * Rule: `<env>-<seed name>` with the seed's names normalised to kebab-case (the seed's own
 * `production-picasso-analytics-daily` already follows it). Glue names use `_` because Athena
 * identifiers cannot contain `-`.
 */
export interface ResourceNames {
  environment: string;
  eventsQueue: string;
  eventsDeadLetterQueue: string;
  lakeBucket: string;
  archiveBucket: string;
  configBucket: string;
  dailyAggregatesTable: string;
  dashboardCacheTable: string;
  formSubmissionsTable: string;
  conversationsTable: string;
  auditTable: string;
  tokenBlacklistTable: string;
  rollupsTable: string;
  dirtyPartitionsTable: string;
  glueDatabase: string;
  glueTable: string;
  athenaWorkgroup: string;
  aggregatorScheduleRule: string;
  functions: Record<ServiceName, string>;
}

/** Every deployable Lambda service, by its folder under `services/`. */
export const LAMBDA_SERVICES = [
  'analytics-event-processor',
  'analytics-aggregator',
  'analytics-dashboard-api',
  'master-function',
  'bedrock-streaming-handler',
] as const;
export type ServiceName = (typeof LAMBDA_SERVICES)[number];

const ENVIRONMENT_PATTERN = /^[a-z][a-z0-9-]{1,22}$/;

export class InvalidEnvironmentNameError extends Error {
  override name = 'InvalidEnvironmentNameError';
}

/** Names of every resource of one environment (`local`, `staging`, `production`, a test's own). */
export function resourceNames(environment: string): ResourceNames {
  if (!ENVIRONMENT_PATTERN.test(environment)) {
    throw new InvalidEnvironmentNameError(
      `environment name ${JSON.stringify(environment)} must match ${ENVIRONMENT_PATTERN.source} (it prefixes bucket and table names)`,
    );
  }
  const p = (name: string) => `${environment}-${name}`;
  const glue = environment.replace(/-/g, '_');
  return {
    environment,
    eventsQueue: p('picasso-analytics-events'),
    eventsDeadLetterQueue: p('picasso-analytics-events-dlq'),
    lakeBucket: p('picasso-analytics'),
    archiveBucket: p('picasso-analytics-archive'),
    configBucket: p('myrecruiter-picasso'),
    dailyAggregatesTable: p('picasso-analytics-daily'),
    dashboardCacheTable: p('picasso-dashboard-aggregates'),
    formSubmissionsTable: p('picasso-form-submissions'),
    conversationsTable: p('picasso-conversations'),
    auditTable: p('picasso-analytics-audit'),
    tokenBlacklistTable: p('picasso-token-blacklist'),
    rollupsTable: p('picasso-analytics-rollups'),
    dirtyPartitionsTable: p('picasso-analytics-dirty-partitions'),
    glueDatabase: `${glue}_picasso_analytics`,
    glueTable: 'events',
    athenaWorkgroup: p('picasso-analytics'),
    aggregatorScheduleRule: p('picasso-analytics-aggregator-hourly'),
    functions: Object.fromEntries(LAMBDA_SERVICES.map((s) => [s, p(s)])) as Record<ServiceName, string>,
  };
}
