import type { CliArgs } from './args';
import { EXIT, type CommandIo } from './commands';
import { describeFilter } from './filter';
import type { ReplayObjectStore, ReplayTarget } from './ports';
import { ProgressReporter, type RedriveProgress } from './progress';
import { TokenBucket, type RateLimiter } from './rate-limiter';
import { listReplayable, replay, type GroupDayCounts, type ReplayListing, type ReplayResult } from './replay';
import { describeSelection, REPLAYED_PREFIX } from './replay-source';
import { formatTable } from './summary';

export interface ReplayContext {
  store: ReplayObjectStore;
  target: ReplayTarget;
  args: CliArgs;
  io: CommandIo;
  /** Names as printed: the lake bucket and the events queue. */
  bucket: string;
  queueName: string;
  /** Override for tests: the limiter `--rate` builds. */
  limiter?: RateLimiter;
  signal?: AbortSignal;
}

function groupDayTable(groupTitle: string, counts: GroupDayCounts, countTitle: string): string {
  const rows = Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([group, byDay]) =>
      Object.entries(byDay)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([day, n]) => [group, day, n]),
    );
  return formatTable([groupTitle, 'day', countTitle], rows);
}

const countLines = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `  ${n}  ${k}`);

function formatListing(listing: ReplayListing, ctx: ReplayContext): string {
  const group = listing.source === 'quarantine' ? 'reason' : 'producer';
  const lines = [
    `s3://${ctx.bucket}/${describeSelection(ctx.args.selection)}: ${listing.pending} pending object(s)${listing.source === 'quarantine' ? ' (one record each)' : ''}; ${listing.replayed} already replayed (under ${REPLAYED_PREFIX[listing.source]})`,
  ];
  if (listing.pending) lines.push('', groupDayTable(group, listing.pendingByGroupDay, 'pending'));
  if (listing.replayed) lines.push('', groupDayTable(group, listing.replayedByGroupDay, 'replayed'));
  if (listing.unrecognised) lines.push('', `${listing.unrecognised} key(s) under ${listing.prefix} are not in the ${listing.source} layout and are never replayed`);
  return lines.join('\n');
}

function formatResult(result: ReplayResult, ctx: ReplayContext): string {
  const dry = result.mode === 'dry-run';
  const filter = describeFilter(ctx.args.filter);
  const lines = [
    `${dry ? 'would send' : 'sent'} ${result.sent} message(s) from s3://${ctx.bucket}/${describeSelection(ctx.args.selection)} to ${ctx.queueName} (${filter}${dry ? '; dry run, nothing changed' : ''})`,
    `${dry ? 'would move' : 'moved'} ${result.objectsMarked} of ${result.objects} object(s) read to ${REPLAYED_PREFIX[result.source]}`,
  ];
  const skipped = countLines(result.skippedObjects);
  if (skipped.length) lines.push(`not replayable, left in place:`, ...skipped);
  const invalid = countLines(result.stillInvalid);
  if (invalid.length) lines.push(`not sent, the processor would quarantine them again (fix the cause, or update this checkout to the deployed schemas):`, ...invalid);
  if (result.filteredOut) lines.push(`outside the filter, not sent: ${result.filteredOut}`);
  if (result.failedSends) lines.push(`failed to send: ${result.failedSends} message(s); their objects stay pending, run again once the cause is fixed`);
  if (result.sentNotMarked) {
    lines.push(`sent but not moved: ${result.sentNotMarked} object(s); they stay pending and a rerun sends them again (counted once: every query dedupes on event_id)`);
  }
  if (result.partial) lines.push(`partly sent, left pending: ${result.partial} object(s) (a rerun sends their sent bodies again, counted once)`);
  if (result.truncated) lines.push(`stopped at --max-scan objects; run again for the rest`);
  if (result.aborted) lines.push(`stopped early: ${result.aborted}`);
  if (result.sent) {
    lines.push('', groupDayTable(result.source === 'quarantine' ? 'reason' : 'producer', result.sentByGroupDay, dry ? 'would send' : 'sent'));
    lines.push('', formatTable(['event type', dry ? 'would send' : 'sent'], Object.entries(result.sentByEventType).sort((a, b) => b[1] - a[1])));
    lines.push('', formatTable(['tenant hash', dry ? 'would send' : 'sent'], Object.entries(result.sentByTenant).sort((a, b) => b[1] - a[1])));
  }
  return lines.join('\n');
}

/** `replay list`, `replay --dry-run` and `replay`: returns the process exit code. */
export async function runReplayCommand(ctx: ReplayContext): Promise<number> {
  const { args, io } = ctx;
  if (args.replayList) {
    const listing = await listReplayable(ctx.store, args.selection);
    io.out(args.json ? JSON.stringify({ bucket: ctx.bucket, ...listing }) : formatListing(listing, ctx));
    return EXIT.ok;
  }
  const plan = `replay ${describeFilter(args.filter)} of s3://${ctx.bucket}/${describeSelection(args.selection)} to ${ctx.queueName} [${args.env}]${args.rate !== undefined ? ` at ${args.rate}/s` : ''}${args.max !== undefined ? `, at most ${args.max}` : ''}`;
  if (!args.dryRun && !args.yes) {
    if (!io.confirm) {
      io.err.write(`refusing to ${plan} without confirmation: add --yes (or run it in a terminal), or try --dry-run first\n`);
      return EXIT.refused;
    }
    if (!(await io.confirm(`${plan}. Proceed?`))) {
      io.err.write('nothing sent\n');
      return EXIT.refused;
    }
  }
  const reporter = new ProgressReporter(io.err, undefined, undefined, 'sent');
  let last: RedriveProgress = { moved: 0, skipped: 0, failed: 0 };
  const limiter = args.rate !== undefined ? (ctx.limiter ?? new TokenBucket({ ratePerSecond: args.rate })) : undefined;
  let result: ReplayResult;
  try {
    result = await replay(ctx.store, ctx.target, {
      selection: args.selection,
      filter: args.filter,
      dryRun: args.dryRun,
      ...(args.max !== undefined ? { max: args.max } : {}),
      ...(limiter ? { limiter } : {}),
      maxObjects: args.maxScan,
      maxErrors: 10,
      onProgress: (p) => {
        last = p;
        if (!args.dryRun) reporter.update(p);
      },
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
  } finally {
    if (!args.dryRun) reporter.finish(last);
  }
  io.out(args.json ? JSON.stringify({ env: args.env, bucket: ctx.bucket, queue: ctx.queueName, selection: args.selection, filter: args.filter, ...result }) : formatResult(result, ctx));
  return result.aborted || result.failedSends || result.sentNotMarked ? EXIT.incomplete : EXIT.ok;
}
