import { randomUUID } from 'node:crypto';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { lambdaContext } from './lambda-context';

export type ScheduledHandler = (event: ScheduledEvent, context: Context) => Promise<unknown>;

export interface ScheduleOptions {
  handler: ScheduledHandler;
  ruleName: string;
  functionName: string;
  /** In AWS the rule is `cron(0 * * * ? *)`; locally a short interval. */
  intervalMs: number;
  functionTimeoutMs?: number;
  /** Fire once right away instead of after the first interval. */
  runImmediately?: boolean;
  onRun?: (result: { ok: boolean; durationMs: number; error?: Error }) => void;
}

/** The event EventBridge delivers for a scheduled rule. */
export function scheduledEvent(ruleName: string, at = new Date()): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: 'us-east-1',
    resources: [`arn:aws:events:us-east-1:000000000000:rule/${ruleName}`],
    detail: {},
  };
}

/**
 * Emulates an EventBridge schedule rule targeting a Lambda. Runs never overlap: a tick that
 * comes while the previous run is still going is skipped, as a reserved-concurrency-1 target
 * would throttle it.
 */
export class LocalSchedule {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  runs = 0;

  constructor(private readonly options: ScheduleOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.fire(), this.options.intervalMs);
    if (this.options.runImmediately) void this.fire();
  }

  /** Runs the target once now (or waits for the run in progress) and resolves when it is done. */
  async fire(): Promise<void> {
    if (this.running) return this.running;
    const started = Date.now();
    this.running = (async () => {
      try {
        await this.options.handler(scheduledEvent(this.options.ruleName), lambdaContext(this.options.functionName, this.options.functionTimeoutMs ?? 900_000));
        this.options.onRun?.({ ok: true, durationMs: Date.now() - started });
      } catch (error) {
        this.options.onRun?.({ ok: false, durationMs: Date.now() - started, error: error as Error });
      } finally {
        this.runs += 1;
        this.running = undefined;
      }
    })();
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
