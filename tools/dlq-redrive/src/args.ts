import { parseArgs } from 'node:util';
import { EVENT_TYPES } from '@picasso/shared';
import type { RedriveFilter } from './filter';
import { REPLAY_SOURCES, type ReplaySelection, type ReplaySource } from './replay-source';

export const COMMANDS = ['list', 'show', 'redrive', 'status', 'cancel', 'replay'] as const;
export type Command = (typeof COMMANDS)[number];

/** Everything the command line says, validated. */
export interface CliArgs {
  command: Command;
  env: string;
  json: boolean;
  limit: number;
  filter: RedriveFilter;
  max?: number;
  rate?: number;
  dryRun: boolean;
  yes: boolean;
  loop: boolean;
  maxScan: number;
  visibilityTimeout: number;
  wait: number;
  bodyChars: number;
  taskHandle?: string;
  /** `replay list`: counts only. */
  replayList: boolean;
  /** `replay`: which source, reason or producer, and days. */
  selection: ReplaySelection;
}

/** Bad command line: the CLI prints the message and the usage, and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `usage: dlq-redrive <command> [--env local|staging|production] [flags]

commands
  list      counts of DLQ messages by event type, tenant hash, failure reason (non-destructive)
  show      a sample of DLQ messages, free text redacted       --limit N (10)
  redrive   move DLQ messages back to the events queue
              --dry-run            print what would move, change nothing
              --event-type T       only events of type T
              --tenant-hash H      only events of tenant H
              --max N              move at most N messages
              --rate N             at most N messages per second
              --loop               use receive→send→delete even where a move task would do
              --yes                do not ask for confirmation
  status    the DLQ's latest SQS message move task
  cancel    cancel a running move task                          --task-handle H
  replay list   counts of quarantined records (or spilled objects) by reason (producer) and day
  replay    re-send quarantined records (or spilled messages) to the events queue, then move
            each replayed object to quarantine-replayed/ (spill-replayed/)
              --source S           quarantine (default) or spill
              --reason R           quarantine: only reason=R (e.g. unknown_tenant)
              --producer P         spill: only spill/P/
              --from D, --to D     only UTC days D (YYYY-MM-DD) from/to, inclusive; --day D for one
              --dry-run, --event-type, --tenant-hash, --max, --rate, --yes   as for redrive

common flags
  --env E               environment (default local; names come from resourceNames(E))
  --json                machine-readable output on stdout
  --max-scan N          read at most N messages for list/show/dry run (10000)
  --visibility-timeout  seconds a message stays hidden while read or moved (60)
  --wait S              long-poll seconds per receive (1; an empty answer then means empty)
  --body-chars N        show: cut redacted bodies at N characters (240)

AWS credentials and region come from the usual AWS_* variables; AWS_ENDPOINT_URL_SQS points
the tool at the local stack.`;

function int(raw: string | undefined, name: string, fallback: number | undefined, { min = 1, max = Number.MAX_SAFE_INTEGER } = {}): number | undefined {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return n;
}

/** Parses `argv` (without node and the script). Throws `UsageError` on anything it cannot accept. */
export function parseCliArgs(argv: string[]): CliArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        env: { type: 'string', default: 'local' },
        json: { type: 'boolean', default: false },
        limit: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        'event-type': { type: 'string' },
        'tenant-hash': { type: 'string' },
        max: { type: 'string' },
        rate: { type: 'string' },
        yes: { type: 'boolean', short: 'y', default: false },
        loop: { type: 'boolean', default: false },
        'max-scan': { type: 'string' },
        'visibility-timeout': { type: 'string' },
        wait: { type: 'string' },
        'body-chars': { type: 'string' },
        'task-handle': { type: 'string' },
        source: { type: 'string' },
        reason: { type: 'string' },
        producer: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        day: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const [command, ...rest] = positionals;
  if (!command) throw new UsageError('a command is required');
  if (!(COMMANDS as readonly string[]).includes(command)) throw new UsageError(`unknown command ${JSON.stringify(command)} (one of ${COMMANDS.join(', ')})`);
  const replayList = command === 'replay' && rest[0] === 'list';
  if (rest.length > (replayList ? 1 : 0)) throw new UsageError(`unexpected argument ${JSON.stringify(rest[replayList ? 1 : 0])}`);

  const eventType = values['event-type'];
  if (eventType !== undefined && !(EVENT_TYPES as string[]).includes(eventType)) {
    throw new UsageError(`--event-type ${JSON.stringify(eventType)} is not one of ${EVENT_TYPES.join(', ')}`);
  }
  const tenantHash = values['tenant-hash'];
  if (tenantHash !== undefined && !/^[a-z0-9]{4,64}$/.test(tenantHash)) throw new UsageError(`--tenant-hash must be 4–64 lower-case letters and digits, got ${JSON.stringify(tenantHash)}`);
  let rate: number | undefined;
  if (values.rate !== undefined) {
    rate = Number(values.rate);
    // SQS caps a move task at 500 messages per second.
    if (!Number.isFinite(rate) || rate <= 0 || rate > 500) throw new UsageError(`--rate must be a number of messages per second above 0 and at most 500, got ${JSON.stringify(values.rate)}`);
  }
  if (command === 'cancel' && !values['task-handle']) throw new UsageError('cancel needs --task-handle (see `status`)');
  const redriveOnly = ['loop'] as const;
  const moving = ['dry-run', 'event-type', 'tenant-hash', 'max', 'rate', 'yes'] as const;
  const replayOnly = ['source', 'reason', 'producer', 'from', 'to', 'day'] as const;
  const given = (f: string) => values[f as keyof typeof values] !== undefined && values[f as keyof typeof values] !== false;
  if (command !== 'redrive') {
    const misplaced = redriveOnly.find(given);
    if (misplaced) throw new UsageError(`--${misplaced} only applies to redrive`);
  }
  if (command !== 'redrive' && command !== 'replay') {
    const misplaced = moving.find(given);
    if (misplaced) throw new UsageError(`--${misplaced} only applies to redrive and replay`);
  }
  if (command !== 'replay') {
    const misplaced = replayOnly.find(given);
    if (misplaced) throw new UsageError(`--${misplaced} only applies to replay`);
  }
  if (replayList) {
    const misplaced = moving.find(given);
    if (misplaced) throw new UsageError(`--${misplaced} does not apply to replay list (it only counts)`);
  }
  const selection = replaySelection(values);

  const max = int(values.max, 'max', undefined);
  return {
    command: command as Command,
    env: values.env!,
    json: values.json!,
    limit: int(values.limit, 'limit', 10, { max: 1000 })!,
    filter: { ...(eventType !== undefined ? { eventType } : {}), ...(tenantHash !== undefined ? { tenantHash } : {}) },
    ...(max !== undefined ? { max } : {}),
    ...(rate !== undefined ? { rate } : {}),
    dryRun: values['dry-run']!,
    yes: values.yes!,
    loop: values.loop!,
    maxScan: int(values['max-scan'], 'max-scan', 10000)!,
    // SQS allows a visibility timeout of at most 12 hours.
    visibilityTimeout: int(values['visibility-timeout'], 'visibility-timeout', 60, { max: 43200 })!,
    wait: int(values.wait, 'wait', 1, { min: 0, max: 20 })!,
    bodyChars: int(values['body-chars'], 'body-chars', 240, { min: 20, max: 100000 })!,
    ...(values['task-handle'] ? { taskHandle: values['task-handle'] } : {}),
    replayList,
    selection,
  };
}

