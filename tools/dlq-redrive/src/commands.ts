import { describeMessage, type MessageFacts } from './classify';
import type { CliArgs } from './args';
import { describeFilter, isUnfiltered } from './filter';
import { MoveTaskUnsupportedError, type RedriveQueuePort } from './ports';
import { ProgressReporter, type ProgressSink } from './progress';
import { TokenBucket, type RateLimiter } from './rate-limiter';
import { redrive, type RedriveResult } from './redrive';
import { safeBodyPreview } from './safe-body';
import { scanDeadLetterQueue } from './scan';
import { formatAge, formatRedriveResult, formatSummary, formatTable, summarise, type DlqSummary } from './summary';

/** Where a command writes: results on `out` (stdout), progress and notes on `err` (stderr). */
export interface CommandIo {
  out(text: string): void;
  err: ProgressSink;
  /** Asks a yes/no question on the terminal; absent when there is no terminal to ask. */
  confirm?(question: string): Promise<boolean>;
}

export interface CommandContext {
  port: RedriveQueuePort;
  args: CliArgs;
  io: CommandIo;
  /** Queue names as printed (the URLs carry account ids nobody needs to read). */
  dlqName: string;
  sourceName: string;
  now?: () => Date;
  /** Overrides for tests: the limiter `--rate` builds, and the sleep between move-task polls. */
  limiter?: RateLimiter;
  sleep?: (ms: number) => Promise<void>;
  /** Aborted on Ctrl-C: a redrive stops cleanly. */
  signal?: AbortSignal;
}

/** Exit codes: 0 done, 1 the redrive left work undone, 3 refused without confirmation. */
export const EXIT = { ok: 0, incomplete: 1, usage: 2, refused: 3 } as const;

/** Runs one command and returns the process exit code. */
export async function runCommand(ctx: CommandContext): Promise<number> {
  switch (ctx.args.command) {
    case 'list':
      return list(ctx);
    case 'show':
      return show(ctx);
    case 'redrive':
      return runRedrive(ctx);
    case 'status':
      return status(ctx);
    case 'cancel':
      return cancel(ctx);
    case 'replay':
      // cli.ts runs replay through runReplayCommand: it reads the lake bucket, not the DLQ.
      throw new Error('replay is run by runReplayCommand');
  }
}

async function readFacts(ctx: CommandContext, maxMessages: number): Promise<{ facts: MessageFacts[]; bodies: string[]; truncated: boolean }> {
  const now = (ctx.now ?? (() => new Date()))();
  const { messages, truncated } = await scanDeadLetterQueue(ctx.port, {
    maxMessages,
    visibilityTimeoutSeconds: ctx.args.visibilityTimeout,
    waitTimeSeconds: ctx.args.wait,
  });
  return { facts: messages.map((m) => describeMessage(m, now)), bodies: messages.map((m) => m.body), truncated };
}

async function list(ctx: CommandContext): Promise<number> {
  const { facts, truncated } = await readFacts(ctx, ctx.args.maxScan);
  const summary: DlqSummary = summarise(facts);
  if (ctx.args.json) ctx.io.out(JSON.stringify({ queue: ctx.dlqName, truncated, ...summary }));
  else ctx.io.out(formatSummary(summary, { queueName: ctx.dlqName, truncated }));
  return EXIT.ok;
}

async function show(ctx: CommandContext): Promise<number> {
  const { facts, bodies } = await readFacts(ctx, ctx.args.limit);
  const rows = facts.map((f, i) => ({ ...f, body: safeBodyPreview(bodies[i]!, ctx.args.bodyChars) }));
  if (ctx.args.json) {
    ctx.io.out(JSON.stringify({ queue: ctx.dlqName, messages: rows }));
    return EXIT.ok;
  }
  if (!rows.length) {
    ctx.io.out(`${ctx.dlqName}: empty`);
    return EXIT.ok;
  }
  const table = formatTable(
    ['#', 'message id', 'event type', 'tenant hash', 'sent', 'age', 'receives', 'reason'],
    rows.map((r, i) => [i + 1, r.messageId, r.eventType, r.tenantHash, r.sentAt ?? '?', r.ageSeconds !== undefined ? formatAge(r.ageSeconds) : '?', r.receiveCount, r.reason]),
  );
  const bodyLines = rows.map((r, i) => `${String(i + 1).padEnd(String(rows.length).length)}  ${r.body}`).join('\n');
  ctx.io.out(`${ctx.dlqName}: a sample of ${rows.length} message(s)\n\n${table}\n\nbodies (free text redacted)\n${bodyLines}`);
  return EXIT.ok;
}

