import { parseArgs } from 'node:util';
import { datesBetween, isValidTenantId } from '@picasso/shared';
import { MAX_BACKFILL_DAYS } from './backfill';

export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `usage: make backfill-legacy ARGS="--env <env> --tenant <tenant_id> --from YYYY-MM-DD --to YYYY-MM-DD [--dry-run] [--archive-bucket <name>] [--config-bucket <name>]"
  Rebuilds the legacy daily items (DATE#/FORMS#) and archive files of tenant-local days --from…--to
  from the lake with one rollup query (Athena; DuckDB over .local with make backfill-legacy-local).
  --dry-run       query and print each day's figures, write nothing
  --*-bucket      bucket names when they differ from the naming rule's (in AWS they end in -<account>-<region>)
  at most ${MAX_BACKFILL_DAYS} days per run`;

export interface BackfillArgs {
  env: string;
  tenantId: string;
  from: string;
  to: string;
  dryRun: boolean;
  local: boolean;
  archiveBucket: string | undefined;
  configBucket: string | undefined;
  lakeBucket: string | undefined;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Parses and checks the command line; `UsageError` names what is wrong. */
export function parseBackfillArgs(argv: string[]): BackfillArgs | 'help' {
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
        'archive-bucket': { type: 'string' },
        'config-bucket': { type: 'string' },
        'lake-bucket': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.help) return 'help';
  for (const name of ['env', 'tenant', 'from', 'to'] as const) if (!parsed[name]) throw new UsageError(`--${name} is required`);
  const { from, to } = parsed as { from: string; to: string };
  if (!DATE.test(from) || Number.isNaN(Date.parse(from))) throw new UsageError('--from must be a date written YYYY-MM-DD');
  if (!DATE.test(to) || Number.isNaN(Date.parse(to))) throw new UsageError('--to must be a date written YYYY-MM-DD');
  if (from > to) throw new UsageError('--from must not be after --to');
  if (datesBetween(from, to).length > MAX_BACKFILL_DAYS) throw new UsageError(`at most ${MAX_BACKFILL_DAYS} days per run: split the range`);
  if (!isValidTenantId(parsed.tenant!)) throw new UsageError(`--tenant ${JSON.stringify(parsed.tenant)} is not a tenant id`);
  return {
    env: parsed.env!,
    tenantId: parsed.tenant!,
    from,
    to,
    dryRun: parsed['dry-run']!,
    local: parsed.local!,
    archiveBucket: parsed['archive-bucket'],
    configBucket: parsed['config-bucket'],
    lakeBucket: parsed['lake-bucket'],
  };
}
