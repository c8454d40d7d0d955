import { parseArgs } from 'node:util';

export const USAGE = `usage: tenant-admin <command> --env <staging|production|local> [flags]

commands:
  validate <file>        check a tenant config file; one line per problem
  put <file>             create or update the tenant and its tenant_hash mapping
      --dry-run          print what would be written (field by field) and write nothing
      --force            allow changing an existing tenant's tenant_hash (old hash stops resolving)
  list                   every tenant: id, hash, name, time zone, forms, mapping state
  show <tenant_id>       the stored config and its mapping
  migrate --from-bucket <bucket>   copy every config of a seed-layout bucket (e.g. myrecruiter-picasso),
                         validating each; --dry-run and --force as for put

where (AWS environments): --account-id <12 digits> [--region <r>]  the config bucket is
  <env>-myrecruiter-picasso-<account>-<region> (region from --region or AWS_REGION)
  or --bucket <name>     an explicit config bucket
  --json                 machine-readable output for list and show`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export type CliArgs =
  | { command: 'validate'; file: string }
  | { command: 'put'; file: string; dryRun: boolean; force: boolean; target: Target }
  | { command: 'list'; json: boolean; target: Target }
  | { command: 'show'; tenantId: string; json: boolean; target: Target }
  | { command: 'migrate'; fromBucket: string; dryRun: boolean; force: boolean; target: Target };

/** Which config bucket: the environment's (named by `resourceNames`) or an explicit one. */
export interface Target {
  env: string;
  accountId?: string;
  region?: string;
  bucket?: string;
}

/** Parses the command line; `'help'` for `--help`. Throws `UsageError` naming the problem. */
export function parseCliArgs(argv: string[], defaults: { region?: string } = {}): CliArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        env: { type: 'string' },
        'account-id': { type: 'string' },
        region: { type: 'string' },
        bucket: { type: 'string' },
        'from-bucket': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values: v, positionals } = parsed;
  if (v.help) return 'help';
  const [command, operand, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
  const needOperand = (what: string) => {
    if (!operand) throw new UsageError(`${command} needs ${what}`);
    return operand;
  };
  if (command === 'validate') return { command, file: needOperand('a config file') };
  if (!v.env) throw new UsageError(`${command ?? 'a command'} needs --env (staging, production or local)`);
  const region = v.region ?? defaults.region;
  const target: Target = { env: v.env, ...(v['account-id'] ? { accountId: v['account-id'] } : {}), ...(region ? { region } : {}), ...(v.bucket ? { bucket: v.bucket } : {}) };
  switch (command) {
    case 'put':
      return { command, file: needOperand('a config file'), dryRun: v['dry-run'], force: v.force, target };
    case 'list':
      return { command, json: v.json, target };
    case 'show':
      return { command, tenantId: needOperand('a tenant_id'), json: v.json, target };
    case 'migrate':
      if (!v['from-bucket']) throw new UsageError('migrate needs --from-bucket (e.g. myrecruiter-picasso)');
      return { command, fromBucket: v['from-bucket'], dryRun: v['dry-run'], force: v.force, target };
    default:
      throw new UsageError(command ? `unknown command ${command}` : 'no command given');
  }
}