function day(raw: string | undefined, name: string): string | undefined {
  if (raw === undefined) return undefined;
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(raw) && new Date(`${raw}T00:00:00Z`).toISOString().slice(0, 10) === raw;
  if (!ok) throw new UsageError(`--${name} must be a UTC day YYYY-MM-DD, got ${JSON.stringify(raw)}`);
  return raw;
}

/** `--source`, `--reason` / `--producer` and the day range, validated against the source's key layout. */
function replaySelection(values: { source?: string; reason?: string; producer?: string; from?: string; to?: string; day?: string }): ReplaySelection {
  const source = (values.source ?? 'quarantine') as ReplaySource;
  if (!(REPLAY_SOURCES as readonly string[]).includes(source)) throw new UsageError(`--source must be one of ${REPLAY_SOURCES.join(', ')}, got ${JSON.stringify(values.source)}`);
  if (values.reason !== undefined) {
    if (source !== 'quarantine') throw new UsageError('--reason applies to --source quarantine (spill has --producer)');
    if (!/^[a-z0-9_]{1,64}$/.test(values.reason)) throw new UsageError(`--reason must be a quarantine reason such as unknown_tenant, got ${JSON.stringify(values.reason)}`);
  }
  if (values.producer !== undefined) {
    if (source !== 'spill') throw new UsageError('--producer applies to --source spill');
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(values.producer)) throw new UsageError(`--producer must be a producer name (letters, digits, _ . -), got ${JSON.stringify(values.producer)}`);
  }
  if (values.day !== undefined && (values.from !== undefined || values.to !== undefined)) throw new UsageError('--day is --from D --to D; give one or the other');
  const from = day(values.day ?? values.from, values.day !== undefined ? 'day' : 'from');
  const to = day(values.day ?? values.to, values.day !== undefined ? 'day' : 'to');
  if (from && to && from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  return {
    source,
    ...(values.reason !== undefined ? { reason: values.reason } : {}),
    ...(values.producer !== undefined ? { producer: values.producer } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}
