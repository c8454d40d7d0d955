/**
 * The one rule for every AWS resource name, derived from the environment (the Terraform
 * workspace). Terraform, the local stack and the services all use it; `terraform` static checks
 * and `names.test.ts` prove they agree.
 *
 * Rule: `<env>-<seed name>` with the seed's names normalised to kebab-case (the seed's own
 * `production-picasso-analytics-daily` already follows it). Glue names use `_` because Athena
 * identifiers cannot contain `-`.
 *
 * S3 bucket names are global across every AWS account: in an account (`scope` given, as Terraform
 * does with the caller's account id and region) buckets get the suffix `-<account id>-<region>`
 * so two accounts or regions never collide. The local stack passes no scope and keeps the plain
 * names. Services never compute bucket names: Terraform hands them over in environment variables
 * (LAKE_BUCKET, CONFIG_BUCKET).
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
  /** SNS topic every alarm of the environment notifies. */
  alarmsTopic: string;
  functions: Record<ServiceName, string>;
}

/** Every deployable Lambda service, by its folder under `services/`. */
export const LAMBDA_SERVICES = [
  'analytics-event-processor',
  'analytics-aggregator',
  'analytics-dashboard-api',
  'master-function',
  'bedrock-streaming-handler',
  'analytics-function',
] as const;
export type ServiceName = (typeof LAMBDA_SERVICES)[number];

/** The AWS account and region a set of names lives in (suffix of the globally unique bucket names). */
export interface NameScope {
  accountId: string;
  region: string;
}

const ACCOUNT_PATTERN = /^\d{12}$/;
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;
/** S3's limit on a bucket name. */
const MAX_BUCKET_NAME_LENGTH = 63;

const ENVIRONMENT_PATTERN = /^[a-z][a-z0-9-]{1,22}$/;

export class InvalidEnvironmentNameError extends Error {
  override name = 'InvalidEnvironmentNameError';
}

/**
 * Names of every resource of one environment (`local`, `staging`, `production`, a test's own);
 * with `scope`, the bucket names carry the account id and region.
 */
export function resourceNames(environment: string, scope?: NameScope): ResourceNames {
  if (!ENVIRONMENT_PATTERN.test(environment)) {
    throw new InvalidEnvironmentNameError(
      `environment name ${JSON.stringify(environment)} must match ${ENVIRONMENT_PATTERN.source} (it prefixes bucket and table names)`,
    );
  }
  if (scope && (!ACCOUNT_PATTERN.test(scope.accountId) || !REGION_PATTERN.test(scope.region))) {
    throw new InvalidEnvironmentNameError(`scope ${JSON.stringify(scope)} needs a 12-digit account id and a region such as us-east-1`);
  }
  const p = (name: string) => `${environment}-${name}`;
  const bucket = (name: string) => {
    const full = scope ? `${p(name)}-${scope.accountId}-${scope.region}` : p(name);
    if (full.length > MAX_BUCKET_NAME_LENGTH) throw new InvalidEnvironmentNameError(`bucket name ${full} is longer than ${MAX_BUCKET_NAME_LENGTH} characters: shorten the environment name`);
    return full;
  };
  const glue = environment.replace(/-/g, '_');
  return {
    environment,
    eventsQueue: p('picasso-analytics-events'),
    eventsDeadLetterQueue: p('picasso-analytics-events-dlq'),
    lakeBucket: bucket('picasso-analytics'),
    archiveBucket: bucket('picasso-analytics-archive'),
    configBucket: bucket('myrecruiter-picasso'),
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
    alarmsTopic: p('picasso-analytics-alarms'),
    functions: Object.fromEntries(LAMBDA_SERVICES.map((s) => [s, p(s)])) as Record<ServiceName, string>,
  };
}