function plan(ctx: CommandContext): string {
  const { args } = ctx;
  const how =
    isUnfiltered(args.filter) && args.max === undefined && !args.loop
      ? 'an SQS message move task (the loop where the endpoint has none)'
      : 'the receive → send → delete loop';
  const limits = [args.max !== undefined ? `at most ${args.max}` : '', args.rate !== undefined ? `${args.rate}/s` : ''].filter(Boolean).join(', ');
  return `redrive ${describeFilter(args.filter)}${limits ? ` (${limits})` : ''} from ${ctx.dlqName} to ${ctx.sourceName} [${args.env}] using ${how}`;
}

async function runRedrive(ctx: CommandContext): Promise<number> {
  const { args, io } = ctx;
  if (!args.dryRun && !args.yes) {
    const question = `${plan(ctx)}. Proceed?`;
    if (!io.confirm) {
      io.err.write(`refusing to ${plan(ctx)} without confirmation: add --yes (or run it in a terminal), or try --dry-run first\n`);
      return EXIT.refused;
    }
    if (!(await io.confirm(question))) {
      io.err.write('nothing moved\n');
      return EXIT.refused;
    }
  }
  const reporter = new ProgressReporter(io.err);
  let last = { moved: 0, skipped: 0, failed: 0 } as Parameters<ProgressReporter['update']>[0];
  const limiter = args.rate !== undefined ? (ctx.limiter ?? new TokenBucket({ ratePerSecond: args.rate })) : undefined;
  let result: RedriveResult;
  try {
    result = await redrive(ctx.port, {
      filter: args.filter,
      ...(args.max !== undefined ? { max: args.max } : {}),
      ...(args.rate !== undefined ? { ratePerSecond: args.rate } : {}),
      ...(limiter ? { limiter } : {}),
      dryRun: args.dryRun,
      forceLoop: args.loop,
      visibilityTimeoutSeconds: args.visibilityTimeout,
      waitTimeSeconds: args.wait,
      maxScan: args.maxScan,
      maxErrors: 10,
      onProgress: (p) => {
        last = p;
        reporter.update(p);
      },
      onFallback: (reason) => io.err.write(`${reason}; falling back to the receive → send → delete loop\n`),
      ...(ctx.sleep ? { sleep: ctx.sleep } : {}),
      ...(ctx.now ? { now: ctx.now } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
  } finally {
    if (!args.dryRun) reporter.finish(last);
  }
  const context = { dlqName: ctx.dlqName, sourceName: ctx.sourceName, filter: describeFilter(args.filter) };
  if (args.json) io.out(JSON.stringify({ env: args.env, dlq: ctx.dlqName, source: ctx.sourceName, filter: args.filter, ...result }));
  else io.out(formatRedriveResult(result, context));
  return result.aborted || result.failedSends || result.sentNotDeleted ? EXIT.incomplete : EXIT.ok;
}

async function status(ctx: CommandContext): Promise<number> {
  let task;
  try {
    task = await ctx.port.latestMoveTask();
  } catch (error) {
    if (!(error instanceof MoveTaskUnsupportedError)) throw error;
    ctx.io.out(ctx.args.json ? JSON.stringify({ queue: ctx.dlqName, task: null, supported: false }) : `${ctx.dlqName}: this endpoint has no message move tasks (${error.message})`);
    return EXIT.ok;
  }
  if (ctx.args.json) ctx.io.out(JSON.stringify({ queue: ctx.dlqName, task: task ?? null }));
  else if (!task) ctx.io.out(`${ctx.dlqName}: no message move task`);
  else {
    ctx.io.out(
      `${ctx.dlqName}: move task ${task.taskHandle ?? ''} ${task.status}, ${task.moved}${task.toMove !== undefined ? `/${task.toMove}` : ''} moved${task.failureReason ? ` (${task.failureReason})` : ''}`,
    );
  }
  return EXIT.ok;
}

async function cancel(ctx: CommandContext): Promise<number> {
  const moved = await ctx.port.cancelMoveTask(ctx.args.taskHandle!);
  ctx.io.out(ctx.args.json ? JSON.stringify({ cancelled: ctx.args.taskHandle, moved }) : `cancelling move task; ${moved} message(s) had moved`);
  return EXIT.ok;
}
