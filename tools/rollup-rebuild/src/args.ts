import { parseArgs } from 'node:util';
import { isCalendarDate, isValidTenantId } from '@picasso/shared';

/** Bad command line: the CLI prints the message and the usage, and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `usage: make rebuild-rollups ENV=<env> TENANT=<tenant_id> FROM=YYYY-MM-DD TO=YYYY-MM-DD [DRY_RUN=1] [ACCOUNT_ID=<12 digits>]
       make rebuild-rollups-local TENANT=<tenant_id> FROM=YYYY-MM-DD TO=YYYY-MM-DD [DRY_RUN=1]
       tsx tools/rollup-rebuild/src/cli.ts --env <env> --tenant <id> --from <day> --to <day> [--dry-run] [flags]
  Rebuilds the tenant's hourly rollups of the UTC lake days --from…--to (inclusive) from the lake
  with the aggregator's rollup query (one query for any range the lake still holds), then its
  dashboard cache. Days are UTC days, the lake's partitions, not tenant-local days. Days before
  the lake's 90-day retention or after today are skipped; a range with none left is refused.
  --dry-run           list the partitions (objects, bytes = what Athena would scan) and the queries; write nothing
  --account-id N      AWS account of the environment's buckets (names end in -<account>-<region>, region from AWS_REGION)
  --lake-bucket B     the lake bucket, when it differs from the naming rule's
  --config-bucket B   the config bucket, likewise
  --local             the make dev stack: the Athena emulator over .local/s3 instead of Athena
Exit: 0 done, 1 failed (unknown tenant, AWS error), 2 bad arguments or a range the lake cannot rebuild.`;

export interface RebuildArgs {
  env: string;
  tenantId: string;
  from: string;
  to: string;
  dryRun: boolean;
  local: boolean;
  accountId: string | undefined;
  lakeBucket: string | undefined;
  configBucket: string | undefined;
}

/** Parses and checks the command line; `UsageError` names what is wrong. */
export function parseRebuildArgs(argv: string[]): RebuildArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        env: { type: 'string' },
        tenant: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        local: { type: 'boolean', default: false },
        'account-id': { type: 'string' },
        'lake-bucket': { type: 'string' },
        'config-bucket': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.help) return 'help';
  for (const name of ['env', 'tenant', 'from', 'to'] as const) if (!parsed[name]) throw new UsageError(`--${name} is required`);
  const { from, to, tenant } = parsed as { from: string; to: string; tenant: string };
  if (!isCalendarDate(from)) throw new UsageError(`--from ${JSON.stringify(from)} is not a UTC day written YYYY-MM-DD`);
  if (!isCalendarDate(to)) throw new UsageError(`--to ${JSON.stringify(to)} is not a UTC day written YYYY-MM-DD`);
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  if (!isValidTenantId(tenant)) throw new UsageError(`--tenant ${JSON.stringify(tenant)} is not a tenant id (1–64 of A-Z a-z 0-9 _ -)`);
  const accountId = parsed['account-id'];
  if (accountId !== undefined && !/^\d{12}$/.test(accountId)) throw new UsageError(`--account-id ${JSON.stringify(accountId)} is not a 12-digit AWS account id`);
  return {
    env: parsed.env!,
    tenantId: tenant,
    from,
    to,
    dryRun: parsed['dry-run']!,
    local: parsed.local!,
    accountId,
    lakeBucket: parsed['lake-bucket'],
    configBucket: parsed['config-bucket'],
  };
}
